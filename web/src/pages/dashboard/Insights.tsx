import { BarChart } from "@mantine/charts";
import { SimpleGrid } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Bar, CartesianGrid, ErrorBar, BarChart as ReBarChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { components } from "../../api/schema";
import { Section } from "./Section";

type Board = components["schemas"]["Dashboard"];
type Row = Record<string, unknown>;
const rows = <T extends object>(xs: T[]) => xs as unknown as Row[];

/** A share (0–1) as a percentage in the user's language; empty stays a dash. */
function usePercent() {
  const { i18n } = useTranslation();
  const format = new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 1 });
  return (key: string) => (r: Row) => (typeof r[key] === "number" ? format.format(r[key]) : "–");
}

/** The analytical jobs' findings: seasonality, basket rules and next-product coverage, price-cut effects with
 * their 95 % intervals, and campaign uplift against the holdout, each from its own job run. */
export function Insights({ board: b }: { board: Board }) {
  return (
    <>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Seasonality board={b} />
        <Coverage board={b} />
      </SimpleGrid>
      <Rules board={b} />
      <PriceEffects board={b} />
      <CampaignUplift board={b} />
    </>
  );
}

function Seasonality({ board: b }: { board: Board }) {
  const { t, i18n } = useTranslation();
  const month = new Intl.DateTimeFormat(i18n.language, { month: "short", timeZone: "UTC" });
  const data = b.tables.seasonality.map((m) => ({ ...m, label: month.format(Date.UTC(2001, m.calendar_month - 1, 1)) }));
  return (
    <Section id="seasonality" title={t("dash.season")} run={b.runs["seasonality"]} rows={rows(data)}
      chart={<BarChart h={240} data={data} dataKey="label" role="img" aria-label={t("dash.season")}
        referenceLines={[{ y: 1, label: t("dash.averageMonth"), color: "gray.7" }]}
        series={[{ name: "seasonal_index", label: t("dash.seasonIndex"), color: "indigo.9" }]} />}
      columns={[{ key: "label", label: t("forecast.month") }, { key: "seasonal_index", label: t("dash.seasonIndex") },
        { key: "observations", label: t("dash.observations") }]} />
  );
}

function Coverage({ board: b }: { board: Board }) {
  const { t } = useTranslation();
  const percent = usePercent();
  const data = b.tables.next_product_coverage.map((c) => ({ ...c, label: t(`dash.basis.${c.basis}`, { defaultValue: c.basis }) }));
  return (
    <Section id="next_product_coverage" title={t("dash.coverage")} run={b.runs["next_product"]} rows={rows(data)}
      chart={<BarChart h={240} data={data} dataKey="label" role="img" aria-label={t("dash.coverage")}
        series={[{ name: "customers", label: t("dash.customers"), color: "teal.9" }]} />}
      columns={[{ key: "label", label: t("dash.basisLabel") }, { key: "customers", label: t("dash.customers") },
        { key: "share", label: t("dash.share"), render: percent("share") }]} />
  );
}

function Rules({ board: b }: { board: Board }) {
  const { t } = useTranslation();
  const percent = usePercent();
  return (
    <Section id="basket_rules" title={t("dash.rules")} run={b.runs["basket_rules"]} rows={rows(b.tables.basket_rules)}
      columns={[{ key: "antecedent", label: t("dash.bought") }, { key: "consequent", label: t("dash.alsoBought") },
        { key: "orders_both", label: t("dash.ordersBoth") }, { key: "support", label: t("dash.support"), render: percent("support") },
        { key: "confidence", label: t("dash.confidence"), render: percent("confidence") }, { key: "lift", label: t("dash.lift") }]} />
  );
}

function PriceEffects({ board: b }: { board: Board }) {
  const { t } = useTranslation();
  const percent = usePercent();
  const withUplift = b.tables.price_effects.filter((p) => p.uplift !== null && p.uplift !== undefined);
  // recharts draws an asymmetric interval from [below, above] the bar's value, in the bar's units (percent)
  const data = withUplift.map((p) => ({
    sku: p.sku,
    uplift: Number(p.uplift) * 100,
    interval: [(Number(p.uplift) - Number(p.uplift_low)) * 100, (Number(p.uplift_high) - Number(p.uplift)) * 100],
  }));
  const chart = (
    <div role="img" aria-label={t("dash.priceChart")} style={{ width: "100%", height: 260 }}>
      <ResponsiveContainer>
        <ReBarChart data={data} margin={{ top: 10, right: 10, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="sku" fontSize={12} />
          <YAxis unit=" %" fontSize={12} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)} %`} />
          <ReferenceLine y={0} stroke="var(--mantine-color-gray-7)" />
          <Bar dataKey="uplift" name={t("dash.uplift")} fill="var(--mantine-color-orange-9)" isAnimationActive={false}>
            <ErrorBar dataKey="interval" width={6} stroke="var(--mantine-color-dark-9)" />
          </Bar>
        </ReBarChart>
      </ResponsiveContainer>
    </div>
  );
  return (
    <Section id="price_effects" title={t("dash.price")} run={b.runs["price_effect"]} rows={rows(b.tables.price_effects)} chart={chart}
      columns={[{ key: "sku", label: t("dash.sku") }, { key: "discount_weeks", label: t("dash.discountWeeks") },
        { key: "uplift", label: t("dash.uplift"), render: percent("uplift") },
        { key: "uplift_low", label: t("dash.ciLow"), render: percent("uplift_low") },
        { key: "uplift_high", label: t("dash.ciHigh"), render: percent("uplift_high") }, { key: "uplift_p", label: "p" },
        { key: "elasticity", label: t("dash.elasticity") }, { key: "elasticity_low", label: t("dash.ciLow") },
        { key: "elasticity_high", label: t("dash.ciHigh") }]} />
  );
}

function CampaignUplift({ board: b }: { board: Board }) {
  const { t } = useTranslation();
  const percent = usePercent();
  const data = b.tables.campaign_uplift.map((c) => ({
    ...c,
    label: c.name || c.campaign_id,
    mailedPct: Number(c.conversion_mailed ?? 0) * 100,
    holdoutPct: Number(c.conversion_holdout ?? 0) * 100,
  }));
  return (
    <Section id="campaign_uplift" title={t("dash.campaigns")} run={b.runs["campaign_effect"]} rows={rows(data)}
      chart={<BarChart h={240} data={data} dataKey="label" role="img" aria-label={t("dash.campaigns")} unit=" %" withLegend
        series={[{ name: "mailedPct", label: t("dash.mailed"), color: "blue.9" }, { name: "holdoutPct", label: t("dash.holdout"), color: "gray.7" }]} />}
      columns={[{ key: "label", label: t("camp.name") }, { key: "mailed", label: t("dash.mailedN") }, { key: "holdout", label: t("dash.holdoutN") },
        { key: "conversion_mailed", label: t("dash.mailed"), render: percent("conversion_mailed") },
        { key: "conversion_holdout", label: t("dash.holdout"), render: percent("conversion_holdout") },
        { key: "conversion_uplift_pts", label: t("dash.upliftPts") }, { key: "conversion_p", label: "p" },
        { key: "incremental_revenue", label: t("dash.incremental") }, { key: "revenue_p", label: t("dash.revenueP") }]} />
  );
}
