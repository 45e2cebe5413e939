import { Anchor, Badge, Button, Card, Group, List, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { fieldError, ifMatch, partial, unwrap } from "../../api/client";
import { STAGES, isClosing, useApi, type Lead } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";
import { invalidateSales } from "./opportunities";

type LeadPatch = components["schemas"]["LeadPatch"];
type ConvertIn = components["schemas"]["ConvertIn"];

/** One lead: its score with the reasons the API gives, work on it (working / qualified / disqualified with a
 * reason), and conversion to a customer and an opportunity in one step. */
export function LeadDetail() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const lead = useQuery({
    queryKey: ["lead", id],
    queryFn: async () => unwrap(await api.GET("/leads/{lead_id}", { params: { path: { lead_id: id } } })),
  });
  if (lead.error) return <ErrorNotice error={lead.error} />;
  if (!lead.data) return <Text aria-busy="true">…</Text>;
  const l = lead.data;
  const open = l.status !== "converted" && l.status !== "disqualified";
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {[l.first_name, l.last_name].filter(Boolean).join(" ")} {l.company ? `· ${l.company}` : ""}
        </Title>
        <Badge variant="light">{t(`leads.s.${l.status}`)}</Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4">
            {t("leads.scoreTitle", { score: l.score, grade: l.grade })}
          </Title>
          <List mt="xs" aria-label={t("leads.reasons")}>
            {l.score_reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        </Card>
        <Card withBorder>
          <Text>{t("leads.source")}: {t(`leads.src.${l.source}`)}</Text>
          <Text>{t("leads.f.email")}: {l.email ?? "–"}</Text>
          <Text>{t("leads.f.phone")}: {l.phone ?? "–"}</Text>
          <Text>{t("leads.f.budget")}: {l.budget ? `${l.budget} ${l.currency ?? ""}` : "–"}</Text>
          {l.disqualify_reason && <Text>{t("leads.disqualifiedBecause", { reason: l.disqualify_reason })}</Text>}
        </Card>
      </SimpleGrid>
      {open && <LeadStatus lead={l} />}
      {l.status !== "disqualified" && <Convert lead={l} />}
    </Stack>
  );
}

function LeadStatus({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [reason, setReason] = useState("");
  const change = useMutation({
    mutationFn: async (status: "working" | "qualified" | "disqualified") =>
      unwrap(
        await api.PATCH("/leads/{lead_id}", {
          params: { path: { lead_id: lead.lead_id }, header: ifMatch(lead.version) },
          body: partial<LeadPatch>(status === "disqualified" ? { status, disqualify_reason: reason.trim() || null } : { status }),
        }),
      ),
    onSuccess: (saved) => queries.setQueryData(["lead", lead.lead_id], saved),
    onSettled: () => queries.invalidateQueries({ queryKey: ["leads"] }),
  });
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        {t("leads.work")}
      </Title>
      <Group mt="xs" align="end">
        {lead.status !== "working" && (
          <Button variant="default" onClick={() => change.mutate("working")}>
            {t("leads.to.working")}
          </Button>
        )}
        {lead.status !== "qualified" && (
          <Button variant="default" onClick={() => change.mutate("qualified")}>
            {t("leads.to.qualified")}
          </Button>
        )}
        <TextInput label={t("leads.disqualifyReason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError(change.error, "disqualify_reason")} />
        <Button variant="default" color="red" onClick={() => change.mutate("disqualified")}>
          {t("leads.to.disqualified")}
        </Button>
      </Group>
      <ErrorNotice error={change.error} />
    </Card>
  );
}

function Convert({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [key] = useState(() => crypto.randomUUID());
  const [name, setName] = useState(lead.company ?? lead.last_name);
  const [amount, setAmount] = useState(lead.budget ?? "");
  const [currency, setCurrency] = useState(lead.currency ?? "EUR");
  const [close, setClose] = useState(() => new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
  const [stage, setStage] = useState<ConvertIn["stage"]>("qualification");
  const convert = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/leads/{lead_id}/convert", {
          params: { path: { lead_id: lead.lead_id }, header: { "Idempotency-Key": key } },
          body: partial<ConvertIn>({ opportunity_name: name, amount, currency, expected_close: close, stage, customer_id: null }),
        }),
      ),
    onSuccess: async (done) => {
      queries.setQueryData(["lead", lead.lead_id], done.lead);
      await invalidateSales(queries);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    convert.mutate();
  }
  if (lead.status === "converted") {
    const d = convert.data;
    const said = d ? (d.customer_created ? "leads.convertedNew" : "leads.convertedExisting") : "leads.converted";
    return (
      <Card withBorder role="status">
        <Text>{t(said)}</Text>
        <Group>
          <Anchor component={Link} to={`/customers/${lead.customer_id ?? ""}`}>
            {t("leads.openCustomer")}
          </Anchor>
          <Anchor component={Link} to="/pipeline">
            {t("leads.openPipeline")}
          </Anchor>
        </Group>
      </Card>
    );
  }
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Title order={2} size="h4">
        {t("leads.convert")}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
        <TextInput label={t("pipeline.name")} value={name} onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(convert.error, "opportunity_name")} />
        <TextInput label={t("pipeline.amount")} value={amount} inputMode="decimal" onChange={(e) => setAmount(e.currentTarget.value)}
          error={fieldError(convert.error, "amount")} required />
        <Select label={t("quote.currency")} value={currency} allowDeselect={false} data={["EUR", "USD", "GBP", "PLN"]}
          onChange={(c) => setCurrency(c ?? "EUR")} />
        <TextInput type="date" label={t("pipeline.closeDate")} value={close} onChange={(e) => setClose(e.currentTarget.value)}
          error={fieldError(convert.error, "expected_close")} required />
        <Select label={t("pipeline.stage")} value={stage} allowDeselect={false}
          data={STAGES.filter((s) => !isClosing(s)).map((s) => ({ value: s, label: t(`stage.${s}`) }))}
          onChange={(s) => s && setStage(s as ConvertIn["stage"])} />
      </SimpleGrid>
      <ErrorNotice error={convert.error} />
      <Button type="submit" mt="md" loading={convert.isPending}>
        {t("leads.convertSubmit")}
      </Button>
    </Card>
  );
}
