import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import { ErrorNotice } from "./ErrorNotice";
import { PricedLines } from "./LineEditor";

type Next = "placed" | "shipped" | "delivered" | "cancelled" | "returned";

/** An order as the API priced it (each line's rule and why), its totals and balance; a payment of the balance,
 * and only the status changes the API allows next. */
export function OrderView() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [paymentKey] = useState(() => crypto.randomUUID());
  const view = useQuery({
    queryKey: ["order", id],
    queryFn: async () => unwrap(await api.GET("/orders/{order_id}", { params: { path: { order_id: id } } })),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ["order", id] });
  const pay = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/orders/{order_id}/payments", {
          params: { path: { order_id: id }, header: { "Idempotency-Key": paymentKey } },
          body: { amount: view.data?.balance_due ?? "0", currency: view.data?.currency ?? "EUR", kind: "payment", method: "card", reference: null },
        }),
      ),
    onSuccess: refresh,
  });
  const move = useMutation({
    mutationFn: async (status: Next) =>
      unwrap(
        await api.POST("/orders/{order_id}/status", {
          params: { path: { order_id: id }, header: { "If-Match": `"${view.data?.version ?? 0}"` } },
          body: { status, note: null, return_reason: null, shipping_carrier: null, tracking_number: null, version: null },
        }),
      ),
    onSuccess: refresh,
  });
  if (view.error) return <ErrorNotice error={view.error} />;
  if (!view.data) return <Text aria-busy="true">…</Text>;
  const o = view.data;
  const due = Number(o.balance_due) > 0;
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {t("order.title", { number: o.invoice_number ?? o.order_id })}
        </Title>
        <Badge variant="light">{o.status}</Badge>
      </Group>
      <Text>{o.customer_name}</Text>
      <PricedLines lines={o.lines} />
      <Card withBorder>
        <Text>{t("order.totals", { net: o.net_total, tax: o.tax_total, total: o.grand_total, currency: o.currency })}</Text>
        <Text>{t("order.paid", { paid: o.paid_total, due: o.balance_due, currency: o.currency })}</Text>
        <Group mt="sm">
          {due && (
            <Button onClick={() => pay.mutate()} loading={pay.isPending}>
              {t("order.pay", { amount: o.balance_due, currency: o.currency })}
            </Button>
          )}
          {o.allowed_transitions.map((next) => (
            <Button key={next} variant="default" onClick={() => move.mutate(next as Next)} loading={move.isPending && move.variables === next}>
              {t(`order.to.${next}`)}
            </Button>
          ))}
        </Group>
        <ErrorNotice error={pay.error ?? move.error} />
      </Card>
    </Stack>
  );
}
