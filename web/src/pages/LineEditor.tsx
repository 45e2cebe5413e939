import { ActionIcon, Button, Group, NumberInput, Select, Stack, Table } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import type { components } from "../api/schema";

export interface Line {
  sku: string | null;
  quantity: number | string;
}

export const CURRENCIES = ["EUR", "USD", "GBP", "PLN"];

/** The lines an order or a quote asks for, as the API takes them: products and quantities, never prices. */
export const linesIn = (lines: Line[]) =>
  lines.filter((l) => l.sku).map((l) => ({ sku: l.sku ?? "", quantity: String(l.quantity) }));

/** Products and quantities of an order or a quote, and its currency: what the user chooses; the API prices it. */
export function LineEditor({ lines, onLines, currency, onCurrency }: {
  lines: Line[];
  onLines: (lines: Line[]) => void;
  currency: string;
  onCurrency: (currency: string) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const products = useQuery({
    queryKey: ["products"],
    queryFn: async () => unwrap(await api.GET("/products", { params: { query: { limit: 100 } } })).items,
  });
  const options = (products.data ?? []).map((p) => ({ value: p.sku, label: `${p.sku} · ${p.name}` }));
  const setLine = (i: number, change: Partial<Line>) => onLines(lines.map((l, j) => (j === i ? { ...l, ...change } : l)));
  return (
    <Stack>
      {lines.map((line, i) => (
        <Group key={i} align="end">
          <Select label={t("order.product", { n: i + 1 })} searchable data={options} value={line.sku}
            onChange={(sku) => setLine(i, { sku })} />
          <NumberInput label={t("order.quantity", { n: i + 1 })} min={1} value={line.quantity}
            onChange={(quantity) => setLine(i, { quantity })} />
          {lines.length > 1 && (
            <ActionIcon variant="default" size="lg" aria-label={t("order.removeLine", { n: i + 1 })}
              onClick={() => onLines(lines.filter((_, j) => j !== i))}>
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      <Group>
        <Button variant="default" onClick={() => onLines([...lines, { sku: null, quantity: 1 }])}>
          {t("order.addLine")}
        </Button>
        <Select label={t("quote.currency")} value={currency} allowDeselect={false} onChange={(c) => onCurrency(c ?? "EUR")}
          data={CURRENCIES} />
      </Group>
    </Stack>
  );
}

/** Lines as the API priced them: each line's unit price, the rule that won and why, and the gross. */
export function PricedLines({ lines }: { lines: components["schemas"]["LineOut"][] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("order.line")}</Table.Th>
            <Table.Th>{t("quote.quantity")}</Table.Th>
            <Table.Th>{t("order.unitPrice")}</Table.Th>
            <Table.Th>{t("quote.why")}</Table.Th>
            <Table.Th>{t("order.gross")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.line_no}>
              <Table.Td>{l.sku} · {l.name}</Table.Td>
              <Table.Td>{l.quantity}</Table.Td>
              <Table.Td>{l.unit_price}</Table.Td>
              <Table.Td>{l.price_explanation ?? ""}</Table.Td>
              <Table.Td>{l.gross}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
