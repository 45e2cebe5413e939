import { Button, Group, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { fieldError, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { Dialog } from "../Dialog";
import { ErrorNotice } from "../ErrorNotice";

type LeadIn = components["schemas"]["LeadIn"];
const SOURCES = ["referral", "partner", "event", "web", "campaign", "cold_call", "other"] as const;
const TIMEFRAMES = ["0-3m", "3-6m", "6-12m", "unknown"] as const;

const blank = { first_name: "", last_name: "", company: "", email: "", phone: "", title: "", budget: "", employees: "" };

/** A lead as the rep hears it; the API scores it and says why (the detail page shows the reasons). */
export function NewLead({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form, setForm] = useState(blank);
  const [source, setSource] = useState<LeadIn["source"]>("web");
  const [timeframe, setTimeframe] = useState<string | null>(null);
  const [key] = useState(() => crypto.randomUUID());
  const text = (v: string) => v.trim() || null;
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/leads", {
          params: { header: { "Idempotency-Key": key } },
          body: partial<LeadIn>({
            first_name: text(form.first_name),
            last_name: form.last_name.trim(),
            company: text(form.company),
            email: text(form.email),
            phone: text(form.phone),
            title: text(form.title),
            budget: text(form.budget),
            currency: form.budget.trim() ? "EUR" : null,
            employees: form.employees.trim() ? Number(form.employees) : null,
            source,
            timeframe: (timeframe as LeadIn["timeframe"]) ?? null,
          }),
        }),
      ),
    onSuccess: async (lead) => {
      await queries.invalidateQueries({ queryKey: ["leads"] });
      navigate(`/leads/${lead.lead_id}`);
    },
  });
  const field = (name: keyof typeof blank) => ({
    label: t(`leads.f.${name}`),
    value: form[name],
    error: fieldError(create.error, name),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: e.currentTarget.value }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Dialog opened={opened} onClose={onClose} title={t("leads.new")} size="lg">
      <form onSubmit={submit}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...field("first_name")} />
          <TextInput {...field("last_name")} required />
          <TextInput {...field("company")} />
          <TextInput {...field("title")} />
          <TextInput {...field("email")} type="email" />
          <TextInput {...field("phone")} type="tel" />
          <TextInput {...field("budget")} inputMode="decimal" />
          <TextInput {...field("employees")} inputMode="numeric" />
          <Select label={t("leads.source")} value={source} allowDeselect={false}
            data={SOURCES.map((s) => ({ value: s, label: t(`leads.src.${s}`) }))} onChange={(s) => s && setSource(s as LeadIn["source"])} />
          <Select label={t("leads.f.timeframe")} value={timeframe} clearable onChange={setTimeframe}
            data={TIMEFRAMES.map((s) => ({ value: s, label: t(`leads.tf.${s}`) }))} />
        </SimpleGrid>
        <ErrorNotice error={create.error} />
        <Group mt="md">
          <Button type="submit" loading={create.isPending}>
            {t("leads.create")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </form>
    </Dialog>
  );
}
