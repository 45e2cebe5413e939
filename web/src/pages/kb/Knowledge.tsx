import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { useSession } from "../../auth/session";
import { mayPublishArticles, mayWriteArticles } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";
import { Hits, searchLanguages } from "./parts";

/** The knowledge base: full-text search of what is published (in a chosen language), every article's
 * translations with their status, and (for reviewers) the categories. */
export function Knowledge() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const groups = useSession().user?.groups ?? [];
  const [q, setQ] = useState("");
  const [asked, setAsked] = useState<{ q: string; lang: string } | null>(null);
  const [lang, setLang] = useState(i18n.language.slice(0, 2));
  const found = useQuery({
    queryKey: ["kb-search", asked],
    enabled: asked !== null,
    queryFn: async () => unwrap(await api.GET("/kb/search", { params: { query: { q: asked?.q ?? "", lang: asked?.lang ?? "en" } } })),
  });
  const articles = useQuery({ queryKey: ["kb-articles"], queryFn: async () => unwrap(await api.GET("/kb/articles", { params: { query: { limit: 100 } } })) });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (q.trim()) setAsked({ q: q.trim(), lang });
  }
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("kb.title")}
        </Title>
        {mayWriteArticles(groups) && (
          <Button component={Link} to="/kb/new">
            {t("kb.newArticle")}
          </Button>
        )}
      </Group>
      <Card withBorder component="form" role="search" aria-label={t("kb.search")} onSubmit={submit}>
        <Group align="end">
          <TextInput label={t("kb.search")} value={q} onChange={(e) => setQ(e.currentTarget.value)} style={{ flex: 1, minWidth: 180 }} />
          {searchLanguages(t, lang, setLang)}
          <Button type="submit">{t("kb.searchButton")}</Button>
        </Group>
        {found.data && <Hits result={found.data} />}
        <ErrorNotice error={found.error} />
      </Card>
      <Title order={2} size="h4">
        {t("kb.articles")}
      </Title>
      <Table.ScrollContainer minWidth={360}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("kb.articleTitle")}</Table.Th>
              <Table.Th>{t("kb.language")}</Table.Th>
              <Table.Th>{t("kb.category")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(articles.data?.items ?? []).map((a) => (
              <Table.Tr key={`${a.article_id}/${a.lang}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/kb/${a.article_id}?lang=${a.lang}`}>
                    {a.title}
                  </Anchor>{" "}
                  <Badge variant="light">{t(`kb.s.${a.status}`)}</Badge>
                </Table.Td>
                <Table.Td>{a.lang}</Table.Td>
                <Table.Td>{a.category}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ErrorNotice error={articles.error} />
      {mayPublishArticles(groups) && <Categories />}
    </Stack>
  );
}

/** Categories with their names in English and Polish; reviewers add or rename them. */
function Categories() {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [id, setId] = useState("");
  const [en, setEn] = useState("");
  const [pl, setPl] = useState("");
  const list = useQuery({ queryKey: ["kb-categories"], queryFn: async () => unwrap(await api.GET("/kb/categories")).items });
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT("/kb/categories/{category_id}", {
          params: { path: { category_id: id.trim() } },
          body: { names: pl.trim() ? { en: en.trim(), pl: pl.trim() } : { en: en.trim() } },
        }),
      ),
    onSuccess: async () => {
      setId("");
      setEn("");
      setPl("");
      await queries.invalidateQueries({ queryKey: ["kb-categories"] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Title order={2} size="h4">
        {t("kb.categories")}
      </Title>
      <Text size="sm">{(list.data ?? []).map((c) => `${c.category_id} (${Object.values(c.names).join(" / ")})`).join(", ")}</Text>
      <Group align="end" mt="xs">
        <TextInput label={t("kb.categoryId")} value={id} onChange={(e) => setId(e.currentTarget.value)} required />
        <TextInput label={t("kb.categoryName", { lang: "en" })} value={en} onChange={(e) => setEn(e.currentTarget.value)} required />
        <TextInput label={t("kb.categoryName", { lang: "pl" })} value={pl} onChange={(e) => setPl(e.currentTarget.value)} />
        <Button type="submit" loading={save.isPending}>
          {t("kb.addCategory")}
        </Button>
      </Group>
      <ErrorNotice error={save.error ?? list.error} />
    </Card>
  );
}
