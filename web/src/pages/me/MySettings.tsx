import { Button, Card, Stack, Switch, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

/** Marketing consent, newsletter subscriptions (each switch saves at once) and the download of one's data. */
export function MySettings() {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const profile = useQuery({ queryKey: ["my-profile"], queryFn: async () => unwrap(await api.GET("/me/profile")) });
  const lists = useQuery({ queryKey: ["my-subscriptions"], queryFn: async () => unwrap(await api.GET("/me/subscriptions")) });
  const subscribe = useMutation({
    mutationFn: async ({ listId, on }: { listId: string; on: boolean }) =>
      unwrap(await api.PUT("/me/subscriptions", { body: { lists: { [listId]: on } } })),
    onSuccess: (next) => queries.setQueryData(["my-subscriptions"], next),
  });
  const download = useMutation({
    mutationFn: async () => unwrap(await api.GET("/me/export")),
    onSuccess: (data) => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      link.download = "my-data.json";
      link.click();
      URL.revokeObjectURL(link.href);
    },
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("me.settings")}
      </Title>
      {profile.data && <Consent initial={profile.data.consent} />}
      <ErrorNotice error={profile.error} />
      <Card withBorder component="section" aria-label={t("me.newsletters", { email: lists.data?.email ?? "" })}>
        <Title order={2} size="h4">
          {t("me.newsletters", { email: lists.data?.email ?? "" })}
        </Title>
        {lists.data && lists.data.lists.length === 0 && <Text>{t("me.noNewsletters")}</Text>}
        {(lists.data?.lists ?? []).map((l) => (
          <Switch key={l.list_id} mt="sm" label={l.name} checked={l.subscribed}
            onChange={(e) => subscribe.mutate({ listId: l.list_id, on: e.currentTarget.checked })} />
        ))}
        <ErrorNotice error={subscribe.error ?? lists.error} />
      </Card>
      <Card withBorder component="section" aria-label={t("me.data")}>
        <Title order={2} size="h4">
          {t("me.data")}
        </Title>
        <Text size="sm">{t("me.dataHelp")}</Text>
        <Button mt="sm" variant="default" onClick={() => download.mutate()} loading={download.isPending}>
          {t("me.download")}
        </Button>
        <ErrorNotice error={download.error} />
      </Card>
    </Stack>
  );
}

function Consent({ initial }: { initial: { email_marketing: boolean; sms_marketing: boolean } }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [email, setEmail] = useState(initial.email_marketing);
  const [sms, setSms] = useState(initial.sms_marketing);
  const save = useMutation({
    mutationFn: async () => unwrap(await api.PUT("/me/consent", { body: { email_marketing: email, sms_marketing: sms } })),
    onSuccess: (next) => queries.setQueryData(["my-profile"], next),
  });
  return (
    <Card withBorder component="section" aria-label={t("me.consent")}>
      <Title order={2} size="h4">
        {t("me.consent")}
      </Title>
      <Switch mt="sm" label={t("me.email")} checked={email} onChange={(e) => setEmail(e.currentTarget.checked)} />
      <Switch mt="sm" label={t("me.sms")} checked={sms} onChange={(e) => setSms(e.currentTarget.checked)} />
      <Button mt="sm" onClick={() => save.mutate()} loading={save.isPending}>
        {t("me.saveConsent")}
      </Button>
      {save.isSuccess && <Text role="status">{t("me.saved")}</Text>}
      <ErrorNotice error={save.error} />
    </Card>
  );
}
