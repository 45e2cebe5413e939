import { Alert, Button, Card, Code, Group, List, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiFailure, ifMatch, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { describeConditions, describeSteps, describeTrigger, type Definition } from "./summary";

type WorkflowOut = components["schemas"]["WorkflowOut"];
type WorkflowPatch = components["schemas"]["WorkflowPatch"];

/** A workflow's draft: its definition as JSON (docs/workflows.md) beside the same in words; saved as a draft,
 * then published as the next revision. The API checks it and names each wrong place. */
export function WorkflowEditor({ workflow, secret, onClose }: { workflow: WorkflowOut; secret: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [name, setName] = useState(workflow.name);
  const [text, setText] = useState(JSON.stringify(workflow.draft, null, 2));
  const parsed = parse(text);
  const refresh = () => queries.invalidateQueries({ queryKey: ["workflows"] });
  const save = useMutation({
    mutationFn: async () => {
      if (!parsed.ok) throw new Error(parsed.error);
      return unwrap(
        await api.PATCH("/workflows/{workflow_id}", {
          params: { path: { workflow_id: workflow.workflow_id }, header: ifMatch(workflow.version) },
          body: partial<WorkflowPatch>({ name: name.trim(), definition: parsed.definition }),
        }),
      );
    },
    onSuccess: refresh,
  });
  const act = useMutation({
    mutationFn: async (action: "publish" | "disable") =>
      unwrap(
        await api.POST(`/workflows/{workflow_id}/${action}`, {
          params: { path: { workflow_id: workflow.workflow_id }, header: ifMatch(workflow.version) },
        }),
      ),
    onSuccess: refresh,
  });
  const error = save.error ?? act.error;
  const dirty = name !== workflow.name || text !== JSON.stringify(workflow.draft, null, 2);
  return (
    <Card withBorder component="section" aria-label={t("workflows.editorOf", { name: workflow.name })}>
      <Title order={2} size="h4">
        {t("workflows.editorOf", { name: workflow.name })}
      </Title>
      <Stack>
        {secret && workflow.draft.trigger.type === "inbound" && (
          <Alert role="status" color="blue" variant="outline" title={t("workflows.secretOnce")}>
            <Code style={{ wordBreak: "break-all" }}>{secret}</Code>
          </Alert>
        )}
        {workflow.inbound_url && <Text size="sm">{t("workflows.inboundAt", { url: workflow.inbound_url })}</Text>}
        <TextInput label={t("workflows.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <Textarea label={t("workflows.definition")} description={t("workflows.definitionHelp")} value={text} onChange={(e) => setText(e.currentTarget.value)}
          autosize minRows={8} maxRows={30} styles={{ input: { fontFamily: "monospace" } }} error={parsed.ok ? undefined : parsed.error} spellCheck={false} />
        {parsed.ok && (
          <div aria-label={t("workflows.inWords")} role="region">
            <Text fw={500}>{describeTrigger(parsed.definition, t)}</Text>
            {(parsed.definition.conditions ?? []).length > 0 && <Text size="sm">{t("workflows.onlyIf", { when: describeConditions(parsed.definition.conditions) })}</Text>}
            <List size="sm" style={{ whiteSpace: "pre" }}>
              {describeSteps(parsed.definition.steps, t).map((line, i) => (
                <List.Item key={i}>{line}</List.Item>
              ))}
            </List>
          </div>
        )}
        {error instanceof ApiFailure && Object.keys(error.body.fields ?? {}).length > 0 ? (
          <Alert color="red" role="alert" title={error.message}>
            <List size="sm">
              {Object.entries(error.body.fields ?? {}).map(([field, why]) => (
                <List.Item key={field}>
                  <Code>{field}</Code>: {why}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          error && (
            <Alert color="red" role="alert">
              {error instanceof Error ? error.message : String(error)}
            </Alert>
          )
        )}
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty || !parsed.ok}>
            {t("workflows.saveDraft")}
          </Button>
          <Button onClick={() => act.mutate("publish")} loading={act.isPending} disabled={dirty}>
            {t("workflows.publish")}
          </Button>
          {workflow.status === "published" && (
            <Button onClick={() => act.mutate("disable")} disabled={act.isPending} variant="default">
              {t("workflows.disable")}
            </Button>
          )}
          <Button variant="subtle" onClick={onClose}>
            {t("workflows.close")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function parse(text: string): { ok: true; definition: Definition } | { ok: false; error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || !("trigger" in value) || !("steps" in value)) {
      return { ok: false, error: "{ \"trigger\": …, \"steps\": […] }" };
    }
    return { ok: true, definition: value as Definition };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
