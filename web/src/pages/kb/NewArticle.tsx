import { Stack, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";
import { LANGUAGES } from "./parts";
import { TranslationForm, type TranslationIn } from "./TranslationForm";

const BLANK: TranslationIn = { title: "", body: "", category: "", visibility: "internal", case_categories: [] };

/** A new article: its first translation, saved as a draft; then the article's page. */
export function NewArticle() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const first = i18n.language.slice(0, 2);
  const create = useMutation({
    mutationFn: async ({ value, lang }: { value: TranslationIn; lang: string }) =>
      unwrap(await api.POST("/kb/articles", { body: { ...value, lang, version: null } })),
    onSuccess: (made, { lang }) => navigate(`/kb/${made.article_id}?lang=${lang}`),
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("kb.newArticle")}
      </Title>
      <TranslationForm initial={BLANK} languages={[first, ...LANGUAGES.filter((l) => l !== first)]} busy={create.isPending}
        onSave={(value, lang) => create.mutate({ value, lang: lang ?? first })} />
      <ErrorNotice error={create.error} />
    </Stack>
  );
}
