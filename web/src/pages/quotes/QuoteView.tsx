import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { useSession } from "../../auth/session";
import { mayPlaceOrders } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";
import { PricedLines } from "../LineEditor";

/** A quote as the API priced it; accepting it places the order at the quoted prices (one step, idempotent). */
export function QuoteView() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const session = useSession();
  const queries = useQueryClient();
  const [key] = useState(() => crypto.randomUUID());
  const view = useQuery({
    queryKey: ["quote", id],
    queryFn: async () => unwrap(await api.GET("/quotes/{quote_id}", { params: { path: { quote_id: id } } })),
  });
  const accept = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/quotes/{quote_id}/accept", { params: { path: { quote_id: id }, header: { "Idempotency-Key": key } } })),
    onSuccess: (order) => navigate(`/orders/${order.order_id}`),
  });
  const reject = useMutation({
    mutationFn: async () => unwrap(await api.POST("/quotes/{quote_id}/reject", { params: { path: { quote_id: id } } })),
    onSuccess: (quote) => queries.setQueryData(["quote", id], quote),
  });
  if (view.error) return <ErrorNotice error={view.error} />;
  if (!view.data) return <Text aria-busy="true">…</Text>;
  const q = view.data;
  const open = q.status === "open";
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {t("quotes.title", { id: q.quote_id })}
        </Title>
        <Badge variant="light">{t(`quotes.s.${q.status}`, { defaultValue: q.status })}</Badge>
      </Group>
      <Anchor component={Link} to={`/customers/${q.customer_id}`}>
        {q.customer_name ?? t("cases.customer")}
      </Anchor>
      <Text>{t("quotes.validity", { from: q.quote_date, until: q.valid_until })}</Text>
      <PricedLines lines={q.lines} />
      <Card withBorder>
        <Text>{t("order.totals", { net: q.net_total, tax: q.tax_total, total: q.grand_total, currency: q.currency })}</Text>
        {q.order_id && (
          <Anchor component={Link} to={`/orders/${q.order_id}`}>
            {t("quotes.openOrder")}
          </Anchor>
        )}
        {open && mayPlaceOrders(session.user?.groups ?? []) && (
          <Group mt="sm">
            <Button onClick={() => accept.mutate()} loading={accept.isPending}>
              {t("quotes.accept")}
            </Button>
            <Button variant="default" onClick={() => reject.mutate()} loading={reject.isPending}>
              {t("quotes.reject")}
            </Button>
          </Group>
        )}
        <ErrorNotice error={accept.error ?? reject.error} />
      </Card>
    </Stack>
  );
}
