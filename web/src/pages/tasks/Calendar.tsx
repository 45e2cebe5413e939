import "@mantine/dates/styles.css";
import "@mantine/schedule/styles.css";
import "dayjs/locale/pl"; // month and weekday names when the console speaks Polish

import { Badge, Button, Group, List, Stack, Text, Title } from "@mantine/core";
import { Schedule, type ScheduleEventData, type ScheduleViewLevel } from "@mantine/schedule";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type CSSProperties } from "react";
import { useTranslation } from "react-i18next";

import { ifMatch, partial, unwrap } from "../../api/client";
import { useApi, type Task } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";
import { rangeOf, rescheduleBody, slotOf } from "./calendar";
import { TaskDetail } from "./TaskDetail";
import { TaskForm } from "./TaskForm";

type TaskPatch = components["schemas"]["TaskPatch"];
// shade 9 (8 for grey): white text on them meets WCAG AA contrast
const COLOURS: Record<string, string> = { call: "blue.9", meeting: "grape.9", appointment: "teal.9", email: "red.9", task: "gray.8" };

/** My calendar (day or week): tasks, calls and meetings from the API's calendar query, dragged to a new time,
 * opened to complete or cancel; upcoming reminders listed beside it. */
export function Calendar() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [view, setView] = useState<ScheduleViewLevel>("week");
  const [adding, setAdding] = useState<Date | null>(null);
  const [open, setOpen] = useState<Task | null>(null);
  const range = rangeOf(date, view);
  const calendar = useQuery({
    queryKey: ["calendar", range.from, range.to],
    queryFn: async () => unwrap(await api.GET("/calendar", { params: { query: range } })).items,
  });
  const tasks = (calendar.data ?? []).filter((x) => x.status !== "cancelled");
  const events: ScheduleEventData[] = tasks.flatMap((x) => {
    const slot = slotOf(x);
    if (!slot) return [];
    const title = `${x.remind_at && !x.reminder_sent_at ? "🔔 " : ""}${x.subject}`;
    return [{ id: x.task_id, title, start: slot.start, end: slot.end, payload: { task: x },
      // a done task fades to a light grey chip; open ones keep their kind's colour
      ...(x.status === "done" ? { color: "gray", variant: "light" as const } : { color: COLOURS[x.kind] ?? "blue.9" }) }];
  });
  const move = useMutation({
    mutationFn: async ({ task, start, end }: { task: Task; start: Date; end: Date }) =>
      unwrap(
        await api.PATCH("/tasks/{task_id}", {
          params: { path: { task_id: task.task_id }, header: ifMatch(task.version) },
          body: partial<TaskPatch>(rescheduleBody(task, start, end) as Partial<TaskPatch>),
        }),
      ),
    onSettled: () => queries.invalidateQueries({ queryKey: ["calendar"] }),
  });
  const reminders = tasks
    .filter((x) => x.remind_at && x.status === "open")
    .sort((a, b) => (a.remind_at ?? "").localeCompare(b.remind_at ?? ""));
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("tasks.calendar")}
        </Title>
        <Button onClick={() => setAdding(new Date(Date.now() + 3_600_000))}>{t("tasks.new")}</Button>
      </Group>
      <ErrorNotice error={calendar.error ?? move.error} />
      <Schedule date={date} onDateChange={(d) => setDate(d.slice(0, 10))} view={view} onViewChange={setView}
        events={events} locale={i18n.language} layout="responsive" withEventsDragAndDrop
        canDragEvent={(e) => (e.payload?.["task"] as Task | undefined)?.status === "open"}
        onEventDrop={({ event, newStart, newEnd }) =>
          move.mutate({ task: event.payload?.["task"] as Task, start: new Date(newStart), end: new Date(newEnd) })}
        onEventClick={(e) => setOpen(e.payload?.["task"] as Task)}
        onTimeSlotClick={({ slotStart }) => setAdding(new Date(slotStart))}
        style={{ "--mantine-color-red-6": "var(--mantine-color-red-9)", "--mantine-color-error": "var(--mantine-color-red-9)" } as CSSProperties /* weekend labels: AA contrast */}
        labels={{ day: t("tasks.day"), week: t("tasks.week"), month: t("tasks.month"), today: t("tasks.today"),
          next: t("tasks.next"), previous: t("tasks.previous"), noEvents: t("tasks.none") }} />
      <section aria-label={t("tasks.reminders")}>
        <Title order={2} size="h4">
          {t("tasks.reminders")}
        </Title>
        {reminders.length === 0 && <Text>{t("tasks.noReminders")}</Text>}
        <List>
          {reminders.map((x) => (
            <List.Item key={x.task_id}>
              {when.format(new Date(x.remind_at ?? ""))} · {x.subject}{" "}
              {x.reminder_sent_at && <Badge variant="outline">{t("tasks.reminded")}</Badge>}
            </List.Item>
          ))}
        </List>
      </section>
      {adding && <TaskForm opened start={adding} onClose={() => setAdding(null)} />}
      <TaskDetail task={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}
