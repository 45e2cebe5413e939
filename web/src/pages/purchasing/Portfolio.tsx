import "@mantine/charts/styles.css";

import { ScatterChart } from "@mantine/charts";
import { Anchor, Badge, Card, List, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

// shade 9 (7 for grey): white text on them meets WCAG AA contrast
const QUADRANTS = { strategic: "red.9", bottleneck: "grape.9", leverage: "blue.9", "non-critical": "gray.7" } as const;

/** The Kraljic portfolio: each supplier by its share of spend (profit impact) and its risk index, in the
 * API's quadrants with the thresholds drawn; the suppliers that could become key, with the API's reasons. */
export function Portfolio() {
  const { t } = useTranslation();
  const api = useApi();
  const portfolio = useQuery({
    queryKey: ["portfolio"],
    queryFn: async () => unwrap(await api.GET("/suppliers/portfolio", { params: { query: {} } })),
  });
  if (portfolio.error) return <ErrorNotice error={portfolio.error} />;
  if (!portfolio.data) return <Text aria-busy="true">…</Text>;
  const p = portfolio.data;
  const series = (Object.keys(QUADRANTS) as (keyof typeof QUADRANTS)[]).map((q) => ({
    name: t(`srm.quadrant.${q}`),
    color: QUADRANTS[q],
    data: p.suppliers.filter((s) => s.quadrant === q).map((s) => ({ share: Number(s.spend_share_pct), risk: Number(s.risk_index) })),
  }));
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("nav.portfolio")}
      </Title>
      <Card withBorder>
        <ScatterChart h={320} data={series} dataKey={{ x: "share", y: "risk" }} withLegend role="img" aria-label={t("srm.portfolioChart")}
          labels={{ x: t("srm.spendShare"), y: t("srm.riskAxis") }}
          referenceLines={[
            { x: Number(p.impact_threshold) * 100, label: t("srm.impactThreshold"), color: "gray.7" },
            { y: Number(p.risk_threshold), label: t("srm.riskThreshold"), color: "gray.7" },
          ]} />
      </Card>
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Caption style={{ color: "var(--mantine-color-text)" }}>{t("srm.portfolioNumbers")}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("srm.supplier")}</Table.Th>
              <Table.Th>{t("srm.spendShare")}</Table.Th>
              <Table.Th>{t("srm.riskAxis")}</Table.Th>
              <Table.Th>{t("srm.otif")}</Table.Th>
              <Table.Th>{t("srm.quadrantTitle")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.suppliers.map((s) => (
              <Table.Tr key={s.supplier_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/suppliers/${s.supplier_id}`}>
                    {s.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{s.spend_share_pct} %</Table.Td>
                <Table.Td>{s.risk_index}</Table.Td>
                <Table.Td>{s.otif_pct ?? "–"} %</Table.Td>
                <Table.Td>
                  <Badge color={QUADRANTS[s.quadrant]}>{t(`srm.quadrant.${s.quadrant}`)}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Card withBorder component="section" aria-label={t("srm.keyCandidates")}>
        <Title order={2} size="h4">
          {t("srm.keyCandidates")}
        </Title>
        {p.potential_key_suppliers.length === 0 && <Text>{t("srm.noCandidates")}</Text>}
        {p.potential_key_suppliers.map((k) => (
          <div key={k.supplier_id}>
            <Anchor component={Link} to={`/suppliers/${k.supplier_id}`} fw={700}>
              {k.name}
            </Anchor>{" "}
            <Badge color={QUADRANTS[k.quadrant]}>{t(`srm.quadrant.${k.quadrant}`)}</Badge>
            <List size="sm">
              {k.reasons.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
          </div>
        ))}
      </Card>
    </Stack>
  );
}
