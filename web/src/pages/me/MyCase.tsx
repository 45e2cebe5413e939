import { Badge, Button, Card, Group, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

/** One of the customer's cases: its status, the public conversation, and a reply. */
export function MyCase() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [body, setBody] = useState("");
  const view = useQuery({
    queryKey: ["my-case", id],
    queryFn: async () => unwrap(await api.GET("/me/cases/{case_id}", { params: { path: { case_id: id } } })),
  });
  const reply = useMutation({
    mutationFn: async () => unwrap(await api.POST("/me/cases/{case_id}/replies", { params: { path: { case_id: id } }, body: { body } })),
    onSuccess: async (next) => {
      setBody("");
      queries.setQueryData(["my-case", id], next);
      await queries.invalidateQueries({ queryKey: ["my-cases"] });
    },
  });
  if (view.error) return <ErrorNotice error={view.error} />;
  if (!view.data) return <Text aria-busy="true">…</Text>;
  const c = view.data;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (body.trim()) reply.mutate();
  }
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2" style={{ overflowWrap: "anywhere" }}>
          {c.subject}
        </Title>
        <Badge variant="light">{t(`me.s.${c.status}`)}</Badge>
      </Group>
      {c.description && <Text>{c.description}</Text>}
      <Card withBorder component="section" aria-label={t("me.conversation")}>
        <Title order={2} size="h4">
          {t("me.conversation")}
        </Title>
        {c.comments.map((m, i) => (
          <Text key={i} mt="xs">
            <b>{m.author === "you" ? t("me.you") : t("me.service")}</b> ({m.created_at.slice(0, 16).replace("T", " ")}): {m.body}
          </Text>
        ))}
      </Card>
      {c.status !== "closed" && (
        <Card withBorder component="form" onSubmit={submit}>
          <Textarea label={t("me.reply")} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} required />
          <Button type="submit" mt="sm" loading={reply.isPending}>
            {t("me.send")}
          </Button>
          <ErrorNotice error={reply.error} />
        </Card>
      )}
    </Stack>
  );
}
