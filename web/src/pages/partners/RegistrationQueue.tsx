import { Anchor, Badge, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

const STATUSES = ["submitted", "approved", "rejected", "converted", "expired"] as const;
type Status = (typeof STATUSES)[number];

/** Deal registrations by status; the queue to decide is "submitted", conflicts counted on each. */
export function RegistrationQueue() {
  const { t } = useTranslation();
  const api = useApi();
  const [status, setStatus] = useState<Status>("submitted");
  const list = useQuery({
    queryKey: ["deal-registrations", status],
    queryFn: async () => unwrap(await api.GET("/deal-registrations", { params: { query: { status, limit: 50 } } })).items,
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("prm.queue")}
      </Title>
      <Select label={t("prm.status")} value={status} allowDeselect={false} maw={220} onChange={(s) => s && setStatus(s as Status)}
        data={STATUSES.map((s) => ({ value: s, label: t(`prm.s.${s}`) }))} />
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("prm.company")}</Table.Th>
              <Table.Th>{t("prm.partner")}</Table.Th>
              <Table.Th>{t("prm.value")}</Table.Th>
              <Table.Th>{t("prm.conflicts")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data ?? []).map((r) => (
              <Table.Tr key={r.registration_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/registrations/${r.registration_id}`}>
                    {r.company}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.partner_id}</Table.Td>
                <Table.Td>{r.expected_value} {r.currency}</Table.Td>
                <Table.Td>{r.conflicts.length ? <Badge color="red.9">{r.conflicts.length}</Badge> : "–"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && list.data.length === 0 && <Text>{t("prm.none")}</Text>}
      <ErrorNotice error={list.error} />
    </Stack>
  );
}
