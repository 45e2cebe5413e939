import { Anchor, Badge, Button, Card, Group, Stack, Switch, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { ifMatch, unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import { CaseSettings } from "./CaseSettings";
import { ErrorNotice } from "./ErrorNotice";
import { SuggestedArticles } from "./kb/parts";

/** One case: its status moves only to what the API says is allowed next; comments are public (the customer's
 * answer, the first response) or internal. */
export function CaseDetail() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [body, setBody] = useState("");
  const [isPublic, setPublic] = useState(true);
  const view = useQuery({
    queryKey: ["case", id],
    queryFn: async () => unwrap(await api.GET("/cases/{case_id}", { params: { path: { case_id: id } } })),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ["case", id] });
  const move = useMutation({
    mutationFn: async (status: "open" | "pending" | "resolved" | "closed") =>
      unwrap(
        await api.POST("/cases/{case_id}/status", {
          params: { path: { case_id: id }, header: ifMatch(view.data?.version ?? 0) },
          body: { status, note: null, version: null },
        }),
      ),
    onSuccess: refresh,
  });
  const comment = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/cases/{case_id}/comments", { params: { path: { case_id: id } }, body: { body, public: isPublic } })),
    onSuccess: async () => {
      setBody("");
      await refresh();
    },
  });
  if (view.error) return <ErrorNotice error={view.error} />;
  if (!view.data) return <Text aria-busy="true">…</Text>;
  const c = view.data;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (body.trim()) comment.mutate();
  }
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {c.subject}
        </Title>
        <Badge variant="light">{t(`cases.s.${c.status}`)}</Badge>
        <Badge variant="outline">{t(`cases.p.${c.priority}`)}</Badge>
      </Group>
      <Anchor component={Link} to={`/customers/${c.customer_id}`}>
        {t("cases.customer")}
      </Anchor>
      <CaseSettings value={c} />
      <SuggestedArticles caseId={c.case_id} />
      <Card withBorder>
        <Title order={2} size="h4">
          {t("cases.move")}
        </Title>
        <Group mt="xs">
          {c.allowed_transitions.length === 0 && <Text>{t("cases.final")}</Text>}
          {c.allowed_transitions.map((next) => (
            <Button key={next} variant="default" loading={move.isPending && move.variables === next}
              onClick={() => move.mutate(next as "open" | "pending" | "resolved" | "closed")}>
              {t(`cases.to.${next}`)}
            </Button>
          ))}
        </Group>
        <ErrorNotice error={move.error} />
      </Card>
      <Card withBorder component="form" onSubmit={submit}>
        <Title order={2} size="h4">
          {t("cases.comments")}
        </Title>
        {c.comments.map((m) => (
          <Text key={m.comment_id} mt="xs">
            <b>{m.author}</b> {m.public ? "" : `(${t("cases.internal")})`}: {m.body}
          </Text>
        ))}
        <Textarea mt="sm" label={t("cases.reply")} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
        <Group mt="sm">
          <Switch label={t("cases.public")} checked={isPublic} onChange={(e) => setPublic(e.currentTarget.checked)} />
          <Button type="submit" loading={comment.isPending}>
            {t("cases.send")}
          </Button>
        </Group>
        <ErrorNotice error={comment.error} />
      </Card>
    </Stack>
  );
}
