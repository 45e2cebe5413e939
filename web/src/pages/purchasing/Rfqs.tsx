import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { MoreButton, after, usePaged } from "../../api/paging";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

type Status = "open" | "awarded" | "cancelled";

/** RFQs by status, newest first; each opens to its offers and their comparison. */
export function Rfqs() {
  const { t } = useTranslation();
  const api = useApi();
  const [status, setStatus] = useState<Status>("open");
  const list = usePaged(["rfqs", status], async (cursor) =>
      unwrap(await api.GET("/rfqs", { params: { query: { status, limit: 25, ...after(cursor) } } })));
  const rows = list.rows;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("nav.rfqs")}
        </Title>
        <Group>
          <Button component={Link} to="/purchase-orders" variant="default">
            {t("nav.purchaseOrders")}
          </Button>
          <Button component={Link} to="/rfqs/new">
            {t("srm.newRfq")}
          </Button>
        </Group>
      </Group>
      <Select label={t("srm.status")} value={status} allowDeselect={false} maw={220} onChange={(s) => s && setStatus(s as Status)}
        data={(["open", "awarded", "cancelled"] as const).map((s) => ({ value: s, label: t(`srm.rfqStatus.${s}`) }))} />
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("srm.rfqTitle")}</Table.Th>
              <Table.Th>{t("srm.deadline")}</Table.Th>
              <Table.Th>{t("srm.offers")}</Table.Th>
              <Table.Th>{t("srm.status")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.rfq_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/rfqs/${r.rfq_id}`}>
                    {r.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.deadline}</Table.Td>
                <Table.Td>{t("srm.offersOf", { n: r.offers.length, invited: r.invited.length })}</Table.Td>
                <Table.Td>
                  <Badge variant="outline">{t(`srm.rfqStatus.${r.status}`)}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && <Text>{t("srm.noRfqs")}</Text>}
      <MoreButton paged={list} />
      <ErrorNotice error={list.error} />
    </Stack>
  );
}
