import { Button, Card, Group, SimpleGrid, Table, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session";
import { mayBuy } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";

type Settings = components["schemas"]["SrmSettings"];

/** Exchange rates to the base currency and country risk scores, as the RFQ comparison and the portfolio use them. */
export function SrmSettings() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const buyer = mayBuy(session.user?.groups ?? []);
  const settings = useQuery({ queryKey: ["srm-settings"], queryFn: async () => unwrap(await api.GET("/srm/settings")) });
  if (!settings.data) return <ErrorNotice error={settings.error} />;
  const s = settings.data;
  return (
    <Card withBorder component="section" aria-label={t("settings.srm")}>
      <Title order={2} size="h4">
        {t("settings.srm")}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs">
        <Values caption={t("settings.fx", { base: s.base_currency })} values={s.fx_rates} editable={buyer}
          keyLabel={t("settings.currency")} keyLength={3} keyField="currency" valueLabel={t("settings.rate")} valueField="rate_to_base"
          submit={t("settings.setRate")}
          save={async (currency, rate) =>
            unwrap(await api.PUT("/srm/fx-rates/{currency}", { params: { path: { currency } }, body: { rate_to_base: rate } }))} />
        <Values caption={t("settings.countryRisk", { unknown: s.unknown_country_risk })} values={s.country_risk} editable={buyer}
          keyLabel={t("settings.country")} keyLength={2} keyField="country" valueLabel={t("settings.score")} valueField="score"
          submit={t("settings.setRisk")}
          save={async (country, score) =>
            unwrap(await api.PUT("/srm/country-risk/{country}", { params: { path: { country } }, body: { score, reason: null } }))} />
      </SimpleGrid>
    </Card>
  );
}

/** A code → value table (currency → rate, country → risk) with a form that sets one entry through the API. */
function Values(props: {
  caption: string;
  values: Record<string, string>;
  editable: boolean;
  keyLabel: string;
  keyLength: number;
  keyField: string;
  valueLabel: string;
  valueField: string;
  submit: string;
  save: (key: string, value: string) => Promise<Settings>;
}) {
  const queries = useQueryClient();
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const set = useMutation({
    mutationFn: () => props.save(key.trim().toUpperCase(), value),
    onSuccess: (saved) => queries.setQueryData(["srm-settings"], saved),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    set.mutate();
  }
  return (
    <div>
      <Table>
        <Table.Caption style={{ color: "var(--mantine-color-text)" }}>{props.caption}</Table.Caption>
        <Table.Tbody>
          {Object.entries(props.values).map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Td>{k}</Table.Td>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {props.editable && (
        <Group component="form" onSubmit={submit} align="end" mt="xs">
          <TextInput label={props.keyLabel} value={key} onChange={(e) => setKey(e.currentTarget.value)} maxLength={props.keyLength} w={100}
            error={fieldError(set.error, props.keyField)} />
          <TextInput label={props.valueLabel} value={value} inputMode="decimal" onChange={(e) => setValue(e.currentTarget.value)} w={140}
            error={fieldError(set.error, props.valueField)} />
          <Button type="submit" loading={set.isPending}>
            {props.submit}
          </Button>
        </Group>
      )}
      <ErrorNotice error={set.error} />
    </div>
  );
}
