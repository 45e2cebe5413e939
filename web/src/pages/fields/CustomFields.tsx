import { Badge, Button, Card, Checkbox, Group, Select, Stack, Table, Textarea, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";
import { ENTITIES, TYPES, labelOf, type Entity, type FieldDef } from "./customValues";

type FieldPatch = components["schemas"]["FieldDefPatch"];

interface NewField {
  key: string;
  type: FieldDef["type"];
  en: string;
  pl: string;
  help: string;
  options: string;
  required: boolean;
  filterable: boolean;
  personal: boolean;
}

const BLANK: NewField = { key: "", type: "text", en: "", pl: "", help: "", options: "", required: false, filterable: false, personal: false };

/** "value" or "value = label" per line: a select's options. */
function optionsOf(text: string) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [value = "", label] = line.split("=").map((x) => x.trim());
      return { value, labels: { en: label || value } };
    });
}

/** Admins define each entity's own fields: type, labels, required, options, filterable, personal; archive them. */
export function CustomFields() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [entity, setEntity] = useState<Entity>("customer");
  const [form, setForm] = useState<NewField>(BLANK);
  const defs = useQuery({
    queryKey: ["fields", entity],
    queryFn: async () => unwrap(await api.GET("/settings/fields/{entity}", { params: { path: { entity } } })),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ["fields", entity] });
  const define = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/settings/fields/{entity}", {
          params: { path: { entity } },
          body: {
            key: form.key.trim(),
            type: form.type,
            labels: form.pl.trim() ? { en: form.en.trim(), pl: form.pl.trim() } : { en: form.en.trim() },
            help: form.help.trim() ? { en: form.help.trim() } : null,
            required: form.required,
            default: null,
            options: form.type === "select" || form.type === "multiselect" ? optionsOf(form.options) : [],
            position: (defs.data?.items.length ?? 0) * 10,
            filterable: form.filterable,
            personal: form.personal,
          },
        }),
      ),
    onSuccess: async () => {
      setForm(BLANK);
      await refresh();
    },
  });
  const archive = useMutation({
    mutationFn: async (d: FieldDef) =>
      unwrap(
        await api.PATCH("/settings/fields/{entity}/{key}", {
          params: { path: { entity, key: d.key } },
          body: partial<FieldPatch>({ archived: !d.archived, version: d.version }),
        }),
      ),
    onSuccess: refresh,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    define.mutate();
  }
  const set = (key: keyof NewField) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value });
  const flag = (key: keyof NewField) => (e: { currentTarget: { checked: boolean } }) => setForm({ ...form, [key]: e.currentTarget.checked });
  const selects = form.type === "select" || form.type === "multiselect";
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("fields.title")}
      </Title>
      <Select label={t("fields.entity")} data={ENTITIES.map((e) => ({ value: e, label: t(`fields.entities.${e}`) }))}
        value={entity} onChange={(v) => v && setEntity(v as Entity)} allowDeselect={false} maw={320} />
      <Card withBorder>
        <Table.ScrollContainer minWidth={560} scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": t("fields.list") } }}>
          <Table aria-label={t("fields.list")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("fields.label")}</Table.Th>
                <Table.Th>{t("fields.key")}</Table.Th>
                <Table.Th>{t("fields.type")}</Table.Th>
                <Table.Th>{t("fields.flags")}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t("fields.actions")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(defs.data?.items ?? []).map((d) => (
                <Table.Tr key={d.key}>
                  <Table.Td>{labelOf(d.labels, i18n.language, d.key)}</Table.Td>
                  <Table.Td>{d.key}</Table.Td>
                  <Table.Td>{t(`fields.types.${d.type}`)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {d.required && <Badge variant="outline">{t("fields.required")}</Badge>}
                      {d.filterable && <Badge variant="outline">{t("fields.filterable")}</Badge>}
                      {d.personal && <Badge variant="outline">{t("fields.personal")}</Badge>}
                      {d.archived && <Badge color="gray">{t("fields.archived")}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => archive.mutate(d)} loading={archive.isPending}>
                      {d.archived ? t("fields.restore") : t("fields.archive")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <ErrorNotice error={defs.error ?? archive.error} />
      </Card>
      <Card withBorder component="form" onSubmit={submit} aria-label={t("fields.add")}>
        <Stack>
          <Title order={2} size="h4">
            {t("fields.add")}
          </Title>
          <TextInput label={t("fields.key")} description={t("fields.keyHelp")} required value={form.key} onChange={set("key")}
            error={fieldError(define.error, "key")} />
          <Select label={t("fields.type")} data={TYPES.map((x) => ({ value: x, label: t(`fields.types.${x}`) }))} value={form.type}
            onChange={(v) => v && setForm({ ...form, type: v as FieldDef["type"] })} allowDeselect={false} />
          <TextInput label={t("fields.labelEn")} required value={form.en} onChange={set("en")} />
          <TextInput label={t("fields.labelPl")} value={form.pl} onChange={set("pl")} />
          <TextInput label={t("fields.help")} value={form.help} onChange={set("help")} />
          {selects && (
            <Textarea label={t("fields.options")} description={t("fields.optionsHelp")} required autosize minRows={3}
              value={form.options} onChange={set("options")} error={fieldError(define.error, "options")} />
          )}
          <Group>
            <Checkbox label={t("fields.required")} checked={form.required} onChange={flag("required")} />
            <Checkbox label={t("fields.filterable")} checked={form.filterable} onChange={flag("filterable")}
              error={fieldError(define.error, "filterable")} />
            <Checkbox label={t("fields.personal")} checked={form.personal} onChange={flag("personal")} />
          </Group>
          <ErrorNotice error={define.error} />
          <Group>
            <Button type="submit" loading={define.isPending}>
              {t("fields.save")}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
