import "@mantine/charts/styles.css";

import { BarChart } from "@mantine/charts";
import { Card, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";
import { barsOf, monthOf } from "./forecast";

/** The weighted forecast per month (won + open amount × probability), as the API computes it: a stacked chart
 * with its numbers in a table under it. */
export function Forecast() {
  const { t } = useTranslation();
  const api = useApi();
  const [from, setFrom] = useState(() => monthOf(new Date()));
  const [to, setTo] = useState(() => monthOf(new Date(), 5));
  const [picked, setCurrency] = useState<string | null>(null);
  const forecast = useQuery({
    queryKey: ["forecast", from, to],
    enabled: /^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to),
    queryFn: async () => unwrap(await api.GET("/forecast", { params: { query: { from, to } } })),
  });
  const currencies = [...new Set((forecast.data?.totals ?? []).map((r) => r.currency))].sort();
  const currency = picked && currencies.includes(picked) ? picked : (currencies[0] ?? "EUR");
  const bars = barsOf(forecast.data?.totals ?? [], currency, from, to);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("forecast.title")}
      </Title>
      <Group align="end">
        <TextInput type="month" label={t("forecast.from")} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="month" label={t("forecast.to")} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Select label={t("quote.currency")} data={currencies.length ? currencies : [currency]} value={currency}
          allowDeselect={false} onChange={setCurrency} />
      </Group>
      <ErrorNotice error={forecast.error} />
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t("forecast.chart", { currency })}
        </Title>
        <BarChart h={280} data={bars.map(({ month, won, weighted }) => ({ month, won, weighted }))} dataKey="month" type="stacked" withLegend
          role="img" aria-label={t("forecast.chart", { currency })}
          series={[
            { name: "won", label: t("forecast.won"), color: "teal.8" },
            { name: "weighted", label: t("forecast.weighted"), color: "blue.8" },
          ]} />
      </Card>
      <Table.ScrollContainer minWidth={480}>
        <Table striped>
          <Table.Caption style={{ color: "var(--mantine-color-text)" }}>{t("forecast.numbers", { currency })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("forecast.month")}</Table.Th>
              <Table.Th>{t("forecast.won")}</Table.Th>
              <Table.Th>{t("forecast.weighted")}</Table.Th>
              <Table.Th>{t("forecast.total")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bars.map((b) => (
              <Table.Tr key={b.month}>
                <Table.Td>{b.month}</Table.Td>
                <Table.Td>{b.text.won}</Table.Td>
                <Table.Td>{b.text.weighted}</Table.Td>
                <Table.Td>{b.text.forecast}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {forecast.isSuccess && forecast.data.totals.length === 0 && <Text>{t("forecast.none")}</Text>}
    </Stack>
  );
}
