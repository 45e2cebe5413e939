import { Anchor, Badge, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useInterval } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import { dueIn, nextDeadline } from "./cases";
import { ErrorNotice } from "./ErrorNotice";

type Status = "new" | "open" | "pending" | "resolved";

/** The service queue as the API sorts it (soonest deadline first), with live countdowns and breach and
 * escalation badges. */
export function Cases() {
  const { t } = useTranslation();
  const api = useApi();
  const [status, setStatus] = useState<Status>("new");
  const [now, setNow] = useState(() => Date.now());
  const tick = useInterval(() => setNow(Date.now()), 30_000);
  useEffect(() => {
    tick.start();
    return tick.stop;
  }, [tick]);
  const queue = useQuery({
    queryKey: ["cases", status],
    queryFn: async () => unwrap(await api.GET("/cases", { params: { query: { status, limit: 50 } } })).items,
    refetchInterval: 30_000,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("cases.title")}
        </Title>
        <Select label={t("cases.status")} value={status} allowDeselect={false} onChange={(v) => setStatus((v ?? "new") as Status)}
          data={(["new", "open", "pending", "resolved"] as const).map((s) => ({ value: s, label: t(`cases.s.${s}`) }))} />
      </Group>
      <ErrorNotice error={queue.error} />
      {queue.isSuccess && queue.data.length === 0 && <Text>{t("cases.empty")}</Text>}
      <Table.ScrollContainer minWidth={520}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("cases.subject")}</Table.Th>
              <Table.Th>{t("cases.priority")}</Table.Th>
              <Table.Th>{t("cases.due")}</Table.Th>
              <Table.Th>{t("cases.flags")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {queue.data?.map((c) => {
              const due = dueIn(nextDeadline(c), now);
              return (
                <Table.Tr key={c.case_id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${c.case_id}`}>
                      {c.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`cases.p.${c.priority}`)}</Table.Td>
                  <Table.Td>{due.overdue ? t("cases.overdue", { by: due.text }) : t("cases.dueIn", { in: due.text })}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {(c.first_response_breached || c.resolution_breached) && <Badge color="red">{t("cases.breached")}</Badge>}
                      {c.escalation_level > 0 && <Badge color="dark" variant="outline">{t("cases.escalated", { level: c.escalation_level })}</Badge>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
