import { Anchor, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { ifMatch, partial, unwrap } from "../../api/client";
import { useApi, type Task } from "../../api/hooks";
import type { components } from "../../api/schema";
import { Dialog } from "../Dialog";
import { ErrorNotice } from "../ErrorNotice";

type TaskPatch = components["schemas"]["TaskPatch"];

/** One task opened from the calendar: when, the reminder, the customer; complete it with an outcome, or cancel. */
export function TaskDetail({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [outcome, setOutcome] = useState("");
  const done = async () => {
    setOutcome("");
    await queries.invalidateQueries({ queryKey: ["calendar"] });
    onClose();
  };
  const complete = useMutation({
    mutationFn: async (x: Task) =>
      unwrap(await api.POST("/tasks/{task_id}/complete", { params: { path: { task_id: x.task_id } }, body: { outcome: outcome.trim() || null } })),
    onSuccess: done,
  });
  const cancel = useMutation({
    mutationFn: async (x: Task) =>
      unwrap(
        await api.PATCH("/tasks/{task_id}", {
          params: { path: { task_id: x.task_id }, header: ifMatch(x.version) },
          body: partial<TaskPatch>({ status: "cancelled" }),
        }),
      ),
    onSuccess: done,
  });
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  const at = (v: string | null | undefined) => (v ? when.format(new Date(v)) : "–");
  return (
    <Dialog opened={task !== null} onClose={onClose} title={task?.subject ?? ""}>
      {task && (
        <Stack gap="xs">
          <Text>{t(`tasks.k.${task.kind}`)} · {t(`tasks.s.${task.status}`)}</Text>
          <Text>{t("tasks.when")}: {at(task.start_at ?? task.due_at)}{task.end_at ? ` – ${at(task.end_at)}` : ""}</Text>
          <Text>{t("tasks.remind")}: {task.remind_at ? at(task.remind_at) : t("tasks.noReminder")}
            {task.reminder_sent_at ? ` (${t("tasks.reminded")})` : ""}</Text>
          {task.notes && <Text>{task.notes}</Text>}
          {task.outcome && <Text>{t("tasks.outcome")}: {task.outcome}</Text>}
          {task.customer_id && (
            <Anchor component={Link} to={`/customers/${task.customer_id}`} onClick={onClose}>
              {t("tasks.openCustomer")}
            </Anchor>
          )}
          {task.status === "open" && (
            <>
              <TextInput label={t("tasks.outcome")} value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)} />
              <Group>
                <Button onClick={() => complete.mutate(task)} loading={complete.isPending}>
                  {t("tasks.complete")}
                </Button>
                <Button variant="default" onClick={() => cancel.mutate(task)} loading={cancel.isPending}>
                  {t("tasks.cancelTask")}
                </Button>
              </Group>
            </>
          )}
          <ErrorNotice error={complete.error ?? cancel.error} />
        </Stack>
      )}
    </Dialog>
  );
}
