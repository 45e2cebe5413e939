import { Button, Group, Select, SimpleGrid, TextInput, Textarea } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { fieldError, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { Dialog } from "../Dialog";
import { ErrorNotice } from "../ErrorNotice";

type CaseIn = components["schemas"]["CaseIn"];
const CATEGORIES = ["question", "complaint", "return", "incident"] as const;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
const CHANNELS = ["phone", "email", "chat", "web", "partner"] as const;

/** A service case for this customer; the API sets its SLA deadlines from the priority. */
export function OpenCase({ customerId, opened, onClose }: { customerId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [subject, setSubject] = useState("");
  const [description, setDescription] = useState("");
  const [category, setCategory] = useState<CaseIn["category"]>("question");
  const [priority, setPriority] = useState<NonNullable<CaseIn["priority"]>>("normal");
  const [channel, setChannel] = useState<CaseIn["channel"]>("phone");
  const open = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/cases", {
          body: partial<CaseIn>({ customer_id: customerId, subject, description: description.trim() || null, category, priority, channel }),
        }),
      ),
    onSuccess: (c) => navigate(`/cases/${c.case_id}`),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    open.mutate();
  }
  return (
    <Dialog opened={opened} onClose={onClose} title={t("caseForm.title")}>
      <form onSubmit={submit}>
        <TextInput label={t("caseForm.subject")} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required
          error={fieldError(open.error, "subject")} data-autofocus />
        <SimpleGrid cols={{ base: 1, sm: 3 }} mt="sm">
          <Select label={t("caseForm.category")} value={category} allowDeselect={false}
            data={CATEGORIES.map((c) => ({ value: c, label: t(`caseForm.c.${c}`) }))} onChange={(c) => c && setCategory(c as CaseIn["category"])} />
          <Select label={t("caseForm.priority")} value={priority} allowDeselect={false}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`cases.p.${p}`) }))} onChange={(p) => p && setPriority(p as typeof priority)} />
          <Select label={t("caseForm.channel")} value={channel} allowDeselect={false}
            data={CHANNELS.map((c) => ({ value: c, label: t(`caseForm.ch.${c}`) }))} onChange={(c) => c && setChannel(c as CaseIn["channel"])} />
        </SimpleGrid>
        <Textarea label={t("caseForm.description")} value={description} onChange={(e) => setDescription(e.currentTarget.value)} mt="sm" />
        <ErrorNotice error={open.error} />
        <Group mt="md">
          <Button type="submit" loading={open.isPending}>
            {t("caseForm.open")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </form>
    </Dialog>
  );
}
