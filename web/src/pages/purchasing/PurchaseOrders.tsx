import { Anchor, Badge, Button, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

const STATUSES = ["open", "partially_received", "received", "cancelled"] as const;
type Status = (typeof STATUSES)[number];

/** Purchase orders by status; each opens to its lines and the delivery form. */
export function PurchaseOrders() {
  const { t } = useTranslation();
  const api = useApi();
  const [status, setStatus] = useState<Status>("open");
  const list = useInfiniteQuery({
    queryKey: ["purchase-orders", status],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET("/purchase-orders", { params: { query: { status, limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
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
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t("customers.more")}
        </Button>
      )}
      <ErrorNotice error={list.error} />
    </Stack>
  );
}
