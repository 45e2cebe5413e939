import { Alert, Button, Group, SegmentedControl, Select, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, unwrap } from "../../api/client";
import { useApi, type CustomerOut } from "../../api/hooks";
import { Dialog } from "../Dialog";
import { ErrorNotice } from "../ErrorNotice";

type Channel = "email" | "sms";
type Purpose = "transactional" | "marketing";

/** An email or SMS from a template, in the customer's language. Whether marketing may go out is the API's call
 * (consent and suppression at send time); the form says beforehand what consent the customer gave, and a
 * message the API skipped is shown with its reason. */
export function SendMessage({ customer, opened, onClose }: { customer: CustomerOut; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [channel, setChannel] = useState<Channel>(customer.emails.length ? "email" : "sms");
  const [purpose, setPurpose] = useState<Purpose>("transactional");
  const [template, setTemplate] = useState<string | null>(null);
  const [detail, setDetail] = useState("");
  const [key, setKey] = useState(() => crypto.randomUUID());
  const templates = useQuery({
    queryKey: ["message-templates"],
    queryFn: async () => unwrap(await api.GET("/message-templates")).items,
  });
  const offered = (templates.data ?? []).filter((x) => !x.built_in && (channel === "email" || x.sms));
  const send = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/customers/{customer_id}/messages", {
          params: { path: { customer_id: customer.customer_id }, header: { "Idempotency-Key": key } },
          body: { channel, template: template ?? "", purpose, values: detail.trim() ? { detail: detail.trim() } : {} },
        }),
      ),
    onSuccess: () => setKey(crypto.randomUUID()),
  });
  const consent = customer.consent;
  const agreed = channel === "email" ? consent?.email_marketing : consent?.sms_marketing;
  const to = channel === "email" ? customer.emails[0] : customer.phones[0];
  return (
    <Dialog opened={opened} onClose={onClose} title={t("message.title", { name: customer.name })}>
      <Stack>
        <SegmentedControl value={channel} onChange={(c) => setChannel(c as Channel)} aria-label={t("message.channel")}
          data={[{ value: "email", label: t("message.email") }, { value: "sms", label: t("message.sms") }]} />
        <Text size="sm">{to ? t("message.to", { to }) : t(channel === "email" ? "message.noEmail" : "message.noPhone")}</Text>
        <Select label={t("message.template")} value={template} onChange={setTemplate} error={fieldError(send.error, "template")}
          data={offered.map((x) => ({ value: x.name, label: `${x.subject} (${x.languages.join(", ")})` }))} />
        <SegmentedControl value={purpose} onChange={(p) => setPurpose(p as Purpose)} aria-label={t("message.purpose")}
          data={[{ value: "transactional", label: t("message.transactional") }, { value: "marketing", label: t("message.marketing") }]} />
        {purpose === "marketing" && (
          <Text size="sm" role="note">
            {agreed ? t("message.consentYes") : t("message.consentNo")}
          </Text>
        )}
        <Textarea label={t("message.detail")} value={detail} onChange={(e) => setDetail(e.currentTarget.value)} maxLength={500} />
        <ErrorNotice error={send.error} />
        {send.data && (
          <Alert color={send.data.status === "sent" ? "green" : "orange"} variant="outline" role="status">
            {send.data.status === "sent"
              ? t("message.sent", { subject: send.data.subject ?? "" })
              : t("message.skipped", { reason: send.data.reason ?? send.data.status })}
          </Alert>
        )}
        <Group>
          <Button onClick={() => send.mutate()} disabled={!template || !to} loading={send.isPending}>
            {t("message.send")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.close")}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
