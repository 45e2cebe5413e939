import { Badge, Button, Card, Group, List, SimpleGrid, Slider, Stack, Table, Text, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";
import { CRITERIA, normalised, type Criterion } from "./purchasing";

type Ranked = components["schemas"]["RankedOffer"];
const PARTS = ["goods", "freight", "duties", "expected_lateness", "expected_defects"] as const;

/** The offer comparison as a buyer decides with it: the API ranks the valid offers by the weights (moved with
 * the sliders, ranked again by the API, nothing saved); each offer's total cost of ownership in its parts with
 * the API's explanations; the cheapest unit price per item marked; expired offers apart; award → PO. */
export function Comparison({ rfqId, open, mayAward }: { rfqId: string; open: boolean; mayAward: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [percent, setPercent] = useState<Record<Criterion, number> | null>(null);
  const [settled] = useDebouncedValue(percent, 300); // ask the API once the sliders rest
  const [key] = useState(() => crypto.randomUUID());
  const weights = settled ? normalised(settled) : null;
  const comparison = useQuery({
    queryKey: ["comparison", rfqId, weights],
    placeholderData: (previous) => previous,
    queryFn: async () =>
      unwrap(await api.GET("/rfqs/{rfq_id}/comparison", { params: { path: { rfq_id: rfqId }, query: weights ?? {} } })),
  });
  const award = useMutation({
    mutationFn: async (supplierId: string) =>
      unwrap(
        await api.POST("/rfqs/{rfq_id}/award", {
          params: { path: { rfq_id: rfqId }, header: { "Idempotency-Key": key } },
          body: { supplier_id: supplierId, expected_date: null },
        }),
      ),
    onSuccess: (po) => navigate(`/purchase-orders/${po.po_id}`),
  });
  if (!comparison.data) return <ErrorNotice error={comparison.error} />;
  const c = comparison.data;
  const current: Record<Criterion, number> =
    percent ?? (Object.fromEntries(CRITERIA.map((k) => [k, Math.round(Number(c.weights[k]) * 100)])) as Record<Criterion, number>);
  const cheapestFor = (supplierId: string) =>
    Object.entries(c.cheapest_unit_prices ?? {}).filter(([, s]) => s === supplierId).map(([sku]) => sku);
  return (
    <Stack>
      <Card withBorder>
        <Title order={2} size="h4">
          {t("srm.weights")}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 4 }} mt="xs">
          {CRITERIA.map((k) => (
            <div key={k}>
              <Text size="sm" id={`weight-${k}`}>
                {t(`srm.crit.${k}`)}: {c.weights[k]}
              </Text>
              <Slider aria-labelledby={`weight-${k}`} thumbLabel={t(`srm.crit.${k}`)} min={0} max={100} step={5} value={current[k]}
                onChange={(v) => setPercent({ ...current, [k]: v })} label={(v) => `${v}`} />
            </div>
          ))}
        </SimpleGrid>
        {percent && (
          <Button variant="subtle" size="xs" mt="xs" onClick={() => setPercent(null)}>
            {t("srm.rfqWeights")}
          </Button>
        )}
      </Card>
      <ErrorNotice error={comparison.error ?? award.error} />
      {c.ranking.map((r) => (
        <Offer key={r.supplier_id} ranked={r} currency={c.currency} cheapest={cheapestFor(r.supplier_id)}
          award={open && mayAward ? () => award.mutate(r.supplier_id) : null} busy={award.isPending} />
      ))}
      {c.expired_offers.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h5">
            {t("srm.expired")}
          </Title>
          {c.expired_offers.map((e) => (
            <Text key={e.supplier_id}>{t("srm.expiredOffer", { supplier: e.supplier_id, date: e.valid_until })}</Text>
          ))}
        </Card>
      )}
    </Stack>
  );
}

function Offer({ ranked: r, currency, cheapest, award, busy }: {
  ranked: Ranked;
  currency: string;
  cheapest: string[];
  award: (() => void) | null;
  busy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section" aria-label={t("srm.rankOf", { rank: r.rank, name: r.supplier_name })}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t("srm.rankOf", { rank: r.rank, name: r.supplier_name })}
        </Title>
        <Group>
          {cheapest.length > 0 && <Badge color="teal.9">{t("srm.cheapestFor", { skus: cheapest.join(", ") })}</Badge>}
          <Badge variant="outline">{t("srm.score", { score: r.total_score })}</Badge>
          {award && (
            <Button size="xs" onClick={award} loading={busy}>
              {t("srm.award")}
            </Button>
          )}
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={480} mt="xs">
        <Table>
          <Table.Thead>
            <Table.Tr>
              {PARTS.map((p) => (
                <Table.Th key={p}>{t(`srm.part.${p}`)}</Table.Th>
              ))}
              <Table.Th>{t("srm.tco")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              {PARTS.map((p) => (
                <Table.Td key={p}>{r.components[p]}</Table.Td>
              ))}
              <Table.Td fw={700} data-tco={r.tco}>
                {r.tco} {currency}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <List size="sm" mt="xs" aria-label={t("srm.why", { name: r.supplier_name })}>
        {r.explanation.map((e) => (
          <List.Item key={e}>{e}</List.Item>
        ))}
      </List>
    </Card>
  );
}
