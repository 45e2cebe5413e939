import { Checkbox, Group, MultiSelect, Select, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { labelOf, type Drafts, type Entity, type FieldDef } from "./customValues";

/** The active custom fields of an entity, in their order (archived ones stay out of forms). */
export function useFieldDefs(entity: Entity): FieldDef[] {
  const api = useApi();
  const defs = useQuery({
    queryKey: ["fields", entity],
    queryFn: async () => unwrap(await api.GET("/settings/fields/{entity}", { params: { path: { entity } } })),
    staleTime: 60_000,
  });
  return (defs.data?.items ?? []).filter((d) => !d.archived);
}

const INPUT_TYPE: Partial<Record<FieldDef["type"], string>> = { url: "url", email: "email", phone: "tel", date: "date" };

/** One input per custom field, of the field's kind, labelled in the user's language, with the API's error for it. */
export function CustomFieldInputs(props: {
  defs: FieldDef[];
  drafts: Drafts;
  onChange: (drafts: Drafts) => void;
  errors: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const set = (key: string, value: string | string[] | boolean) => props.onChange({ ...props.drafts, [key]: value });
  return (
    <>
      {props.defs.map((d) => {
        const label = labelOf(d.labels, lang, d.key);
        const help = d.help ? labelOf(d.help, lang, "") : undefined;
        const common = { label, description: help, error: props.errors[d.key], required: d.required };
        const options = d.options.map((o) => ({ value: o.value, label: labelOf(o.labels, lang, o.value) }));
        if (d.type === "boolean")
          return <Checkbox key={d.key} label={label} description={help} error={props.errors[d.key]}
            checked={props.drafts[d.key] === true} onChange={(e) => set(d.key, e.currentTarget.checked)} />;
        if (d.type === "select")
          return <Select key={d.key} {...common} data={options} clearable value={String(props.drafts[d.key] ?? "") || null}
            onChange={(v) => set(d.key, v ?? "")} />;
        if (d.type === "multiselect")
          return <MultiSelect key={d.key} {...common} data={options} value={(props.drafts[d.key] as string[]) ?? []}
            onChange={(v) => set(d.key, v)} />;
        if (d.type === "money")
          return (
            <Group key={d.key} align="start" grow>
              <TextInput {...common} inputMode="decimal" value={String(props.drafts[`${d.key}.amount`] ?? "")}
                onChange={(e) => set(`${d.key}.amount`, e.currentTarget.value)} />
              <TextInput label={t("fields.currency")} maxLength={3} required={d.required}
                value={String(props.drafts[`${d.key}.currency`] ?? "")} onChange={(e) => set(`${d.key}.currency`, e.currentTarget.value)} />
            </Group>
          );
        return <TextInput key={d.key} {...common} type={INPUT_TYPE[d.type] ?? "text"}
          inputMode={d.type === "number" ? "decimal" : undefined} value={String(props.drafts[d.key] ?? "")}
          onChange={(e) => set(d.key, e.currentTarget.value)} />;
      })}
    </>
  );
}
