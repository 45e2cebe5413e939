import { ActionIcon, Button, Card, Group, NumberInput, Select, Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";

import { unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import { ErrorNotice } from "./ErrorNotice";

interface Line {
  sku: string | null;
  quantity: number | string;
}

/** An order for a customer: products and quantities only; the API prices every line (the console never does).
 * One Idempotency-Key per form, so a double click or a retry places one order. */
export function NewOrder() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const customerId = params.get("customer_id") ?? "";
  const [lines, setLines] = useState<Line[]>([{ sku: null, quantity: 1 }]);
  const [currency, setCurrency] = useState("EUR");
  const [key] = useState(() => crypto.randomUUID());
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const products = useQuery({
    queryKey: ["products"],
    queryFn: async () => unwrap(await api.GET("/products", { params: { query: { limit: 100 } } })).items,
  });
  const options = (products.data ?? []).map((p) => ({ value: p.sku, label: `${p.sku} · ${p.name}` }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const order = unwrap(
        await api.POST("/orders", {
          params: { header: { "Idempotency-Key": key } },
          body: {
            customer_id: customerId,
            currency,
            status: "placed",
            lines: lines.filter((l) => l.sku).map((l) => ({ sku: l.sku ?? "", quantity: String(l.quantity) })),
            campaign_id: null,
            notes: null,
            partner_id: null,
          },
        }),
      );
      navigate(`/orders/${order.order_id}`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const setLine = (i: number, change: Partial<Line>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...change } : l)));
  return (
    <Card withBorder component="form" onSubmit={submit} maw={720}>
      <Stack>
        <Title order={1} size="h2">
          {t("order.new")}
        </Title>
        {lines.map((line, i) => (
          <Group key={i} align="end">
            <Select label={t("order.product", { n: i + 1 })} searchable data={options} value={line.sku}
              onChange={(sku) => setLine(i, { sku })} />
            <NumberInput label={t("order.quantity", { n: i + 1 })} min={1} value={line.quantity}
              onChange={(quantity) => setLine(i, { quantity })} />
            {lines.length > 1 && (
              <ActionIcon variant="default" size="lg" aria-label={t("order.removeLine", { n: i + 1 })}
                onClick={() => setLines(lines.filter((_, j) => j !== i))}>
                ×
              </ActionIcon>
            )}
          </Group>
        ))}
        <Group>
          <Button variant="default" onClick={() => setLines([...lines, { sku: null, quantity: 1 }])}>
            {t("order.addLine")}
          </Button>
          <Select label={t("quote.currency")} value={currency} allowDeselect={false} onChange={(c) => setCurrency(c ?? "EUR")}
            data={["EUR", "USD", "GBP", "PLN"]} />
        </Group>
        <ErrorNotice error={failure} />
        <Button type="submit" loading={busy} disabled={!lines.some((l) => l.sku)}>
          {t("order.place")}
        </Button>
      </Stack>
    </Card>
  );
}
