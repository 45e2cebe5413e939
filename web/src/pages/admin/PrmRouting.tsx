import { ActionIcon, Button, Card, Group, NumberInput, Select, SimpleGrid, Table, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";

type Prm = components["schemas"]["PrmSettingsOut"];
type Routing = components["schemas"]["RoutingConfigOut"];

/** Partner programme settings (protection window, tiers, commission rules, changed on the version read) and the
 * contact centre's routing as the ACD uses it. */
export function PrmRouting() {
  const api = useApi();
  const prm = useQuery({ queryKey: ["prm-settings"], queryFn: async () => unwrap(await api.GET("/prm/settings")) });
  const routing = useQuery({ queryKey: ["routing"], queryFn: async () => unwrap(await api.GET("/routing/config")) });
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      {prm.data ? <PrmCard prm={prm.data} /> : <ErrorNotice error={prm.error} />}
      {routing.data ? <RoutingCard routing={routing.data} /> : <ErrorNotice error={routing.error} />}
    </SimpleGrid>
  );
}

/** Rows of a small editable table: each with its cells and a remove button, and an add button under them. */
function Rows({ caption, head, rows, add, addLabel, removeLabel }: {
  caption: string;
  head: string[];
  rows: ReactNode[][];
  add: () => void;
  addLabel: string;
  removeLabel: (i: number) => { label: string; remove: () => void };
}) {
  const { t } = useTranslation();
  const removeHead = t("settings.remove");
  return (
    <>
      <Table.ScrollContainer minWidth={360} mt="xs">
        <Table>
          <Table.Caption style={{ color: "var(--mantine-color-text)", captionSide: "top", textAlign: "left" }}>{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {head.map((h) => (
                <Table.Th key={h}>{h}</Table.Th>
              ))}
              <Table.Th>
                <VisuallyHidden>{removeHead}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((cells, i) => {
              const r = removeLabel(i);
              return (
                <Table.Tr key={i}>
                  {cells.map((c, j) => (
                    <Table.Td key={j}>{c}</Table.Td>
                  ))}
                  <Table.Td>
                    <ActionIcon variant="default" onClick={r.remove} aria-label={r.label}>
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Button variant="default" size="xs" onClick={add}>
        {addLabel}
      </Button>
    </>
  );
}

const without = <T,>(xs: T[], i: number) => xs.filter((_, j) => j !== i);
const replaced = <T,>(xs: T[], i: number, x: T) => xs.map((y, j) => (j === i ? x : y));

function PrmCard({ prm }: { prm: Prm }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [days, setDays] = useState<number | string>(prm.protection_days);
  const [tiers, setTiers] = useState(prm.tiers);
  const [rules, setRules] = useState(prm.commission_rules);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(await api.PUT("/prm/settings", { body: { protection_days: Number(days), tiers, commission_rules: rules, version: prm.version } })),
    onSuccess: (saved) => queries.setQueryData(["prm-settings"], saved),
  });
  const err = (field: string) => fieldError(save.error, field);
  return (
    <Card withBorder component="section" aria-label={t("settings.prm")}>
      <Title order={2} size="h4">
        {t("settings.prm")}
      </Title>
      <NumberInput label={t("settings.protection")} min={1} max={365} value={days} onChange={setDays} error={err("protection_days")} w={220} mt="xs" />
      <Rows caption={t("settings.tiers")} head={[t("settings.tier"), t("settings.minRevenue", { currency: prm.base_currency })]}
        rows={tiers.map((x, i) => [
          <TextInput key="t" aria-label={t("settings.tierN", { n: i + 1 })} value={x.tier} onChange={(e) => setTiers(replaced(tiers, i, { ...x, tier: e.currentTarget.value }))}
            error={err(`tiers.${i}.tier`)} />,
          <TextInput key="m" aria-label={t("settings.minRevenueN", { n: i + 1 })} inputMode="decimal" value={x.min_revenue}
            onChange={(e) => setTiers(replaced(tiers, i, { ...x, min_revenue: e.currentTarget.value }))} error={err(`tiers.${i}.min_revenue`)} />,
        ])}
        add={() => setTiers([...tiers, { tier: "", min_revenue: "0" }])} addLabel={t("settings.addTier")}
        removeLabel={(i) => ({ label: t("settings.removeTier", { n: i + 1 }), remove: () => setTiers(without(tiers, i)) })} />
      <Rows caption={t("settings.rules")} head={[t("settings.tier"), t("settings.category"), t("settings.rateShare")]}
        rows={rules.map((r, i) => [
          <Select key="t" aria-label={t("settings.ruleTierN", { n: i + 1 })} data={[...new Set(tiers.map((x) => x.tier).filter(Boolean))]} value={r.tier}
            onChange={(v) => setRules(replaced(rules, i, { ...r, tier: v ?? "" }))} error={err(`commission_rules.${i}.tier`)} />,
          <TextInput key="c" aria-label={t("settings.ruleCategoryN", { n: i + 1 })} value={r.category} description={i === 0 ? t("settings.anyCategory") : undefined}
            onChange={(e) => setRules(replaced(rules, i, { ...r, category: e.currentTarget.value }))} error={err(`commission_rules.${i}.category`)} />,
          <TextInput key="r" aria-label={t("settings.ruleRateN", { n: i + 1 })} inputMode="decimal" value={r.rate}
            onChange={(e) => setRules(replaced(rules, i, { ...r, rate: e.currentTarget.value }))} error={err(`commission_rules.${i}.rate`)} />,
        ])}
        add={() => setRules([...rules, { tier: tiers[0]?.tier ?? "", category: "*", rate: "0" }])} addLabel={t("settings.addRule")}
        removeLabel={(i) => ({ label: t("settings.removeRule", { n: i + 1 }), remove: () => setRules(without(rules, i)) })} />
      <ErrorNotice error={save.error} />
      <Group mt="sm">
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          {t("settings.savePrm")}
        </Button>
        {save.isSuccess && <span role="status">{t("settings.saved")}</span>}
      </Group>
    </Card>
  );
}

function RoutingCard({ routing }: { routing: Routing }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const queues = Object.entries(routing.names).map(([value, label]) => ({ value, label }));
  const [main, setMain] = useState({ general: routing.general, priority: routing.priority, partner_desk: routing.partner_desk });
  const [languages, setLanguages] = useState(Object.entries(routing.by_language).map(([lang, arn]) => ({ lang, arn: String(arn) })));
  const [aht, setAht] = useState<number | string>(routing.aht_seconds);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT("/routing/config", {
          body: {
            ...main,
            by_language: Object.fromEntries(languages.map((l) => [l.lang.trim().toLowerCase(), l.arn])),
            by_owner: routing.by_owner,
            names: routing.names,
            aht_seconds: Number(aht),
          },
        }),
      ),
    onSuccess: (saved) => queries.setQueryData(["routing"], saved),
  });
  const err = (field: string) => fieldError(save.error, field);
  return (
    <Card withBorder component="section" aria-label={t("settings.routing")}>
      <Title order={2} size="h4">
        {t("settings.routing")}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
        {(["general", "priority", "partner_desk"] as const).map((k) => (
          <Select key={k} label={t(`settings.q.${k}`)} data={queues} value={main[k]} allowDeselect={false}
            onChange={(v) => v && setMain({ ...main, [k]: v })} error={err(k)} />
        ))}
        <NumberInput label={t("settings.ahtSeconds")} min={10} max={7200} value={aht} onChange={setAht} error={err("aht_seconds")} />
      </SimpleGrid>
      <Rows caption={t("settings.byLanguage")} head={[t("settings.languageCode"), t("settings.queue")]}
        rows={languages.map((l, i) => [
          <TextInput key="l" aria-label={t("settings.languageN", { n: i + 1 })} value={l.lang} maxLength={2} w={80}
            onChange={(e) => setLanguages(replaced(languages, i, { ...l, lang: e.currentTarget.value }))} error={err("by_language")} />,
          <Select key="q" aria-label={t("settings.languageQueueN", { n: i + 1 })} data={queues} value={l.arn} allowDeselect={false}
            onChange={(v) => v && setLanguages(replaced(languages, i, { ...l, arn: v }))} />,
        ])}
        add={() => setLanguages([...languages, { lang: "", arn: routing.general }])} addLabel={t("settings.addLanguage")}
        removeLabel={(i) => ({ label: t("settings.removeLanguage", { n: i + 1 }), remove: () => setLanguages(without(languages, i)) })} />
      <ErrorNotice error={save.error} />
      <Group mt="sm">
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          {t("settings.saveRouting")}
        </Button>
        {save.isSuccess && <span role="status">{t("settings.saved")}</span>}
      </Group>
    </Card>
  );
}
