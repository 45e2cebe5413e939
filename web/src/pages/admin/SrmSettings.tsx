import { Button, Card, Group, SimpleGrid, Table, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { useSession } from "../../auth/session";
import { ErrorNotice } from "../ErrorNotice";

/** Exchange rates to the base currency and country risk scores, as the RFQ comparison and the portfolio use them. */
export function SrmSettings() {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const session = useSession();
  const buyer = (session.user?.groups ?? []).some((g) => g === "admin" || g === "purchasing"); // who may change them
  const settings = useQuery({ queryKey: ["srm-settings"], queryFn: async () => unwrap(await api.GET("/srm/settings")) });
  const [currency, setCurrency] = useState("");
  const [rate, setRate] = useState("");
  const [country, setCountry] = useState("");
  const [score, setScore] = useState("");
  const fx = useMutation({
    mutationFn: async () =>
      unwrap(await api.PUT("/srm/fx-rates/{currency}", { params: { path: { currency: currency.trim().toUpperCase() } }, body: { rate_to_base: rate } })),
    onSuccess: (saved) => queries.setQueryData(["srm-settings"], saved),
  });
  const risk = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT("/srm/country-risk/{country}", {
          params: { path: { country: country.trim().toUpperCase() } },
          body: { score, reason: null },
        }),
      ),
    onSuccess: (saved) => queries.setQueryData(["srm-settings"], saved),
  });
  if (!settings.data) return <ErrorNotice error={settings.error} />;
  const s = settings.data;
  const submit = (run: () => void) => (event: FormEvent) => {
    event.preventDefault();
    run();
  };
  return (
    <Card withBorder component="section" aria-label={t("settings.srm")}>
      <Title order={2} size="h4">
        {t("settings.srm")}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs">
        <div>
          <Table>
            <Table.Caption style={{ color: "var(--mantine-color-text)" }}>{t("settings.fx", { base: s.base_currency })}</Table.Caption>
            <Table.Tbody>
              {Object.entries(s.fx_rates).map(([c, r]) => (
                <Table.Tr key={c}>
                  <Table.Td>{c}</Table.Td>
                  <Table.Td>{r}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {buyer && (<Group component="form" onSubmit={submit(() => fx.mutate())} align="end" mt="xs">
            <TextInput label={t("settings.currency")} value={currency} onChange={(e) => setCurrency(e.currentTarget.value)} maxLength={3} w={100}
              error={fieldError(fx.error, "currency")} />
            <TextInput label={t("settings.rate")} value={rate} inputMode="decimal" onChange={(e) => setRate(e.currentTarget.value)} w={140}
              error={fieldError(fx.error, "rate_to_base")} />
            <Button type="submit" loading={fx.isPending}>
              {t("settings.setRate")}
            </Button>
          </Group>)}
          <ErrorNotice error={fx.error} />
        </div>
        <div>
          <Table>
            <Table.Caption style={{ color: "var(--mantine-color-text)" }}>{t("settings.countryRisk", { unknown: s.unknown_country_risk })}</Table.Caption>
            <Table.Tbody>
              {Object.entries(s.country_risk).map(([c, r]) => (
                <Table.Tr key={c}>
                  <Table.Td>{c}</Table.Td>
                  <Table.Td>{r}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {buyer && (<Group component="form" onSubmit={submit(() => risk.mutate())} align="end" mt="xs">
            <TextInput label={t("settings.country")} value={country} onChange={(e) => setCountry(e.currentTarget.value)} maxLength={2} w={100}
              error={fieldError(risk.error, "country")} />
            <TextInput label={t("settings.score")} value={score} inputMode="decimal" onChange={(e) => setScore(e.currentTarget.value)} w={140}
              error={fieldError(risk.error, "score")} />
            <Button type="submit" loading={risk.isPending}>
              {t("settings.setRisk")}
            </Button>
          </Group>)}
          <ErrorNotice error={risk.error} />
        </div>
      </SimpleGrid>
    </Card>
  );
}
