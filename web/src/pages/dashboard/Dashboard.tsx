import "@mantine/charts/styles.css";

import { BarChart, LineChart } from "@mantine/charts";
import { Anchor, Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";
import { Insights } from "./Insights";
import { RfmGrid } from "./RfmGrid";
import { Section } from "./Section";
import { TeamActivity } from "./TeamActivity";

type Board = components["schemas"]["Dashboard"];
const rows = <T extends object>(xs: T[]) => xs as unknown as Record<string, unknown>[];

/** The managers' dashboard: the analytical CRM's latest figures, as the report job computed them, each with
 * the run it comes from and its numbers a click away; an at-risk customer opens their 360. */
export function Dashboard() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const board = useQuery({
    queryKey: ["dashboard"],
    queryFn: async () => unwrap(await api.GET("/analytics/dashboard")),
  });
  if (board.error) return <ErrorNotice error={board.error} />;
  if (!board.data) return <Text aria-busy="true">…</Text>;
  const b = board.data;
  const money = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 });
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("dash.title")}
      </Title>
      <Text>{t("dash.period", { period: t(`dash.p.${b.period}`, { defaultValue: b.period }), start: b.start, end: b.end, at: b.generated_at })}</Text>
      {b.notes.map((n) => (
        <Text key={n} size="sm">
          {n}
        </Text>
      ))}
      <Headline board={b} money={money} />
      <Trend board={b} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Section id="segments" title={t("dash.segments")} run={b.runs["rfm"]} rows={rows(b.tables.segments)}
          chart={<BarChart h={240} data={rows(b.tables.segments)} dataKey="segment" role="img" aria-label={t("dash.segments")}
            series={[{ name: "before", label: t("dash.before"), color: "gray.7" }, { name: "now", label: t("dash.now"), color: "blue.9" }]} />}
          columns={[{ key: "segment", label: t("c360.segment") }, { key: "now", label: t("dash.now") }, { key: "before", label: t("dash.before") },
            { key: "revenue", label: t("dash.segmentRevenue") }]} />
        <Section id="clv_bands" title={t("dash.clv")} run={b.runs["ltv"]} rows={rows(b.tables.clv_bands)}
          chart={<BarChart h={240} data={rows(b.tables.clv_bands)} dataKey="band" role="img" aria-label={t("dash.clv")}
            series={[{ name: "customers", label: t("dash.customers"), color: "teal.9" }]} />}
          columns={[{ key: "band", label: t("dash.band") }, { key: "customers", label: t("dash.customers") }, { key: "clv", label: t("dash.clvSum") }]} />
      </SimpleGrid>
      <RfmGrid board={b} />
      <Section id="segment_movements" title={t("dash.movements")} run={b.runs["rfm"]} rows={rows(b.tables.segment_movements)}
        columns={[{ key: "from_segment", label: t("dash.from") }, { key: "to_segment", label: t("dash.to") }, { key: "customers", label: t("dash.customers") }]} />
      <Section id="at_risk_customers" title={t("dash.atRisk")} run={b.runs["customer_value"]} rows={rows(b.tables.at_risk_customers)}
        columns={[
          { key: "name", label: t("dash.customer"), render: (r) => (
            <Anchor component={Link} to={`/customers/${String(r["customer_id"])}`}>{String(r["name"] || r["customer_id"])}</Anchor>) },
          { key: "churn_risk", label: t("c360.churn") },
          { key: "clv", label: t("c360.clv") },
          { key: "revenue", label: t("c360.revenue") },
          { key: "last_order_at", label: t("dash.lastOrder") },
        ]} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Section id="suppliers" title={t("dash.suppliers")} run={b.generated_at.slice(0, 10)} rows={rows(b.tables.suppliers)}
          columns={[{ key: "name", label: t("srm.supplier") }, { key: "otif_pct", label: t("srm.otif") }, { key: "defect_ppm", label: t("srm.defects") },
            { key: "otif_trend", label: t("dash.trend") }]} />
        <Section id="partners" title={t("dash.partners")} run={b.generated_at.slice(0, 10)} rows={rows(b.tables.partners)}
          columns={[{ key: "rank", label: "#" }, { key: "name", label: t("prm.partner") }, { key: "revenue_eur", label: t("prm.revenueEur") },
            { key: "orders", label: t("prm.orders") }]} />
      </SimpleGrid>
      <Insights board={b} />
      <TeamActivity />
    </Stack>
  );
}

function Headline({ board: b, money }: { board: Board; money: Intl.NumberFormat }) {
  const { t } = useTranslation();
  const h = b.headline;
  const change = (v: number | null | undefined) => (v === null || v === undefined ? "" : ` (${v > 0 ? "+" : ""}${v} %)`);
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }}>
      {(
        [
          ["revenue", `${money.format(h.revenue)} EUR`, h.revenue_change_pct],
          ["orders", String(h.orders), h.orders_change_pct],
          ["customers", String(h.customers), h.customers_change_pct],
          ["new_customers", String(h.new_customers), h.new_customers_change_pct],
        ] as const
      ).map(([key, value, pct]) => (
        <Card withBorder key={key}>
          <Text size="sm">{t(`dash.h.${key}`)}</Text>
          <Text fw={700} size="xl">
            {value}
          </Text>
          <Text size="sm">{t("dash.vsBefore", { change: change(pct) || " –" })}</Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function Trend({ board: b }: { board: Board }) {
  const { t } = useTranslation();
  const months = new Map<string, Record<string, number | string | null>>();
  for (const m of b.tables.revenue_by_month) months.set(m.month, { month: m.month, revenue: m.revenue });
  for (const f of b.tables.forecast) months.set(f.month, { ...(months.get(f.month) ?? { month: f.month }), forecast: f.revenue, low: f.low, high: f.high });
  const data = [...months.values()].sort((x, y) => String(x["month"]).localeCompare(String(y["month"])));
  return (
    <Section id="revenue_trend" title={t("dash.trendTitle")} run={b.runs["trends"]} rows={data}
      chart={<LineChart h={280} data={data} dataKey="month" role="img" aria-label={t("dash.trendTitle")} connectNulls={false}
        series={[
          { name: "revenue", label: t("dash.revenue"), color: "blue.9" },
          { name: "forecast", label: t("dash.forecast"), color: "grape.9", strokeDasharray: "5 5" },
          { name: "low", label: t("dash.low"), color: "gray.6", strokeDasharray: "2 4" },
          { name: "high", label: t("dash.high"), color: "gray.6", strokeDasharray: "2 4" },
        ]} withLegend />}
      columns={[{ key: "month", label: t("forecast.month") }, { key: "revenue", label: t("dash.revenue") }, { key: "forecast", label: t("dash.forecast") },
        { key: "low", label: t("dash.low") }, { key: "high", label: t("dash.high") }]} />
  );
}
