import "@mantine/charts/styles.css";

import { LineChart } from "@mantine/charts";
import { Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";
import { RiskRegister } from "./RiskRegister";
import { CertificationBadge } from "./Suppliers";

/** One supplier: profile, certifications (lapsed ones marked), contacts, the items it supplies with an item's
 * price history, the quarterly scorecard with the OTIF trend, and the risk register. */
export function SupplierView() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const supplier = useQuery({
    queryKey: ["supplier", id],
    queryFn: async () => unwrap(await api.GET("/suppliers/{supplier_id}", { params: { path: { supplier_id: id } } })),
  });
  if (supplier.error) return <ErrorNotice error={supplier.error} />;
  if (!supplier.data) return <Text aria-busy="true">…</Text>;
  const s = supplier.data;
  return (
    <Stack>
      <Title order={1} size="h2">
        {s.name}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Text>{t("srm.country")}: {s.country} · {t("srm.currency")}: {s.currency}</Text>
          <Text>{t("srm.categories")}: {s.categories.join(", ") || "–"}</Text>
          <Text>{t("srm.paymentTerms")}: {s.payment_terms ?? "–"}</Text>
          <Group gap={4} mt="xs" role="group" aria-label={t("srm.certifications")}>
            {s.certifications.map((c) => (
              <CertificationBadge key={c.name} name={c.name} validUntil={c.valid_until ?? null} />
            ))}
          </Group>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">
            {t("srm.contacts")}
          </Title>
          {s.contacts.length === 0 && <Text>{t("c360.noContacts")}</Text>}
          {s.contacts.map((c) => (
            <Text key={c.name}>
              {c.name} {c.role ? `· ${c.role}` : ""} {c.email ? `· ${c.email}` : ""} {c.phone ? `· ${c.phone}` : ""}
            </Text>
          ))}
        </Card>
      </SimpleGrid>
      <Items supplierId={id} />
      <ScorecardCard supplierId={id} />
      <RiskRegister supplierId={id} />
    </Stack>
  );
}

function Items({ supplierId }: { supplierId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [sku, setSku] = useState<string | null>(null);
  const items = useQuery({
    queryKey: ["supplier-items", supplierId],
    queryFn: async () =>
      unwrap(await api.GET("/suppliers/{supplier_id}/items", { params: { path: { supplier_id: supplierId } } })).items,
  });
  const chosen = sku ?? items.data?.[0]?.sku ?? null;
  const history = useQuery({
    queryKey: ["supplier-prices", supplierId, chosen],
    enabled: chosen !== null,
    queryFn: async () =>
      unwrap(
        await api.GET("/suppliers/{supplier_id}/items/{sku}/prices", { params: { path: { supplier_id: supplierId, sku: chosen ?? "" } } }),
      ).items,
  });
  const points = (history.data ?? []).map((p) => ({ at: p.at.slice(0, 10), price: Number(p.unit_price), source: p.source }));
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        {t("srm.items")}
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("srm.sku")}</Table.Th>
              <Table.Th>{t("srm.unitPrice")}</Table.Th>
              <Table.Th>{t("srm.leadTime")}</Table.Th>
              <Table.Th>{t("srm.minQuantity")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(items.data ?? []).map((i) => (
              <Table.Tr key={i.sku}>
                <Table.Td>{i.sku} {i.name ? `· ${i.name}` : ""}</Table.Td>
                <Table.Td>{i.unit_price} {i.currency}</Table.Td>
                <Table.Td>{t("srm.days", { n: i.lead_time_days })}</Table.Td>
                <Table.Td>{i.min_quantity}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Select mt="sm" label={t("srm.priceHistoryOf")} value={chosen} allowDeselect={false} maw={320} onChange={setSku}
        data={(items.data ?? []).map((i) => ({ value: i.sku, label: i.sku }))} />
      <LineChart h={220} mt="sm" data={points} dataKey="at" role="img" aria-label={t("srm.priceHistory", { sku: chosen ?? "" })}
        series={[{ name: "price", label: t("srm.unitPrice"), color: "blue.9" }]} curveType="stepAfter" />
      <Text size="sm">
        {t("srm.pricePoints", { n: points.length })}: {points.map((p) => `${p.at} ${p.price} (${t(`srm.src.${p.source}`)})`).join(" · ")}
      </Text>
      <ErrorNotice error={items.error ?? history.error} />
    </Card>
  );
}

function ScorecardCard({ supplierId }: { supplierId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const card = useQuery({
    queryKey: ["scorecard", supplierId],
    queryFn: async () =>
      unwrap(await api.GET("/suppliers/{supplier_id}/scorecard", { params: { path: { supplier_id: supplierId }, query: { quarters: 4 } } })),
  });
  if (!card.data) return <ErrorNotice error={card.error} />;
  const c = card.data;
  const trend = c.quarters.map((q) => ({ quarter: q.quarter, otif: q.otif_pct === null || q.otif_pct === undefined ? null : Number(q.otif_pct) }));
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        {t("srm.scorecard", { trend: t(`srm.trend.${c.otif_trend}`) })}
      </Title>
      <LineChart h={200} mt="sm" data={trend} dataKey="quarter" role="img" aria-label={t("srm.otifChart")} connectNulls
        series={[{ name: "otif", label: t("srm.otif"), color: "teal.9" }]} yAxisProps={{ domain: [0, 100] }} />
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("srm.quarter")}</Table.Th>
              <Table.Th>{t("srm.deliveries")}</Table.Th>
              <Table.Th>{t("srm.otif")}</Table.Th>
              <Table.Th>{t("srm.onTime")}</Table.Th>
              <Table.Th>{t("srm.inFull")}</Table.Th>
              <Table.Th>{t("srm.defects")}</Table.Th>
              <Table.Th>{t("srm.spend")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.quarters.map((q) => (
              <Table.Tr key={q.quarter}>
                <Table.Td>{q.quarter}</Table.Td>
                <Table.Td>{q.deliveries}</Table.Td>
                <Table.Td>{q.otif_pct ?? "–"} %</Table.Td>
                <Table.Td>{q.on_time_pct ?? "–"} %</Table.Td>
                <Table.Td>{q.in_full_pct ?? "–"} %</Table.Td>
                <Table.Td>{q.defect_ppm ?? "–"} ppm</Table.Td>
                <Table.Td>{q.spend} {c.currency}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
