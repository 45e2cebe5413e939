import { Anchor, Badge, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { MoreButton, after, usePaged } from "../../api/paging";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

const STATUSES = ["open", "partially_received", "received", "cancelled"] as const;
type Status = (typeof STATUSES)[number];

/** Purchase orders by status; each opens to its lines and the delivery form. */
export function PurchaseOrders() {
  const { t } = useTranslation();
  const api = useApi();
  const [status, setStatus] = useState<Status>("open");
  const list = usePaged(["purchase-orders", status], async (cursor) =>
      unwrap(await api.GET("/purchase-orders", { params: { query: { status, limit: 25, ...after(cursor) } } })));
  const rows = list.rows;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("nav.purchaseOrders")}
      </Title>
      <Select label={t("srm.status")} value={status} allowDeselect={false} maw={240} onChange={(s) => s && setStatus(s as Status)}
        data={STATUSES.map((s) => ({ value: s, label: t(`srm.poStatus.${s}`) }))} />
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("srm.po")}</Table.Th>
              <Table.Th>{t("srm.supplier")}</Table.Th>
              <Table.Th>{t("srm.orderDate")}</Table.Th>
              <Table.Th>{t("srm.total")}</Table.Th>
              <Table.Th>{t("srm.status")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p) => (
              <Table.Tr key={p.po_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/purchase-orders/${p.po_id}`}>
                    {p.po_id}
                  </Anchor>
                </Table.Td>
                <Table.Td>{p.supplier_id}</Table.Td>
                <Table.Td>{p.order_date}</Table.Td>
                <Table.Td>{p.total} {p.currency}</Table.Td>
                <Table.Td>
                  <Badge variant="outline">{t(`srm.poStatus.${p.status}`)}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && <Text>{t("srm.noPos")}</Text>}
      <MoreButton paged={list} />
      <ErrorNotice error={list.error} />
    </Stack>
  );
}
