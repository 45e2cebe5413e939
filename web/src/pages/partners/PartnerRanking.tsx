import "@mantine/charts/styles.css";

import { BarChart } from "@mantine/charts";
import { Button, Card, Group, Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";
import { yearBack } from "../portal/PortalHome";

/** Partners ranked by the revenue attributed to them over the last 12 months, as a chart and its table. */
export function PartnerRanking() {
  const { t } = useTranslation();
  const api = useApi();
  const ranking = useQuery({
    queryKey: ["partner-ranking"],
    queryFn: async () => unwrap(await api.GET("/partners/ranking", { params: { query: yearBack() } })),
  });
  const rows = ranking.data?.partners ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("prm.ranking")}
        </Title>
        <Button component={Link} to="/registrations" variant="default">
          {t("prm.queue")}
        </Button>
      </Group>
      <ErrorNotice error={ranking.error} />
      <Card withBorder>
        <BarChart h={260} data={rows.map((r) => ({ name: r.name, revenue: Number(r.revenue_eur) }))} dataKey="name" role="img"
          aria-label={t("prm.rankingChart")} series={[{ name: "revenue", label: t("prm.revenueEur"), color: "blue.9" }]} />
      </Card>
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Caption style={{ color: "var(--mantine-color-text)" }}>{t("prm.rankingNumbers", { from: ranking.data?.from ?? "", to: ranking.data?.to ?? "" })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t("prm.partner")}</Table.Th>
              <Table.Th>{t("prm.revenueEur")}</Table.Th>
              <Table.Th>{t("prm.orders")}</Table.Th>
              <Table.Th>{t("prm.winRateTitle")}</Table.Th>
              <Table.Th>{t("prm.tierTitle")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.partner_id}>
                <Table.Td>{r.rank}</Table.Td>
                <Table.Td>{r.name} ({t(`prm.pk.${r.kind}`, { defaultValue: r.kind })})</Table.Td>
                <Table.Td>{r.revenue_eur}</Table.Td>
                <Table.Td>{r.orders}</Table.Td>
                <Table.Td>{r.win_rate_pct ?? "–"} %</Table.Td>
                <Table.Td>{t("prm.tierNow", { tier: r.tier, evaluated: r.evaluated_tier })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
