import { Button, Card, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import { unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import { ErrorNotice } from "./ErrorNotice";

/** The price for a customer, product, quantity and currency as the API's price engine gives it: the winning rule
 * and why, and every rule it considered. The console never computes a price itself. */
export function PriceQuote() {
  const { t } = useTranslation();
  const api = useApi();
  const [params] = useSearchParams();
  const [sku, setSku] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [currency, setCurrency] = useState("EUR");
  const [customerId, setCustomerId] = useState(params.get("customer_id") ?? "");
  const products = useQuery({
    queryKey: ["products"],
    queryFn: async () => unwrap(await api.GET("/products", { params: { query: { limit: 100 } } })).items,
  });
  const quote = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.GET("/price-quote", {
          params: {
            query: { sku: sku ?? "", currency, quantity: String(quantity), ...(customerId ? { customer_id: customerId } : {}) },
          },
        }),
      ),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    quote.mutate();
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("quote.title")}
      </Title>
      <Card withBorder component="form" onSubmit={submit}>
        <Group align="end" wrap="wrap">
          <Select label={t("quote.product")} searchable required value={sku} onChange={setSku}
            data={(products.data ?? []).map((p) => ({ value: p.sku, label: `${p.sku} · ${p.name}` }))} />
          <NumberInput label={t("quote.quantity")} min={1} value={quantity} onChange={setQuantity} />
          <Select label={t("quote.currency")} value={currency} allowDeselect={false}
            onChange={(c) => setCurrency(c ?? "EUR")} data={["EUR", "USD", "GBP", "PLN"]} />
          <TextInput label={t("quote.customer")} value={customerId} onChange={(e) => setCustomerId(e.currentTarget.value)} />
          <Button type="submit" loading={quote.isPending} disabled={!sku}>
            {t("quote.ask")}
          </Button>
        </Group>
      </Card>
      <ErrorNotice error={quote.error} />
      {quote.data && (
        <Card withBorder aria-live="polite">
          <Title order={2} size="h3">
            {t("quote.price", { price: quote.data.unit_price, currency: quote.data.currency })}
          </Title>
          <Text>{quote.data.explanation}</Text>
          <Text>{t("quote.net", { amount: quote.data.net_amount, currency: quote.data.currency, list: quote.data.list_price ?? "–" })}</Text>
          <Table mt="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("quote.rule")}</Table.Th>
                <Table.Th>{t("quote.applies")}</Table.Th>
                <Table.Th>{t("quote.why")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {quote.data.considered.map((r) => (
                <Table.Tr key={r.rule_id}>
                  <Table.Td>{r.rule_id}</Table.Td>
                  <Table.Td>{r.applies ? t("quote.yes") : t("quote.no")}</Table.Td>
                  <Table.Td>{r.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
