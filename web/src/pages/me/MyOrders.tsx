import { Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

/** The customer's orders, newest first: status, total, invoice and what is still open. */
export function MyOrders() {
  const { t } = useTranslation();
  const api = useApi();
  const orders = useQuery({ queryKey: ["my-orders"], queryFn: async () => unwrap(await api.GET("/me/orders", { params: { query: { limit: 50 } } })) });
  const items = orders.data?.items ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("me.orders")}
      </Title>
      {orders.data && items.length === 0 && <Text>{t("me.noOrders")}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={340}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("me.date")}</Table.Th>
                <Table.Th>{t("me.total")}</Table.Th>
                <Table.Th>{t("me.invoice")}</Table.Th>
                <Table.Th>{t("me.balance")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((o) => (
                <Table.Tr key={o.order_id}>
                  <Table.Td>{(o.order_date ?? o.created_at).slice(0, 10)}</Table.Td>
                  <Table.Td>
                    {o.grand_total} {o.currency}
                  </Table.Td>
                  <Table.Td>{o.invoice_number ?? "–"}</Table.Td>
                  <Table.Td>
                    {o.balance_due} {o.currency}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ErrorNotice error={orders.error} />
    </Stack>
  );
}
