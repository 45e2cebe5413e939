import { Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

interface Line {
  who: "you" | "bot";
  text: string;
}

/** The assistant (the chatbot): order and case status, a new case, opening hours, answers from the help
 * articles, or a person. One conversation per visit of the page. */
export function MyChat() {
  const { t } = useTranslation();
  const api = useApi();
  const [session] = useState(() => crypto.randomUUID());
  const [lines, setLines] = useState<Line[]>([]);
  const [text, setText] = useState("");
  const send = useMutation({
    mutationFn: async (said: string) => unwrap(await api.POST("/me/chat", { body: { text: said, session } })),
    onMutate: (said) => setLines((l) => [...l, { who: "you", text: said }]),
    onSuccess: (answer) => setLines((l) => [...l, ...answer.messages.map((m) => ({ who: "bot" as const, text: m }))]),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    send.mutate(text.trim());
    setText("");
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("me.chat")}
      </Title>
      <Card withBorder component="section" aria-label={t("me.chat")}>
        <Stack gap="xs" role="log" aria-live="polite">
          {lines.length === 0 && <Text c="dimmed">{t("me.chatHello")}</Text>}
          {lines.map((l, i) => (
            <Text key={i}>
              <b>{l.who === "you" ? t("me.you") : t("me.assistant")}:</b> {l.text}
            </Text>
          ))}
        </Stack>
        {send.data?.handoff && <Text role="status" mt="sm">{t("me.handoff")}</Text>}
        {send.data?.case_id && (
          <Button component={Link} to={`/me/cases/${send.data.case_id}`} variant="light" mt="sm">
            {t("me.seeCase")}
          </Button>
        )}
        <form onSubmit={submit}>
          <Group mt="sm" align="end">
            <TextInput label={t("me.message")} value={text} onChange={(e) => setText(e.currentTarget.value)} style={{ flex: 1, minWidth: 160 }} maxLength={1000} />
            <Button type="submit" loading={send.isPending}>
              {t("me.send")}
            </Button>
          </Group>
        </form>
        <ErrorNotice error={send.error} />
      </Card>
    </Stack>
  );
}
