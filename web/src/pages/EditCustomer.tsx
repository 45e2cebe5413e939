import { Alert, Button, Card, Group, Stack, Table, TextInput, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ApiFailure, unwrap } from "../api/client";
import { useApi, type CustomerOut } from "../api/hooks";
import { asPatch, changesOf, conflicts, editableOf, type CustomerPatch, type Editable } from "./customerEdit";
import { ErrorNotice } from "./ErrorNotice";
import { CustomFieldInputs, useFieldDefs } from "./fields/CustomFieldInputs";
import { customErrors, draftsOf, valuesOf, type Drafts, type Values } from "./fields/customValues";

/** Edit with optimistic locking: the PATCH carries If-Match with the version the user saw; on 409 the console
 * shows what is on the server now beside the user's change, and the user reapplies or discards it. */
export function EditCustomer({ customer, onDone }: { customer: CustomerOut; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [form, setForm] = useState<Editable>(editableOf(customer));
  const defs = useFieldDefs("customer");
  const before = customer.custom as Values;
  const [custom, setCustom] = useState<Drafts | null>(null); // null: untouched (the field list may still load)
  const [clash, setClash] = useState<{ mine: Partial<CustomerPatch>; now: CustomerOut } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function save(changes: Partial<CustomerPatch>, version: number) {
    setBusy(true);
    setFailure(null);
    try {
      unwrap(
        await api.PATCH("/customers/{customer_id}", {
          params: { path: { customer_id: customer.customer_id }, header: { "If-Match": `"${version}"` } },
          body: asPatch(changes),
        }),
      );
      await queries.invalidateQueries({ queryKey: ["360", customer.customer_id] });
      onDone();
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 409 && error.body.error === "version_conflict") {
        const now = unwrap(
          await api.GET("/customers/{customer_id}", { params: { path: { customer_id: customer.customer_id } } }),
        );
        setClash({ mine: changes, now });
      } else {
        setFailure(error);
      }
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const values = custom ? valuesOf(defs, custom, before) : {};
    const changes = changesOf(editableOf(customer), form);
    void save(Object.keys(values).length ? { ...changes, custom: values } : changes, customer.version);
  }

  const set = (key: keyof Editable) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [key]: e.currentTarget.value });
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Stack>
        <Title order={2} size="h4">
          {t("edit.title")}
        </Title>
        <TextInput label={t("customers.name")} value={form.name} onChange={set("name")} />
        <TextInput label={t("edit.emails")} value={form.emails} onChange={set("emails")} />
        <TextInput label={t("edit.phones")} value={form.phones} onChange={set("phones")} />
        <TextInput label={t("c360.tags")} value={form.tags} onChange={set("tags")} />
        <TextInput label={t("edit.industry")} value={form.industry} onChange={set("industry")} />
        <CustomFieldInputs defs={defs} drafts={custom ?? draftsOf(defs, before)} onChange={setCustom}
          errors={customErrors(failure instanceof ApiFailure ? failure.body.fields : undefined)} />
        {clash && (
          <Alert color="blue" variant="outline" role="alert" title={t("edit.conflict")}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("edit.field")}</Table.Th>
                  <Table.Th>{t("edit.now")}</Table.Th>
                  <Table.Th>{t("edit.mine")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {conflicts(clash.mine, clash.now).map(([field, now, mine]) => (
                  <Table.Tr key={field}>
                    <Table.Td>{field}</Table.Td>
                    <Table.Td>{now}</Table.Td>
                    <Table.Td>{mine}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group mt="sm">
              <Button onClick={() => void save(clash.mine, clash.now.version)} loading={busy}>
                {t("edit.reapply")}
              </Button>
              <Button variant="default" onClick={onDone}>
                {t("edit.discard")}
              </Button>
            </Group>
          </Alert>
        )}
        <ErrorNotice error={failure} />
        <Group>
          <Button type="submit" loading={busy}>
            {t("edit.save")}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t("edit.cancel")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
