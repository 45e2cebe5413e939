import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Timeline, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { MoreButton, after, usePaged } from "../../api/paging";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session";
import { mayManage } from "../../permissions";
import { Dialog } from "../Dialog";
import { ErrorNotice } from "../ErrorNotice";

type NewsletterList = components["schemas"]["NewsletterListOut"];

/** Newsletter lists with their subscribers counted per status; a list opens its subscribers with the evidence of
 * each one's consent (when, how, under which wording), and an address opens every consent step it took. */
export function Newsletters() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const [open, setOpen] = useState<NewsletterList | null>(null);
  const lists = usePaged(["newsletters"], async (cursor) =>
    unwrap(await api.GET("/newsletters", { params: { query: { limit: 50, ...after(cursor) } } })));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("nl.title")}
        </Title>
        <Button component={Link} to="/campaigns" variant="default">
          {t("camp.title")}
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("nl.name")}</Table.Th>
              <Table.Th>{t("nl.confirmed")}</Table.Th>
              <Table.Th>{t("nl.pending")}</Table.Th>
              <Table.Th>{t("nl.unsubscribed")}</Table.Th>
              <Table.Th>{t("nl.wording")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lists.rows.map((l) => (
              <Table.Tr key={l.list_id}>
                <Table.Td>
                  <Anchor component="button" type="button" onClick={() => setOpen(l)} aria-pressed={open?.list_id === l.list_id}>
                    {l.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{l.confirmed}</Table.Td>
                <Table.Td>{l.pending}</Table.Td>
                <Table.Td>{l.unsubscribed}</Table.Td>
                <Table.Td>{l.wording_version}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {lists.isSuccess && lists.rows.length === 0 && <Text>{t("nl.none")}</Text>}
      <MoreButton paged={lists} />
      <ErrorNotice error={lists.error} />
      {open && <Subscribers key={open.list_id} list={open} />}
      {mayManage(session.user?.groups ?? []) && <NewList />}
    </Stack>
  );
}

function Subscribers({ list }: { list: NewsletterList }) {
  const { t } = useTranslation();
  const api = useApi();
  const [email, setEmail] = useState<string | null>(null);
  const subs = usePaged(["subscribers", list.list_id], async (cursor) =>
    unwrap(await api.GET("/newsletters/{list_id}/subscribers", { params: { path: { list_id: list.list_id }, query: { limit: 50, ...after(cursor) } } })));
  return (
    <Card withBorder component="section" aria-label={t("nl.subscribersOf", { name: list.name })}>
      <Title order={2} size="h4">
        {t("nl.subscribersOf", { name: list.name })}
      </Title>
      <Table.ScrollContainer minWidth={720} mt="xs">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("nl.email")}</Table.Th>
              <Table.Th>{t("nl.status")}</Table.Th>
              <Table.Th>{t("nl.since")}</Table.Th>
              <Table.Th>{t("nl.source")}</Table.Th>
              <Table.Th>{t("nl.wording")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {subs.rows.map((s) => (
              <Table.Tr key={s.email}>
                <Table.Td>
                  <Anchor component="button" type="button" ta="left" onClick={() => setEmail(s.email)} aria-label={t("nl.evidenceOf", { email: s.email })}>
                    {s.email}
                  </Anchor>{" "}
                  {s.customer_id && (
                    <Anchor component={Link} to={`/customers/${s.customer_id}`} size="sm">
                      {t("nl.customer")}
                    </Anchor>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline" tt="none" maw="none" color={s.status === "confirmed" ? "teal.9" : "gray.8"}>
                    {t(`nl.s.${s.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{s.consent_at ?? "–"}</Table.Td>
                <Table.Td>{s.consent_source ?? "–"}</Table.Td>
                <Table.Td>{s.consent_wording ?? "–"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {subs.isSuccess && subs.rows.length === 0 && <Text size="sm">{t("nl.noSubscribers")}</Text>}
      <MoreButton paged={subs} />
      <ErrorNotice error={subs.error} />
      <Dialog opened={email !== null} onClose={() => setEmail(null)} title={t("nl.evidenceOf", { email: email ?? "" })}>
        {email && <Evidence listId={list.list_id} email={email} />}
      </Dialog>
    </Card>
  );
}

function Evidence({ listId, email }: { listId: string; email: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const evidence = useQuery({
    queryKey: ["consent", listId, email],
    queryFn: async () => unwrap(await api.GET("/newsletters/{list_id}/consent", { params: { path: { list_id: listId }, query: { email } } })),
  });
  if (!evidence.data) return <ErrorNotice error={evidence.error} />;
  return (
    <Timeline active={evidence.data.steps.length - 1} bulletSize={14} lineWidth={2}>
      {evidence.data.steps.map((s) => (
        <Timeline.Item key={`${s.at}${s.action}`} title={t(`nl.a.${s.action}`, { defaultValue: s.action })}>
          <Text size="sm">{s.at}</Text>
          <Text size="sm">{t("nl.step", { source: s.source ?? "–", wording: s.wording_version ?? "–" })}</Text>
          {s.detail && <Text size="sm">{s.detail}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function NewList() {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [wording, setWording] = useState("");
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST("/newsletters", { body: { name, wording_version: wording } })),
    onSuccess: () => {
      setName("");
      void queries.invalidateQueries({ queryKey: ["newsletters"] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Card withBorder component="form" onSubmit={submit} aria-label={t("nl.new")}>
      <Title order={2} size="h4">
        {t("nl.new")}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
        <TextInput label={t("nl.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldError(create.error, "name")} />
        <TextInput label={t("nl.wording")} description={t("nl.wordingHelp")} value={wording} onChange={(e) => setWording(e.currentTarget.value)} required
          error={fieldError(create.error, "wording_version")} />
      </SimpleGrid>
      <ErrorNotice error={create.error} />
      <Group mt="sm">
        <Button type="submit" loading={create.isPending}>
          {t("nl.create")}
        </Button>
        {create.isSuccess && <span role="status">{t("nl.created", { name: create.data.name })}</span>}
      </Group>
    </Card>
  );
}
