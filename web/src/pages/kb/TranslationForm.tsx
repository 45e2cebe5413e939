import { Button, Card, Group, MultiSelect, Select, Stack, Tabs, TextInput, Textarea } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ArticleBody } from "./parts";

export type TranslationIn = Omit<components["schemas"]["TranslationIn"], "version">;
type CaseCategory = NonNullable<TranslationIn["case_categories"]>[number];
const CASE_CATEGORIES: CaseCategory[] = ["complaint", "question", "return", "incident"];

/** Title, category, visibility, the case types it helps with and the Markdown text (with a preview); with
 * `languages`, also the language of a new article or translation. */
export function TranslationForm({ initial, languages, busy, onSave }: {
  initial: TranslationIn;
  languages?: string[];
  busy: boolean;
  onSave: (value: TranslationIn, lang: string | null) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const categories = useQuery({ queryKey: ["kb-categories"], queryFn: async () => unwrap(await api.GET("/kb/categories")).items });
  const [value, setValue] = useState<TranslationIn>(initial);
  const [lang, setLang] = useState<string | null>(languages?.[0] ?? null);
  const set = (patch: Partial<TranslationIn>) => setValue((v) => ({ ...v, ...patch }));
  function submit(event: FormEvent) {
    event.preventDefault();
    onSave(value, lang);
  }
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Stack>
        {languages && (
          <Select label={t("kb.language")} data={languages} value={lang} onChange={setLang} allowDeselect={false} required />
        )}
        <TextInput label={t("kb.articleTitle")} value={value.title} onChange={(e) => set({ title: e.currentTarget.value })} required />
        <Group grow align="start">
          <Select label={t("kb.category")} required value={value.category || null} allowDeselect={false}
            data={(categories.data ?? []).map((c) => ({ value: c.category_id, label: c.names[lang ?? "en"] ?? c.names.en ?? c.category_id }))}
            onChange={(category) => set({ category: category ?? "" })} />
          <Select label={t("kb.visibility")} value={value.visibility ?? "internal"} allowDeselect={false}
            data={(["internal", "public"] as const).map((v) => ({ value: v, label: t(`kb.v.${v}`) }))}
            onChange={(v) => set({ visibility: (v ?? "internal") as TranslationIn["visibility"] })} />
        </Group>
        <MultiSelect label={t("kb.caseCategories")} value={value.case_categories ?? []}
          data={CASE_CATEGORIES.map((c) => ({ value: c, label: t(`caseForm.c.${c}`) }))}
          onChange={(v) => set({ case_categories: v as CaseCategory[] })} />
        <Tabs defaultValue="edit">
          <Tabs.List>
            <Tabs.Tab value="edit">{t("kb.edit")}</Tabs.Tab>
            <Tabs.Tab value="preview">{t("kb.preview")}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="edit" pt="xs">
            <Textarea label={t("kb.body")} value={value.body} autosize minRows={8} required
              onChange={(e) => set({ body: e.currentTarget.value })} />
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="xs">
            <ArticleBody markdown={value.body} />
          </Tabs.Panel>
        </Tabs>
        <Group>
          <Button type="submit" loading={busy}>
            {t("kb.save")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

