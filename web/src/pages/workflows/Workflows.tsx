import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session";
import { mayAdministerWorkflows } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";
import { Runs } from "./Runs";
import { describeTrigger } from "./summary";
import { WorkflowEditor } from "./WorkflowEditor";

type WorkflowOut = components["schemas"]["WorkflowOut"];

/** Admins automate the CRM: workflows from a template, edited as drafts and published; managers follow the runs. */
export function Workflows() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const admin = mayAdministerWorkflows(session.user?.groups ?? []);
  const [editing, setEditing] = useState<string | null>(null);
  const [runsOf, setRunsOf] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const list = useQuery({ queryKey: ["workflows"], queryFn: async () => unwrap(await api.GET("/workflows", { params: { query: {} } })) });
  const items = list.data?.items ?? [];
  const current = items.find((w) => w.workflow_id === editing);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("workflows.title")}
      </Title>
      <Text>{t("workflows.intro")}</Text>
      <ErrorNotice error={list.error} />
      <Card withBorder component="section" aria-label={t("workflows.list")}>
        <Table.ScrollContainer minWidth={560} scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": t("workflows.list") } }}>
          <Table aria-label={t("workflows.list")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("workflows.name")}</Table.Th>
                <Table.Th>{t("workflows.trigger")}</Table.Th>
                <Table.Th>{t("workflows.state")}</Table.Th>
                <Table.Th>{t("workflows.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((w) => (
                <Row key={w.workflow_id} w={w} admin={admin} onEdit={() => setEditing(w.workflow_id)} onRuns={() => setRunsOf(runsOf === w.workflow_id ? null : w.workflow_id)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {items.length === 0 && list.data && <Text>{t("workflows.none")}</Text>}
      </Card>
      {runsOf && <Runs workflow={items.find((w) => w.workflow_id === runsOf)} />}
      {admin && current && <WorkflowEditor key={`${current.workflow_id}-${current.version}`} workflow={current} secret={secret} onClose={() => setEditing(null)} />}
      {admin && <NewWorkflow onCreated={(id, s) => { setEditing(id); setSecret(s); }} />}
    </Stack>
  );
}

function Row({ w, admin, onEdit, onRuns }: { w: WorkflowOut; admin: boolean; onEdit: () => void; onRuns: () => void }) {
  const { t } = useTranslation();
  const definition = w.published ?? w.draft;
  return (
    <Table.Tr>
      <Table.Td>{w.name}</Table.Td>
      <Table.Td>{describeTrigger(definition, t)}</Table.Td>
      <Table.Td>
        <Badge variant={w.status === "published" ? "filled" : "outline"} color={w.status === "disabled" ? "gray" : undefined}>
          {t(`workflows.status.${w.status}`)}
        </Badge>{" "}
        {w.published_revision != null && t("workflows.revision", { n: w.published_revision })}
      </Table.Td>
      <Table.Td>
        <Group gap="xs">
          {admin && (
            <Button size="xs" variant="default" onClick={onEdit} aria-label={t("workflows.editOf", { name: w.name })}>
              {t("workflows.edit")}
            </Button>
          )}
          <Button size="xs" variant="default" onClick={onRuns} aria-label={t("workflows.runsOf", { name: w.name })}>
            {t("workflows.runs")}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function NewWorkflow({ onCreated }: { onCreated: (id: string, secret: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [template, setTemplate] = useState<string | null>(null);
  const templates = useQuery({ queryKey: ["workflow-templates"], queryFn: async () => unwrap(await api.GET("/workflows/templates")) });
  const create = useMutation({
    mutationFn: async () => {
      const chosen = templates.data?.items.find((x) => x.template_id === template);
      if (!chosen) throw new Error(t("workflows.pickTemplate"));
      return unwrap(await api.POST("/workflows", { body: { name: name.trim() || chosen.name, description: chosen.description, definition: chosen.definition } }));
    },
    onSuccess: async (made) => {
      setName("");
      await queries.invalidateQueries({ queryKey: ["workflows"] });
      onCreated(made.workflow.workflow_id, made.secret);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Card withBorder component="form" onSubmit={submit} aria-label={t("workflows.new")}>
      <Title order={2} size="h4">
        {t("workflows.new")}
      </Title>
      <Select label={t("workflows.template")} data={(templates.data?.items ?? []).map((x) => ({ value: x.template_id, label: x.name }))}
        value={template} onChange={setTemplate} required description={templates.data?.items.find((x) => x.template_id === template)?.description} />
      <TextInput label={t("workflows.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} mt="xs" />
      <ErrorNotice error={create.error} />
      <Group mt="sm">
        <Button type="submit" loading={create.isPending}>
          {t("workflows.create")}
        </Button>
      </Group>
    </Card>
  );
}
