import { Anchor, Badge, Button, Group, Select, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { MoreButton, after, usePaged } from "../../api/paging";
import { useApi } from "../../api/hooks";
import { useSession } from "../../auth/session";
import { ErrorNotice } from "../ErrorNotice";
import { NewLead } from "./NewLead";

const STATUSES = ["new", "working", "qualified", "disqualified", "converted"] as const;
type Status = (typeof STATUSES)[number];

/** Leads of a status, best score first (the API's order), or my leads of that status, newest first. */
export function Leads() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const [status, setStatus] = useState<Status>("new");
  const [mine, setMine] = useState(false);
  const [adding, setAdding] = useState(false);
  const owner = mine ? (session.user?.email ?? "") : undefined;
  const list = usePaged(["leads", status, owner], async (cursor) => {
    const query = { status, limit: 25, ...(owner ? { owner } : {}), ...after(cursor) };
    return unwrap(await api.GET("/leads", { params: { query } }));
  });
  const rows = list.rows;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("leads.title")}
        </Title>
        <Button onClick={() => setAdding(true)}>{t("leads.new")}</Button>
      </Group>
      <Group align="end">
        <Select label={t("leads.status")} value={status} allowDeselect={false} maw={220}
          data={STATUSES.map((s) => ({ value: s, label: t(`leads.s.${s}`) }))} onChange={(s) => s && setStatus(s as Status)} />
        <Switch label={t("pipeline.mine")} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
      </Group>
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("leads.name")}</Table.Th>
              <Table.Th>{t("leads.company")}</Table.Th>
              <Table.Th>{t("leads.source")}</Table.Th>
              <Table.Th>{t("leads.score")}</Table.Th>
              <Table.Th>{t("customers.owner")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((l) => (
              <Table.Tr key={l.lead_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/leads/${l.lead_id}`}>
                    {[l.first_name, l.last_name].filter(Boolean).join(" ")}
                  </Anchor>
                </Table.Td>
                <Table.Td>{l.company ?? "–"}</Table.Td>
                <Table.Td>{t(`leads.src.${l.source}`)}</Table.Td>
                <Table.Td>
                  <Badge variant="outline">{l.grade}</Badge> {l.score}
                </Table.Td>
                <Table.Td>{l.owner ?? "–"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && <Text>{t("leads.none")}</Text>}
      <MoreButton paged={list} />
      <ErrorNotice error={list.error} />
      <NewLead opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}
