import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { useSession } from "../../auth/session";
import { mayManage } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";

/** One campaign: before launch, who it would reach (the API counts consent, suppression and the holdout as the
 * launch will) with launch now or at a time; after, the report — opens and clicks raw beside filtered with why
 * clicks were taken for machines, conversions and the uplift against the holdout. */
export function CampaignView() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const queries = useQueryClient();
  const [at, setAt] = useState("");
  const campaign = useQuery({
    queryKey: ["campaign", id],
    queryFn: async () => unwrap(await api.GET("/campaigns/{campaign_id}", { params: { path: { campaign_id: id } } })),
  });
  const draft = campaign.data?.status === "draft";
  const audience = useQuery({
    queryKey: ["campaign-audience", id],
    enabled: draft,
    queryFn: async () => unwrap(await api.GET("/campaigns/{campaign_id}/audience", { params: { path: { campaign_id: id } } })),
  });
  const report = useQuery({
    queryKey: ["campaign-report", id],
    enabled: campaign.isSuccess && !draft,
    queryFn: async () => unwrap(await api.GET("/campaigns/{campaign_id}/report", { params: { path: { campaign_id: id } } })),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ["campaign", id] });
  const launch = useMutation({
    mutationFn: async () => unwrap(await api.POST("/campaigns/{campaign_id}/launch", { params: { path: { campaign_id: id } } })),
    onSuccess: refresh,
  });
  const schedule = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/campaigns/{campaign_id}/schedule", { params: { path: { campaign_id: id } }, body: { at: new Date(at).toISOString() } })),
  });
  if (campaign.error) return <ErrorNotice error={campaign.error} />;
  if (!campaign.data) return <Text aria-busy="true">…</Text>;
  const c = campaign.data;
  const launches = mayManage(session.user?.groups ?? []);
  const a = audience.data;
  const r = report.data;
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {c.name}
        </Title>
        <Badge variant="light">{t(`camp.s.${c.status}`, { defaultValue: c.status })}</Badge>
      </Group>
      <Text>{t("camp.uses", { template: c.template, holdout: c.holdout_pct })}</Text>
      <Text>
        {t("camp.channel")}: {t(`camp.channels.${c.channel ?? "email"}`)}
      </Text>
      {a && draft && (
        <Card withBorder component="section" aria-label={t("camp.preview")}>
          <Title order={2} size="h4">
            {t("camp.preview")}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 6 }} mt="xs">
            {(["matching", "no_consent", "suppressed", "holdout", "will_send", "by_sms"] as const).map((k) => (
              <div key={k}>
                <Text size="sm">{t(`camp.a.${k}`)}</Text>
                <Text fw={700} size="lg">
                  {a[k]}
                </Text>
              </div>
            ))}
          </SimpleGrid>
          {launches && (
            <Group mt="sm" align="end">
              <Button onClick={() => launch.mutate()} loading={launch.isPending}>
                {t("camp.launch", { n: a.will_send })}
              </Button>
              <TextInput type="datetime-local" label={t("camp.at")} value={at} onChange={(e) => setAt(e.currentTarget.value)} />
              <Button variant="default" disabled={!at} onClick={() => schedule.mutate()} loading={schedule.isPending}>
                {t("camp.schedule")}
              </Button>
              {schedule.data && <Text role="status">{t("camp.scheduled", { at: schedule.data.scheduled_at })}</Text>}
            </Group>
          )}
          <ErrorNotice error={launch.error ?? schedule.error} />
        </Card>
      )}
      <ErrorNotice error={audience.error ?? report.error} />
      {r && (
        <Card withBorder component="section" aria-label={t("camp.report")}>
          <Title order={2} size="h4">
            {t("camp.report")}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }} mt="xs">
            <Text>{t("camp.r.sent", { n: r.sent, skipped: r.skipped, holdout: r.holdout })}</Text>
            <Text>{t("camp.r.opens", { raw: r.opens.raw, filtered: r.opens.filtered })}</Text>
            <Text>{t("camp.r.clicks", { raw: r.clicks.raw, filtered: r.clicks.filtered })}</Text>
            <Text>
              {t("camp.r.uplift", {
                treated: r.conversion_rate.treated ?? "–",
                holdout: r.conversion_rate.holdout ?? "–",
                uplift: r.conversion_rate.uplift_points ?? "–",
              })}
            </Text>
          </SimpleGrid>
          {r.clicks.automated_reasons.length > 0 && (
            <List size="sm" mt="xs" aria-label={t("camp.r.why")}>
              {r.clicks.automated_reasons.map((x) => (
                <List.Item key={x}>{x}</List.Item>
              ))}
            </List>
          )}
        </Card>
      )}
    </Stack>
  );
}
