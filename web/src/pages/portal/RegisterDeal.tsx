import { Alert, Anchor, Button, Card, List, Select, SimpleGrid, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { fieldError, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";
import { CURRENCIES } from "../LineEditor";

type RegistrationIn = components["schemas"]["RegistrationIn"];
type Conflict = components["schemas"]["PartnerConflict"];

const blank = { company: "", domain: "", tax_id: "", country: "", contact_name: "", contact_email: "", expected_value: "", products: "" };

/** A partner registers a deal; the API flags conflicts with existing customers, deals or registrations and tells
 * the partner what kind of conflict and on what it matched, never whose. */
export function RegisterDeal() {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [form, setForm] = useState(blank);
  const [currency, setCurrency] = useState("EUR");
  const [close, setClose] = useState(() => new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
  const text = (v: string) => v.trim() || null;
  const register = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/partner/registrations", {
          body: partial<RegistrationIn>({
            company: form.company.trim(),
            domain: text(form.domain),
            tax_id: text(form.tax_id),
            country: text(form.country),
            contact_name: text(form.contact_name),
            contact_email: text(form.contact_email),
            expected_value: form.expected_value,
            currency,
            close_date: close,
            products: form.products.split(",").map((x) => x.trim()).filter(Boolean),
          }),
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["partner-registrations"] }),
  });
  const field = (name: keyof typeof blank) => ({
    label: t(`prm.f.${name}`),
    value: form[name],
    error: fieldError(register.error, name),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: e.currentTarget.value }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    register.mutate();
  }
  if (register.data) return <Answer id={register.data.registration_id} status={register.data.status} conflicts={register.data.conflicts} />;
  return (
    <Card withBorder component="form" onSubmit={submit} maw={760}>
      <Stack>
        <Title order={1} size="h2">
          {t("prm.register")}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...field("company")} required />
          <TextInput {...field("domain")} />
          <TextInput {...field("tax_id")} />
          <TextInput {...field("country")} maxLength={2} />
          <TextInput {...field("contact_name")} />
          <TextInput {...field("contact_email")} type="email" />
          <TextInput {...field("expected_value")} inputMode="decimal" required />
          <Select label={t("quote.currency")} value={currency} allowDeselect={false} data={CURRENCIES} onChange={(c) => setCurrency(c ?? "EUR")} />
          <TextInput type="date" label={t("prm.f.close_date")} value={close} onChange={(e) => setClose(e.currentTarget.value)}
            error={fieldError(register.error, "close_date")} />
          <TextInput {...field("products")} />
        </SimpleGrid>
        <ErrorNotice error={register.error} />
        <Button type="submit" loading={register.isPending} w="fit-content">
          {t("prm.submit")}
        </Button>
      </Stack>
    </Card>
  );
}

function Answer({ id, status, conflicts }: { id: string; status: string; conflicts: Conflict[] }) {
  const { t } = useTranslation();
  return (
    <Stack maw={760}>
      <Title order={1} size="h2">
        {t("prm.register")}
      </Title>
      <Alert color={conflicts.length ? "red" : "green"} variant="outline" role="status"
        title={t(conflicts.length ? "prm.conflicted" : "prm.clean", { status: t(`prm.s.${status}`, { defaultValue: status }) })}>
        {conflicts.length > 0 && (
          <List>
            {conflicts.map((c) => (
              <List.Item key={`${c.kind}-${c.matched_on}`}>{t("prm.conflictLine", { kind: t(`prm.k.${c.kind}`, { defaultValue: c.kind }), on: c.matched_on })}</List.Item>
            ))}
          </List>
        )}
      </Alert>
      <Anchor component={Link} to={`/portal/registrations/${id}`}>
        {t("prm.openRegistration")}
      </Anchor>
    </Stack>
  );
}
