import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ApiFailure, fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session";
import { mayManage } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";

type TemplateIn = components["schemas"]["TemplateIn"];
const SAMPLE = { first_name: "Anna", name: "Anna Nowak", detail: "The spare parts ship on Monday." };

/** Message templates per language: the saved ones with their languages, and an editor whose preview is the API
 * filling the draft with sample values exactly as a send would. */
export function Templates() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const [open, setOpen] = useState<{ name: string; language: string } | null>(null);
  const list = useQuery({ queryKey: ["message-templates"], queryFn: async () => unwrap(await api.GET("/message-templates")).items });
  const edits = mayManage(session.user?.groups ?? []);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("tpl.title")}
      </Title>
      <Table.ScrollContainer minWidth={480}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("tpl.name")}</Table.Th>
              <Table.Th>{t("tpl.subject")}</Table.Th>
              <Table.Th>{t("tpl.languages")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data ?? []).map((x) => (
              <Table.Tr key={x.name}>
                <Table.Td>
                  {x.name} {x.built_in && <Badge variant="outline">{t("tpl.builtIn")}</Badge>}
                </Table.Td>
                <Table.Td>{x.subject}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {x.languages.map((l) => (
                      <Button key={l} size="compact-xs" variant="default" disabled={x.built_in}
                        onClick={() => setOpen({ name: x.name, language: l })} aria-label={t("tpl.open", { name: x.name, lang: l })}>
                        {l}
                      </Button>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ErrorNotice error={list.error} />
      {edits && <Editor key={open ? `${open.name}/${open.language}` : "new"} opened={open} />}
    </Stack>
  );
}

/** A saved template is fetched first, then edited from what it holds; a new one starts blank. */
function Editor({ opened }: { opened: { name: string; language: string } | null }) {
  const api = useApi();
  const saved = useQuery({
    queryKey: ["message-template", opened?.name, opened?.language],
    enabled: opened !== null,
    queryFn: async () =>
      unwrap(
        await api.GET("/message-templates/{name}/{language}", { params: { path: { name: opened?.name ?? "", language: opened?.language ?? "" } } }),
      ),
  });
  if (!opened) return <Form opened={null} initial={{ subject: "", text: "", html: null, sms: null }} />;
  if (!saved.data) return <ErrorNotice error={saved.error} />;
  const d = saved.data;
  return <Form opened={opened} initial={{ subject: d.subject, text: d.text, html: d.html ?? null, sms: d.sms ?? null }} />;
}

function Form({ opened, initial }: { opened: { name: string; language: string } | null; initial: TemplateIn }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [name, setName] = useState(opened?.name ?? "");
  const [language, setLanguage] = useState<string | null>(opened?.language ?? "en");
  const [draft, setDraft] = useState<TemplateIn>(initial);
  const [settled] = useDebouncedValue(draft, 400);
  const preview = useQuery({
    queryKey: ["template-preview", settled],
    enabled: Boolean(settled.subject && settled.text),
    retry: false,
    queryFn: async () => unwrap(await api.POST("/message-templates/preview", { body: { template: settled, values: SAMPLE } })),
  });
  const save = useMutation({
    mutationFn: async () =>
      unwrap(await api.PUT("/message-templates/{name}/{language}", { params: { path: { name: name.trim(), language: language ?? "en" } }, body: draft })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["message-templates"] }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const set = (change: Partial<TemplateIn>) => setDraft({ ...draft, ...change });
  const badBraces = preview.error instanceof ApiFailure ? preview.error.message : null;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <Card withBorder component="form" onSubmit={submit}>
        <Title order={2} size="h4">
          {opened ? t("tpl.edit", { name: opened.name, lang: opened.language }) : t("tpl.new")}
        </Title>
        <Group grow mt="xs">
          <TextInput label={t("tpl.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required disabled={opened !== null} />
          <Select label={t("tpl.language")} value={language} allowDeselect={false} onChange={setLanguage} disabled={opened !== null}
            data={["en", "pl", "de", "fr", "es", "it", "nl"]} />
        </Group>
        <TextInput label={t("tpl.subject")} value={draft.subject} onChange={(e) => set({ subject: e.currentTarget.value })} required mt="xs"
          error={fieldError(save.error, "subject")} />
        <Textarea label={t("tpl.text")} value={draft.text} onChange={(e) => set({ text: e.currentTarget.value })} required autosize minRows={4} mt="xs"
          error={fieldError(save.error, "text")} description={t("tpl.placeholders")} />
        <Textarea label={t("tpl.sms")} value={draft.sms ?? ""} onChange={(e) => set({ sms: e.currentTarget.value || null })} autosize mt="xs"
          error={fieldError(save.error, "sms")} />
        <ErrorNotice error={save.error} />
        <Group mt="sm">
          <Button type="submit" loading={save.isPending}>
            {t("tpl.save")}
          </Button>
          {save.isSuccess && <span role="status">{t("tpl.saved")}</span>}
        </Group>
      </Card>
      <Card withBorder component="section" aria-label={t("tpl.preview")}>
        <Title order={2} size="h4">
          {t("tpl.preview")}
        </Title>
        <Text size="sm">{t("tpl.sample")}</Text>
        {badBraces && <Text c="red.9">{badBraces}</Text>}
        {preview.data && (
          <>
            <Text fw={700} mt="xs">
              {preview.data.subject}
            </Text>
            <Text style={{ whiteSpace: "pre-wrap" }}>{preview.data.text}</Text>
            {preview.data.sms && <Text mt="xs">SMS: {preview.data.sms}</Text>}
          </>
        )}
      </Card>
    </SimpleGrid>
  );
}
