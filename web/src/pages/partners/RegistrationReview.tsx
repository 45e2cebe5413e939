import { Anchor, Badge, Button, Card, Checkbox, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { useSession } from "../../auth/session";
import { mayManage } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";

/** A registration as a manager decides it: every conflict in full (which customer, deal or other partner's
 * registration, matched on what), approve (overriding conflicts knowingly) or reject with a reason. */
export function RegistrationReview() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const queries = useQueryClient();
  const [note, setNote] = useState("");
  const [override, setOverride] = useState(false);
  const reg = useQuery({
    queryKey: ["deal-registration", id],
    queryFn: async () => unwrap(await api.GET("/deal-registrations/{registration_id}", { params: { path: { registration_id: id } } })),
  });
  const done = (saved: NonNullable<typeof reg.data>) => {
    queries.setQueryData(["deal-registration", id], saved);
    void queries.invalidateQueries({ queryKey: ["deal-registrations"] });
  };
  const approve = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/deal-registrations/{registration_id}/approve", {
          params: { path: { registration_id: id } },
          body: { note: note.trim() || null, override_conflicts: override },
        }),
      ),
    onSuccess: done,
  });
  const reject = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/deal-registrations/{registration_id}/reject", { params: { path: { registration_id: id } }, body: { reason: note.trim() } })),
    onSuccess: done,
  });
  if (reg.error) return <ErrorNotice error={reg.error} />;
  if (!reg.data) return <Text aria-busy="true">…</Text>;
  const r = reg.data;
  const decides = mayManage(session.user?.groups ?? []);
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {r.company}
        </Title>
        <Badge variant="light">{t(`prm.s.${r.status}`, { defaultValue: r.status })}</Badge>
      </Group>
      <Text>
        {t("prm.byPartner", { partner: r.partner_id })} · {r.expected_value} {r.currency} · {t("prm.f.close_date")} {r.close_date}
      </Text>
      {r.protected_until && <Text>{t("prm.protectedUntil")}: {r.protected_until}</Text>}
      <Card withBorder>
        <Title order={2} size="h4">
          {t("prm.conflicts")}
        </Title>
        {r.conflicts.length === 0 && <Text>{t("prm.noConflicts")}</Text>}
        {r.conflicts.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("prm.kind")}</Table.Th>
                <Table.Th>{t("prm.matchedOn")}</Table.Th>
                <Table.Th>{t("prm.what")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.conflicts.map((c) => (
                <Table.Tr key={`${c.kind}-${c.ref_id}`}>
                  <Table.Td>{t(`prm.k.${c.kind}`, { defaultValue: c.kind })}</Table.Td>
                  <Table.Td>{c.matched_on}</Table.Td>
                  <Table.Td>
                    {c.kind === "customer" ? (
                      <Anchor component={Link} to={`/customers/${c.ref_id}`}>
                        {c.detail ?? c.ref_id}
                      </Anchor>
                    ) : (
                      [c.detail, c.partner_id ? t("prm.ofPartner", { partner: c.partner_id }) : null, c.ref_id].filter(Boolean).join(" · ")
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      {decides && r.status === "submitted" && (
        <Card withBorder>
          <TextInput label={t("prm.decisionText")} value={note} onChange={(e) => setNote(e.currentTarget.value)}
            error={fieldError(reject.error, "reason")} />
          {r.conflicts.length > 0 && (
            <Checkbox mt="sm" label={t("prm.override")} checked={override} onChange={(e) => setOverride(e.currentTarget.checked)} />
          )}
          <Group mt="sm">
            <Button onClick={() => approve.mutate()} loading={approve.isPending}>
              {t("prm.approve")}
            </Button>
            <Button variant="default" onClick={() => reject.mutate()} loading={reject.isPending}>
              {t("prm.reject")}
            </Button>
          </Group>
          <ErrorNotice error={approve.error ?? reject.error} />
        </Card>
      )}
    </Stack>
  );
}
