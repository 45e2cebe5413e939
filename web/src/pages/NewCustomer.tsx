import { Alert, Anchor, Button, Card, Group, SegmentedControl, Stack, TextInput, Title } from "@mantine/core";
import { useQueries } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import { ApiFailure, unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import { EMPTY, fieldErrors, toBody, type Draft } from "./customerForm";
import { ErrorNotice } from "./ErrorNotice";
import { CustomFieldInputs, useFieldDefs } from "./fields/CustomFieldInputs";
import { customErrors, valuesOf, type Drafts } from "./fields/customValues";

interface Duplicate {
  customer_id: string;
  matched_on: string;
}

/** Create a customer; the API's duplicate answer becomes "this looks like <existing>: open it, or create anyway",
 * and its field errors stand next to the fields they name. */
export function NewCustomer() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const defs = useFieldDefs("customer");
  const [custom, setCustom] = useState<Drafts>({});
  const [customFailures, setCustomFailures] = useState<Record<string, string>>({});
  const [duplicates, setDuplicates] = useState<Duplicate[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const names = useQueries({
    queries: duplicates.map((d) => ({
      queryKey: ["customer", d.customer_id],
      queryFn: async () =>
        unwrap(await api.GET("/customers/{customer_id}", { params: { path: { customer_id: d.customer_id } } })),
    })),
  });

  async function create(force: boolean) {
    setBusy(true);
    setFailure(null);
    setErrors({});
    setCustomFailures({});
    const values = valuesOf(defs, custom);
    try {
      const created = unwrap(
        await api.POST("/customers", {
          params: { query: force ? { force: true } : {}, header: { "Idempotency-Key": crypto.randomUUID() } },
          body: { ...toBody(draft), custom: Object.keys(values).length ? values : null },
        }),
      );
      navigate(`/customers/${created.customer_id}`);
    } catch (error) {
      if (error instanceof ApiFailure && error.body.error === "duplicate_customer") {
        setDuplicates(((error.body as unknown as { duplicates?: Duplicate[] }).duplicates ?? []).slice(0, 3));
      } else if (error instanceof ApiFailure && error.status === 400) {
        setErrors(fieldErrors(error.body.fields));
        setCustomFailures(customErrors(error.body.fields));
        setFailure(error);
      } else {
        setFailure(error);
      }
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void create(false);
  }

  const set = (key: keyof Draft) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });
  return (
    <Card withBorder maw={640} component="form" onSubmit={submit}>
      <Stack>
        <Title order={1} size="h2">
          {t("newCustomer.title")}
        </Title>
        <SegmentedControl aria-label={t("customers.kind")} value={draft.kind}
          onChange={(kind) => setDraft({ ...draft, kind: kind as Draft["kind"] })}
          data={[{ value: "company", label: t("newCustomer.company") }, { value: "person", label: t("newCustomer.person") }]} />
        {draft.kind === "company" ? (
          <TextInput label={t("customers.name")} required value={draft.name} onChange={set("name")} error={errors.name} />
        ) : (
          <Group grow>
            <TextInput label={t("newCustomer.firstName")} value={draft.firstName} onChange={set("firstName")} error={errors.firstName} />
            <TextInput label={t("newCustomer.lastName")} required value={draft.lastName} onChange={set("lastName")} error={errors.lastName} />
          </Group>
        )}
        <TextInput label={t("c360.email")} value={draft.email} onChange={set("email")} error={errors.email} />
        <TextInput label={t("c360.phone")} value={draft.phone} onChange={set("phone")} error={errors.phone} />
        <TextInput label={t("customers.country")} value={draft.country} onChange={set("country")} error={errors.country} maxLength={2} />
        <TextInput label={t("c360.tags")} value={draft.tags} onChange={set("tags")} error={errors.tags} />
        <CustomFieldInputs defs={defs} drafts={custom} onChange={setCustom} errors={customFailures} />
        {duplicates.length > 0 && (
          <Alert color="blue" variant="outline" role="alert" title={t("newCustomer.looksLike")}>
            <Stack gap="xs">
              {duplicates.map((d, i) => (
                <Group key={d.customer_id} gap="xs">
                  <Anchor component={Link} to={`/customers/${d.customer_id}`}>
                    {t("newCustomer.open", { name: names[i]?.data?.name ?? d.customer_id })}
                  </Anchor>
                  <span>({d.matched_on})</span>
                </Group>
              ))}
              <Button onClick={() => void create(true)} loading={busy}>
                {t("newCustomer.createAnyway")}
              </Button>
            </Stack>
          </Alert>
        )}
        <ErrorNotice error={failure} />
        <Button type="submit" loading={busy}>
          {t("newCustomer.create")}
        </Button>
      </Stack>
    </Card>
  );
}
