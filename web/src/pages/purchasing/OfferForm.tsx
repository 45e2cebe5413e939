import { Button, Card, Group, NumberInput, Select, SimpleGrid, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";
import { CURRENCIES } from "../LineEditor";

type Rfq = components["schemas"]["RfqOut"];
type OfferIn = components["schemas"]["OfferIn"];

interface Line {
  price: string;
  lead: number | string;
}

/** An invited supplier's offer as the buyer enters it (per line: unit price and lead time; freight, duties,
 * validity); entering it again revises it until the deadline. */
export function OfferForm({ rfq }: { rfq: Rfq }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const suppliers = useQuery({
    queryKey: ["suppliers", "all"],
    queryFn: async () => unwrap(await api.GET("/suppliers", { params: { query: { limit: 100 } } })).items,
  });
  const names = new Map((suppliers.data ?? []).map((s) => [s.supplier_id, s.name]));
  const [supplier, setSupplier] = useState<string | null>(null);
  const [currency, setCurrency] = useState(rfq.currency);
  const [freight, setFreight] = useState("0");
  const [duties, setDuties] = useState("0");
  const [validUntil, setValidUntil] = useState(() => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  const [lines, setLines] = useState<Line[]>(() => rfq.lines.map(() => ({ price: "", lead: 14 })));
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/rfqs/{rfq_id}/offers", {
          params: { path: { rfq_id: rfq.rfq_id } },
          body: partial<OfferIn>({
            supplier_id: supplier ?? "",
            currency,
            freight,
            duties,
            valid_until: validUntil,
            lines: rfq.lines.map((l, i) => ({ sku: l.sku, unit_price: lines[i]?.price ?? "", lead_time_days: Number(lines[i]?.lead ?? 0), min_quantity: "1" })),
          }),
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ["rfq", rfq.rfq_id] });
      await queries.invalidateQueries({ queryKey: ["comparison", rfq.rfq_id] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const setLine = (i: number, change: Partial<Line>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...change } : l)));
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Title order={2} size="h4">
        {t("srm.enterOffer")}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
        <Select label={t("srm.supplier")} value={supplier} onChange={setSupplier} error={fieldError(save.error, "supplier_id")}
          data={rfq.invited.map((id) => ({ value: id, label: names.get(id) ?? id }))} />
        <Select label={t("quote.currency")} value={currency} allowDeselect={false} data={CURRENCIES} onChange={(c) => setCurrency(c ?? rfq.currency)}
          error={fieldError(save.error, "currency")} />
        <TextInput type="date" label={t("srm.validUntil")} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)}
          error={fieldError(save.error, "valid_until")} />
        <TextInput label={t("srm.part.freight")} value={freight} inputMode="decimal" onChange={(e) => setFreight(e.currentTarget.value)}
          error={fieldError(save.error, "freight")} />
        <TextInput label={t("srm.part.duties")} value={duties} inputMode="decimal" onChange={(e) => setDuties(e.currentTarget.value)}
          error={fieldError(save.error, "duties")} />
      </SimpleGrid>
      {rfq.lines.map((l, i) => (
        <Group key={l.sku} mt="xs" align="end">
          <TextInput label={t("srm.unitPriceOf", { sku: l.sku })} value={lines[i]?.price ?? ""} inputMode="decimal"
            onChange={(e) => setLine(i, { price: e.currentTarget.value })} error={fieldError(save.error, `lines.${i}.unit_price`)} />
          <NumberInput label={t("srm.leadTimeOf", { sku: l.sku })} min={0} value={lines[i]?.lead ?? 14} onChange={(v) => setLine(i, { lead: v })}
            error={fieldError(save.error, `lines.${i}.lead_time_days`)} />
        </Group>
      ))}
      <ErrorNotice error={save.error} />
      <Group mt="sm">
        <Button type="submit" loading={save.isPending} disabled={!supplier}>
          {t("srm.saveOffer")}
        </Button>
        {save.isSuccess && <span role="status">{t("srm.offerSaved")}</span>}
      </Group>
    </Card>
  );
}
