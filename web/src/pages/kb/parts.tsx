import { Anchor, Card, Select, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import Markdown from "react-markdown";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";

type SearchOut = components["schemas"]["SearchOut"];
export const LANGUAGES = ["en", "pl", "de", "fr", "es", "it"];

export function searchLanguages(t: TFunction, value: string, onChange: (lang: string) => void) {
  return (
    <Select label={t("kb.language")} data={LANGUAGES} value={value} allowDeselect={false} w={90}
      onChange={(lang) => { if (lang) onChange(lang); }} />
  );
}

/** A snippet's matched words, marked by the API between [ and ], as <mark>. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(/(\[[^\]]*\])/);
  return (
    <Text size="sm">
      {parts.map((p, i) => (p.startsWith("[") && p.endsWith("]") ? <mark key={i}>{p.slice(1, -1)}</mark> : <span key={i}>{p}</span>))}
    </Text>
  );
}

/** Search results: title (to the article), snippet, and the respelled query when the API corrected it. */
export function Hits({ result, empty }: { result: SearchOut; empty?: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" mt="sm" aria-live="polite">
      {result.corrected && <Text size="sm" role="status">{t("kb.corrected", { q: result.query })}</Text>}
      {result.items.length === 0 && <Text size="sm">{empty ?? t("kb.noHits")}</Text>}
      {result.items.map((h) => (
        <div key={`${h.article_id}/${h.lang}`}>
          <Anchor component={Link} to={`/kb/${h.article_id}?lang=${h.lang}`}>
            {h.title}
          </Anchor>
          <Snippet text={h.snippet} />
        </div>
      ))}
    </Stack>
  );
}

/** Markdown as the reader sees it: react-markdown renders no raw HTML (a <script> stays text). */
export function ArticleBody({ markdown }: { markdown: string }) {
  return (
    <div className="kb-article">
      <Markdown>{markdown}</Markdown>
    </div>
  );
}

/** Articles for a case (its subject and category), in the agent's language: on the case and in the screen pop. */
export function SuggestedArticles({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const lang = i18n.language.slice(0, 2);
  const found = useQuery({
    queryKey: ["kb-suggestions", caseId, lang],
    queryFn: async () => unwrap(await api.GET("/kb/suggestions", { params: { query: { case_id: caseId, lang } } })),
  });
  return (
    <Card withBorder component="section" aria-label={t("kb.suggested")}>
      <Text fw={600}>{t("kb.suggested")}</Text>
      {found.data && <Hits result={found.data} empty={t("kb.noSuggestions")} />}
      <ErrorNotice error={found.error} />
    </Card>
  );
}
