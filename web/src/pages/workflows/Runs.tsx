import { Badge, Button, Card, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";

type WorkflowOut = components["schemas"]["WorkflowOut"];
type RunOut = components["schemas"]["RunOut"];

const COLORS: Record<RunOut["status"], string> = { running: "blue", waiting: "yellow", succeeded: "green", failed: "red" };

/** A workflow's runs, newest first; one run's steps: what each did, skipped, waits for, or why it failed. */
export function Runs({ workflow }: { workflow: WorkflowOut | undefined }) {
  const { t } = useTranslation();
  const api = useApi();
  const [open, setOpen] = useState<string | null>(null);
  const id = workflow?.workflow_id ?? "";
  const runs = useQuery({
    queryKey: ["workflow-runs", id],
    enabled: Boolean(id),
    refetchInterval: 5_000,
    queryFn: async () => unwrap(await api.GET("/workflows/{workflow_id}/runs", { params: { path: { workflow_id: id }, query: {} } })),
  });
  if (!workflow) return null;
  const label = t("workflows.runsOf", { name: workflow.name });
  return (
    <Card withBorder component="section" aria-label={label}>
      <Title order={2} size="h4">
        {label}
      </Title>
      <Table.ScrollContainer minWidth={520} scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": label } }}>
        <Table aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("workflows.started")}</Table.Th>
              <Table.Th>{t("workflows.trigger")}</Table.Th>
              <Table.Th>{t("workflows.record")}</Table.Th>
              <Table.Th>{t("workflows.state")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(runs.data?.items ?? []).map((r) => (
              <Table.Tr key={r.run_id}>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" onClick={() => setOpen(open === r.run_id ? null : r.run_id)} aria-label={t("workflows.stepsOf", { at: new Date(r.started_at).toLocaleString() })}>
                    {new Date(r.started_at).toLocaleString()}
                  </Button>
                </Table.Td>
                <Table.Td>{r.trigger.event_type ?? t(`workflows.triggers.${r.trigger.type}`)} {r.trigger.date ?? r.trigger.period ?? ""}</Table.Td>
                <Table.Td>{r.record_id ? `${r.entity} ${r.record_id}` : "—"}</Table.Td>
                <Table.Td>
                  <Badge color={COLORS[r.status]} variant="light">
                    {t(`workflows.runStatus.${r.status}`)}
                  </Badge>{" "}
                  {r.error}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {runs.data?.items.length === 0 && <Text>{t("workflows.noRuns")}</Text>}
      {open && <Steps workflowId={id} runId={open} />}
    </Card>
  );
}

function Steps({ workflowId, runId }: { workflowId: string; runId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const run = useQuery({
    queryKey: ["workflow-run", runId],
    queryFn: async () => unwrap(await api.GET("/workflows/{workflow_id}/runs/{run_id}", { params: { path: { workflow_id: workflowId, run_id: runId } } })),
  });
  return (
    <Table mt="sm" aria-label={t("workflows.stepsTitle")}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("workflows.step")}</Table.Th>
          <Table.Th>{t("workflows.outcome")}</Table.Th>
          <Table.Th>{t("workflows.detail")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {(run.data?.steps ?? []).map((s) => (
          <Table.Tr key={s.seq}>
            <Table.Td>
              {s.step} · {s.type}
            </Table.Td>
            <Table.Td>{t(`workflows.stepOutcome.${s.outcome}`)}</Table.Td>
            <Table.Td>{s.detail}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
