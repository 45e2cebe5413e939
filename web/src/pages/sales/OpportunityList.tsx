import { Anchor, Select, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { MoreButton, after, usePaged } from "../../api/paging";
import { STAGES, useApi, type Stage } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";
import { closeFrom } from "./opportunities";

/** The pipeline as a table: by stage (the API's stage index) or, with "only mine", the owner's deals of every
 * stage, both by expected close and paged with the API's cursor. */
export function OpportunityList({ owner }: { owner: string | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const [stage, setStage] = useState<Stage>("negotiation");
  const list = usePaged(["opportunities", "list", owner, owner ? null : stage], async (cursor) => {
    const from = owner ? undefined : closeFrom(stage);
    const filter = owner ? { owner } : { stage, ...(from ? { close_from: from } : {}) };
    const query = { ...filter, limit: 25, ...after(cursor) };
    return unwrap(await api.GET("/opportunities", { params: { query } }));
  });
  const rows = list.rows;
  return (
    <Stack>
      {!owner && (
        <Select label={t("pipeline.stage")} value={stage} allowDeselect={false} maw={260}
          data={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} onChange={(s) => s && setStage(s as Stage)} />
      )}
      <Table.ScrollContainer minWidth={720}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("pipeline.name")}</Table.Th>
              <Table.Th>{t("pipeline.stage")}</Table.Th>
              <Table.Th>{t("pipeline.amount")}</Table.Th>
              <Table.Th>{t("pipeline.weighted")}</Table.Th>
              <Table.Th>{t("pipeline.closeDate")}</Table.Th>
              <Table.Th>{t("customers.owner")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((o) => (
              <Table.Tr key={o.opportunity_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/customers/${o.customer_id}`}>
                    {o.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {t(`stage.${o.stage}`)} ({o.probability} %)
                </Table.Td>
                <Table.Td>
                  {o.amount} {o.currency}
                </Table.Td>
                <Table.Td>
                  {o.weighted_amount} {o.currency}
                </Table.Td>
                <Table.Td>{o.expected_close}</Table.Td>
                <Table.Td>{o.owner}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && <Text>{t("pipeline.none")}</Text>}
      <MoreButton paged={list} />
      <ErrorNotice error={list.error} />
    </Stack>
  );
}
