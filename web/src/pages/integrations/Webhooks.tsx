import { Alert, Badge, Button, Card, Code, Group, MultiSelect, Stack, Table, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";

type WebhookIn = components["schemas"]["WebhookIn"];
type WebhookOut = components["schemas"]["WebhookOut"];
type WebhookPatch = components["schemas"]["WebhookPatch"];
type EventType = WebhookIn["events"][number];

const EVENTS: EventType[] = [
  "CustomerCreated", "CustomerUpdated", "CustomerDeleted", "CustomerMerged", "OrderDrafted", "OrderPlaced",
  "OrderStatusChanged", "PaymentRecorded", "RefundRecorded", "CaseOpened", "CaseStatusChanged", "CaseEscalated",
  "OpportunityCreated", "OpportunityStageChanged", "OpportunityWon", "OpportunityLost", "OpportunityUpdated", "LeadCreated", "LeadUpdated",
];

/** Webhook subscriptions: subscribe an endpoint to events (the secret is shown once), see each one's deliveries,
 * re-enable one the CRM disabled after failures. */
export function Webhooks() {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<EventType[]>([]);
  const [shown, setShown] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const hooks = useQuery({ queryKey: ["webhooks"], queryFn: async () => unwrap(await api.GET("/settings/webhooks", { params: { query: {} } })) });
  const refresh = () => queries.invalidateQueries({ queryKey: ["webhooks"] });
  const subscribe = useMutation({
    mutationFn: async () => unwrap(await api.POST("/settings/webhooks", { body: { url: url.trim(), events, filter: null, description: null } })),
    onSuccess: async (made) => {
      setShown(made.secret);
      setUrl("");
      setEvents([]);
      await refresh();
    },
  });
  const enable = useMutation({
    mutationFn: async (w: WebhookOut) =>
      unwrap(
        await api.PATCH("/settings/webhooks/{webhook_id}", {
          params: { path: { webhook_id: w.webhook_id } },
          body: partial<WebhookPatch>({ active: !w.active, version: w.version }),
        }),
      ),
    onSuccess: refresh,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    subscribe.mutate();
  }
  return (
    <Card withBorder component="section" aria-label={t("integrations.webhooks")}>
      <Title order={2} size="h4">
        {t("integrations.webhooks")}
      </Title>
      <Table.ScrollContainer minWidth={520} scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": t("integrations.webhookList") } }}>
        <Table aria-label={t("integrations.webhookList")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("integrations.endpoint")}</Table.Th>
              <Table.Th>{t("integrations.events")}</Table.Th>
              <Table.Th>{t("integrations.state")}</Table.Th>
              <Table.Th>{t("integrations.actions")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(hooks.data?.items ?? []).map((w) => (
              <Table.Tr key={w.webhook_id}>
                <Table.Td>
                  <Code>{w.url}</Code>
                </Table.Td>
                <Table.Td>{w.events.join(", ")}</Table.Td>
                <Table.Td>
                  {w.active ? <Badge variant="outline">{t("integrations.active")}</Badge> : <Badge color="gray">{t("integrations.disabled")}</Badge>}
                  {w.disabled_reason && <div>{w.disabled_reason}</div>}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button size="xs" variant="default" onClick={() => setOpen(open === w.webhook_id ? null : w.webhook_id)}>
                      {t("integrations.deliveries")}
                    </Button>
                    <Button size="xs" variant="default" onClick={() => enable.mutate(w)} loading={enable.isPending}>
                      {w.active ? t("integrations.disable") : t("integrations.enable")}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {open && <Deliveries webhookId={open} url={hooks.data?.items.find((w) => w.webhook_id === open)?.url ?? ""} />}
      <Stack component="form" onSubmit={submit} mt="md" aria-label={t("integrations.newWebhook")}>
        <Title order={3} size="h5">
          {t("integrations.newWebhook")}
        </Title>
        <TextInput label={t("integrations.endpoint")} type="url" required value={url} onChange={(e) => setUrl(e.currentTarget.value)}
          error={fieldError(subscribe.error, "url")} />
        <MultiSelect label={t("integrations.events")} data={EVENTS} value={events} onChange={(v) => setEvents(v as EventType[])}
          searchable required error={fieldError(subscribe.error, "events")} />
        <ErrorNotice error={subscribe.error ?? enable.error} />
        {shown && (
          <Alert role="status" color="blue" variant="outline" title={t("integrations.secretOnce")}>
            <Code style={{ wordBreak: "break-all" }}>{shown}</Code>
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={subscribe.isPending}>
            {t("integrations.subscribe")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Deliveries({ webhookId, url }: { webhookId: string; url: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const log = useQuery({
    queryKey: ["webhook-deliveries", webhookId],
    queryFn: async () =>
      unwrap(await api.GET("/settings/webhooks/{webhook_id}/deliveries", { params: { path: { webhook_id: webhookId }, query: {} } })),
  });
  return (
    <Table mt="sm" aria-label={t("integrations.deliveriesTo", { url })}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("integrations.when")}</Table.Th>
          <Table.Th>{t("integrations.events")}</Table.Th>
          <Table.Th>{t("integrations.outcome")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {(log.data?.items ?? []).map((d) => (
          <Table.Tr key={`${d.delivery_id}${d.attempt}`}>
            <Table.Td>{new Date(d.at).toLocaleString()}</Table.Td>
            <Table.Td>{d.event_type}</Table.Td>
            <Table.Td>
              {t(`integrations.outcomes.${d.outcome}`)} · {d.http_status ?? d.error} · {t("integrations.attempt", { n: d.attempt })}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
