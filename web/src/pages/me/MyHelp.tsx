import { Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";
import { ArticleBody } from "../kb/parts";

/** Help: the public knowledge base articles, searched in the customer's language. */
export function MyHelp() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [q, setQ] = useState("");
  const [asked, setAsked] = useState<string | null>(null);
  const lang = i18n.language.slice(0, 2);
  const found = useQuery({
    queryKey: ["my-help", asked, lang],
    enabled: asked !== null,
    queryFn: async () => unwrap(await api.GET("/me/help", { params: { query: { q: asked ?? "", lang } } })),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (q.trim()) setAsked(q.trim());
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("me.help")}
      </Title>
      <Card withBorder component="form" role="search" aria-label={t("me.helpSearch")} onSubmit={submit}>
        <Group align="end">
          <TextInput label={t("me.helpSearch")} value={q} onChange={(e) => setQ(e.currentTarget.value)} style={{ flex: 1, minWidth: 160 }} />
          <Button type="submit">{t("kb.searchButton")}</Button>
        </Group>
      </Card>
      {found.data?.corrected && <Text role="status">{t("kb.corrected", { q: found.data.query })}</Text>}
      {found.data && found.data.items.length === 0 && <Text>{t("kb.noHits")}</Text>}
      {(found.data?.items ?? []).map((h) => (
        <Anchor key={h.article_id} component={Link} to={`/me/help/${h.article_id}/${h.lang}`}>
          {h.title}
        </Anchor>
      ))}
      <ErrorNotice error={found.error} />
    </Stack>
  );
}

/** One help article as published, and whether it helped. */
export function MyHelpArticle() {
  const { id = "", lang = "en" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const article = useQuery({
    queryKey: ["my-help-article", id, lang],
    queryFn: async () => unwrap(await api.GET("/me/help/{article_id}/{lang}", { params: { path: { article_id: id, lang } } })),
  });
  const rate = useMutation({
    mutationFn: async (helped: boolean) =>
      unwrap(await api.POST("/me/help/{article_id}/{lang}/feedback", { params: { path: { article_id: id, lang } }, body: { helped } })),
  });
  if (article.error) return <ErrorNotice error={article.error} />;
  if (!article.data) return <Text aria-busy="true">…</Text>;
  return (
    <Stack>
      <Title order={1} size="h2" style={{ overflowWrap: "anywhere" }}>
        {article.data.title}
      </Title>
      <Card withBorder>
        <ArticleBody markdown={article.data.body} />
      </Card>
      {rate.isSuccess ? (
        <Text role="status">{t("kb.thanks")}</Text>
      ) : (
        <Group>
          <Text>{t("me.helped")}</Text>
          <Button variant="light" onClick={() => rate.mutate(true)}>{t("me.yes")}</Button>
          <Button variant="light" onClick={() => rate.mutate(false)}>{t("me.no")}</Button>
        </Group>
      )}
      <ErrorNotice error={rate.error} />
    </Stack>
  );
}
