import { Button, Group, Select, SimpleGrid, TextInput, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { Dialog } from "../Dialog";
import { ErrorNotice } from "../ErrorNotice";
import { TIMED, fromLocalInput, toLocalInput } from "./calendar";

type TaskIn = components["schemas"]["TaskIn"];
const KINDS = ["task", "call", "meeting", "email", "appointment"] as const;
const REMINDERS = ["none", "5", "15", "30", "60", "1440"];

/** A task, call or meeting for me (or a colleague), optionally about a customer, with a reminder. */
export function TaskForm({ opened, onClose, start, customerId }: {
  opened: boolean;
  onClose: () => void;
  start?: Date;
  customerId?: string;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [subject, setSubject] = useState("");
  const [kind, setKind] = useState<TaskIn["kind"]>("call");
  const [when, setWhen] = useState(() => toLocalInput(start ?? new Date(Date.now() + 3_600_000)));
  const [minutes, setMinutes] = useState("30");
  const [remind, setRemind] = useState<string | null>("15");
  const [notes, setNotes] = useState("");
  const create = useMutation({
    mutationFn: async () => {
      const at = fromLocalInput(when);
      const end = new Date(new Date(at).getTime() + Number(minutes) * 60_000).toISOString();
      const timing = TIMED.includes(kind) ? { start_at: at, end_at: end } : { due_at: at };
      return unwrap(
        await api.POST("/tasks", {
          params: { header: { "Idempotency-Key": key } },
          body: partial<TaskIn>({
            subject,
            kind,
            ...timing,
            remind_minutes_before: remind && remind !== "none" ? Number(remind) : null,
            customer_id: customerId ?? null,
            notes: notes.trim() || null,
          }),
        }),
      );
    },
    onSuccess: async () => {
      setKey(crypto.randomUUID());
      setSubject("");
      setNotes("");
      await queries.invalidateQueries({ queryKey: ["calendar"] });
      onClose();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Dialog opened={opened} onClose={onClose} title={t("tasks.new")}>
      <form onSubmit={submit}>
        <TextInput label={t("tasks.subject")} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required
          error={fieldError(create.error, "subject")} data-autofocus />
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
          <Select label={t("tasks.kind")} value={kind} allowDeselect={false}
            data={KINDS.map((k) => ({ value: k, label: t(`tasks.k.${k}`) }))} onChange={(k) => k && setKind(k as TaskIn["kind"])} />
          <TextInput type="datetime-local" label={t("tasks.when")} value={when} onChange={(e) => setWhen(e.currentTarget.value)}
            required error={fieldError(create.error, TIMED.includes(kind) ? "start_at" : "due_at")} />
          {TIMED.includes(kind) && (
            <Select label={t("tasks.duration")} value={minutes} allowDeselect={false} onChange={(m) => setMinutes(m ?? "30")}
              data={["15", "30", "45", "60", "90", "120"].map((m) => ({ value: m, label: t("tasks.minutes", { n: m }) }))} />
          )}
          <Select label={t("tasks.remind")} value={remind} onChange={setRemind}
            data={REMINDERS.map((m) => ({ value: m, label: m === "none" ? t("tasks.noReminder") : t("tasks.before", { n: m }) }))}
            error={fieldError(create.error, "remind_minutes_before")} />
        </SimpleGrid>
        <Textarea label={t("tasks.notes")} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} mt="sm" />
        <ErrorNotice error={create.error} />
        <Group mt="md">
          <Button type="submit" loading={create.isPending}>
            {t("tasks.save")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </form>
    </Dialog>
  );
}
