import { Badge, Button, Card, Group, Select, Stack, Tabs, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router-dom";

import { ifMatch, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session";
import { mayPublishArticles, mayWriteArticles } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";
import { ArticleBody, LANGUAGES } from "./parts";
import { TranslationForm, type TranslationIn } from "./TranslationForm";

type Translation = components["schemas"]["TranslationOut"];

/** One article: a tab per translation with its text, status, review actions, feedback and history; writers edit
 * a translation (a new revision) or add one in another language. */
export function ArticleView() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const api = useApi();
  const article = useQuery({
    queryKey: ["kb-article", id],
    queryFn: async () => unwrap(await api.GET("/kb/articles/{article_id}", { params: { path: { article_id: id } } })),
  });
  if (article.error) return <ErrorNotice error={article.error} />;
  if (!article.data) return <Text aria-busy="true">…</Text>;
  const translations = article.data.translations;
  const shown = translations.find((x) => x.lang === params.get("lang")) ?? translations[0];
  if (!shown) return null;
  const lang = shown.lang;
  return (
    <Stack>
      <Tabs value={lang} onChange={(l) => l && setParams({ lang: l })}>
        <Tabs.List>
          {translations.map((x) => (
            <Tabs.Tab key={x.lang} value={x.lang}>
              {x.lang}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {translations.map((x) => (
          <Tabs.Panel key={x.lang} value={x.lang} pt="sm">
            <TranslationPanel item={x} />
          </Tabs.Panel>
        ))}
      </Tabs>
      <AddTranslation articleId={id} have={translations.map((x) => x.lang)} from={shown}
        onAdded={(l) => setParams({ lang: l })} />
    </Stack>
  );
}

function TranslationPanel({ item }: { item: Translation }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const groups = useSession().user?.groups ?? [];
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState("");
  const path = { article_id: item.article_id, lang: item.lang };
  const refresh = () => Promise.all([queries.invalidateQueries({ queryKey: ["kb-article", item.article_id] }), queries.invalidateQueries({ queryKey: ["kb-articles"] })]);
  const save = useMutation({
    mutationFn: async (value: TranslationIn) =>
      unwrap(await api.PUT("/kb/articles/{article_id}/translations/{lang}", { params: { path, header: ifMatch(item.version) }, body: { ...value, version: null } })),
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const step = useMutation({
    mutationFn: async (action: "submit" | "publish" | "return") => {
      const body = { note: note.trim() || null, version: null };
      const options = { params: { path, header: ifMatch(item.version) }, body };
      if (action === "submit") return unwrap(await api.POST("/kb/articles/{article_id}/translations/{lang}/submit", options));
      if (action === "publish") return unwrap(await api.POST("/kb/articles/{article_id}/translations/{lang}/publish", options));
      return unwrap(await api.POST("/kb/articles/{article_id}/translations/{lang}/return", options));
    },
    onSuccess: async () => {
      setNote("");
      await refresh();
    },
  });
  const feedback = useMutation({
    mutationFn: async (helped: boolean) =>
      unwrap(await api.POST("/kb/articles/{article_id}/translations/{lang}/feedback", { params: { path }, body: { helped } })),
    onSuccess: refresh,
  });
  const writes = mayWriteArticles(groups);
  const reviews = mayPublishArticles(groups);
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2" style={{ overflowWrap: "anywhere" }}>
          {item.title}
        </Title>
        <Badge variant="light">{t(`kb.s.${item.status}`)}</Badge>
        <Badge variant="outline">{t(`kb.v.${item.visibility}`)}</Badge>
      </Group>
      <Text size="sm">
        {t("kb.revision", { n: item.revision })} · {t("kb.updated", { at: item.updated_at.slice(0, 16).replace("T", " "), by: item.updated_by })} ·{" "}
        {item.published_revision ? t("kb.live", { n: item.published_revision, by: item.published_by }) : t("kb.notLive")}
      </Text>
      {item.review_note && <Text size="sm" role="note">{item.review_note}</Text>}
      {editing ? (
        <TranslationForm initial={{ title: item.title, body: item.body, category: item.category, visibility: item.visibility, case_categories: item.case_categories as TranslationIn["case_categories"] }}
          busy={save.isPending} onSave={(value) => save.mutate(value)} />
      ) : (
        <Card withBorder>
          <ArticleBody markdown={item.body} />
        </Card>
      )}
      <ErrorNotice error={save.error ?? step.error ?? feedback.error} />
      <Group>
        {writes && !editing && <Button variant="default" onClick={() => setEditing(true)}>{t("kb.edit")}</Button>}
        {writes && item.status === "draft" && <Button onClick={() => step.mutate("submit")} loading={step.isPending}>{t("kb.submit")}</Button>}
        {reviews && item.status === "in_review" && (
          <>
            <Button onClick={() => step.mutate("publish")} loading={step.isPending}>{t("kb.publish")}</Button>
            <TextInput aria-label={t("kb.note")} placeholder={t("kb.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <Button variant="default" onClick={() => step.mutate("return")}>{t("kb.sendBack")}</Button>
          </>
        )}
      </Group>
      {item.published_revision !== null && (
        <Group>
          <Button variant="light" onClick={() => feedback.mutate(true)}>{t("kb.helped", { n: item.helped })}</Button>
          <Button variant="light" onClick={() => feedback.mutate(false)}>{t("kb.notHelped", { n: item.not_helped })}</Button>
          {feedback.isSuccess && <Text role="status">{t("kb.thanks")}</Text>}
        </Group>
      )}
      <History articleId={item.article_id} lang={item.lang} revision={item.version} />
    </Stack>
  );
}

function History({ articleId, lang, revision }: { articleId: string; lang: string; revision: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const list = useQuery({
    queryKey: ["kb-revisions", articleId, lang, revision],
    queryFn: async () => unwrap(await api.GET("/kb/articles/{article_id}/translations/{lang}/revisions", { params: { path: { article_id: articleId, lang } } })),
  });
  return (
    <Card withBorder component="section" aria-label={t("kb.revisions")}>
      <Text fw={600}>{t("kb.revisions")}</Text>
      {(list.data?.items ?? []).map((r) => (
        <Text key={`${r.revision}/${r.saved_at}/${r.event}`} size="sm">
          {r.saved_at.slice(0, 16).replace("T", " ")} · {t("kb.revision", { n: r.revision })} · {t(`kb.e.${r.event}`)} · {r.saved_by}
        </Text>
      ))}
      <ErrorNotice error={list.error} />
    </Card>
  );
}

/** The article in a language it lacks, starting from the open translation's text. */
function AddTranslation({ articleId, have, from, onAdded }: { articleId: string; have: string[]; from: Translation; onAdded: (lang: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const groups = useSession().user?.groups ?? [];
  const [lang, setLang] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: async ({ value, to }: { value: TranslationIn; to: string }) =>
      unwrap(await api.PUT("/kb/articles/{article_id}/translations/{lang}", { params: { path: { article_id: articleId, lang: to } }, body: { ...value, version: null } })),
    onSuccess: async (_, { to }) => {
      setLang(null);
      await queries.invalidateQueries({ queryKey: ["kb-article", articleId] });
      onAdded(to);
    },
  });
  const missing = LANGUAGES.filter((l) => !have.includes(l));
  if (!mayWriteArticles(groups) || missing.length === 0) return null;
  return (
    <Card withBorder component="section" aria-label={t("kb.addTranslation")}>
      <Text fw={600}>{t("kb.addTranslation")}</Text>
      <Select label={t("kb.language")} data={missing} value={lang} onChange={setLang} w={120} />
      {lang && (
        <TranslationForm key={lang} busy={add.isPending} onSave={(value) => add.mutate({ value, to: lang })}
          initial={{ title: from.title, body: from.body, category: from.category, visibility: from.visibility, case_categories: from.case_categories as TranslationIn["case_categories"] }} />
      )}
      <ErrorNotice error={add.error} />
    </Card>
  );
}
