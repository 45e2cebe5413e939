import { Badge, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

/** One of the partner's registrations (another partner's answers 404, shown as not found). */
export function PortalRegistration() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const reg = useQuery({
    queryKey: ["partner-registration", id],
    retry: false,
    queryFn: async () => unwrap(await api.GET("/partner/registrations/{registration_id}", { params: { path: { registration_id: id } } })),
  });
  if (reg.error) return <ErrorNotice error={reg.error} />;
  if (!reg.data) return <Text aria-busy="true">…</Text>;
  const r = reg.data;
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {r.company}
        </Title>
        <Badge variant="light">{t(`prm.s.${r.status}`, { defaultValue: r.status })}</Badge>
      </Group>
      <Card withBorder>
        <Text>{t("prm.value")}: {r.expected_value} {r.currency} · {t("prm.f.close_date")}: {r.close_date}</Text>
        <Text>{t("prm.protectedUntil")}: {r.protected_until ?? "–"}</Text>
        {r.decision_note && <Text>{t("prm.decisionNote", { note: r.decision_note })}</Text>}
        {r.conflicts.length > 0 && (
          <List mt="xs" aria-label={t("prm.conflicts")}>
            {r.conflicts.map((c) => (
              <List.Item key={`${c.kind}-${c.matched_on}`}>{t("prm.conflictLine", { kind: t(`prm.k.${c.kind}`, { defaultValue: c.kind }), on: c.matched_on })}</List.Item>
            ))}
          </List>
        )}
      </Card>
    </Stack>
  );
}
