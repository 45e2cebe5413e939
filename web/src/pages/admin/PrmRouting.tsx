import { Button, Card, Group, NumberInput, SimpleGrid, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";

type Prm = components["schemas"]["PrmSettingsOut"];

/** Partner programme settings: the registration protection window (changed on the version read), tiers and
 * commission rules; and the contact centre's routing as the ACD uses it. */
export function PrmRouting() {
  const { t } = useTranslation();
  const api = useApi();
  const prm = useQuery({ queryKey: ["prm-settings"], queryFn: async () => unwrap(await api.GET("/prm/settings")) });
  const routing = useQuery({ queryKey: ["routing"], queryFn: async () => unwrap(await api.GET("/routing/config")) });
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      {prm.data ? <PrmCard prm={prm.data} /> : <ErrorNotice error={prm.error} />}
      <Card withBorder component="section" aria-label={t("settings.routing")}>
        <Title order={2} size="h4">
          {t("settings.routing")}
        </Title>
        <ErrorNotice error={routing.error} />
        {routing.data && (
          <>
            <Text size="sm">{t("settings.aht", { s: routing.data.aht_seconds })}</Text>
            <Table mt="xs">
              <Table.Tbody>
                {(["general", "priority", "partner_desk"] as const).map((k) => (
                  <Table.Tr key={k}>
                    <Table.Td>{t(`settings.q.${k}`)}</Table.Td>
                    <Table.Td>{routing.data.names[routing.data[k]] ?? routing.data[k]}</Table.Td>
                  </Table.Tr>
                ))}
                {Object.entries(routing.data.by_language).map(([lang, arn]) => (
                  <Table.Tr key={lang}>
                    <Table.Td>{t("settings.q.language", { lang })}</Table.Td>
                    <Table.Td>{routing.data.names[String(arn)] ?? String(arn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Card>
    </SimpleGrid>
  );
}

function PrmCard({ prm }: { prm: Prm }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [days, setDays] = useState<number | string>(prm.protection_days);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT("/prm/settings", {
          body: { protection_days: Number(days), tiers: prm.tiers, commission_rules: prm.commission_rules, version: prm.version },
        }),
      ),
    onSuccess: (saved) => queries.setQueryData(["prm-settings"], saved),
  });
  return (
    <Card withBorder component="section" aria-label={t("settings.prm")}>
      <Title order={2} size="h4">
        {t("settings.prm")}
      </Title>
      <Group align="end" mt="xs">
        <NumberInput label={t("settings.protection")} min={1} max={365} value={days} onChange={setDays} error={fieldError(save.error, "protection_days")} />
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          {t("settings.save")}
        </Button>
        {save.isSuccess && <span role="status">{t("settings.saved")}</span>}
      </Group>
      <ErrorNotice error={save.error} />
      <Text size="sm" mt="xs">
        {t("settings.tiers")}: {prm.tiers.map((x) => `${x.tier} ≥ ${x.min_revenue} ${prm.base_currency}`).join(" · ")}
      </Text>
      <Text size="sm">
        {t("settings.rules")}: {prm.commission_rules.map((r) => `${r.tier}/${r.category} ${r.rate}`).join(" · ")}
      </Text>
    </Card>
  );
}
