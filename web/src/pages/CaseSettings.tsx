import { Button, Card, Group, Select, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, ifMatch, partial, unwrap } from "../api/client";
import type { components } from "../api/schema";
import { useApi } from "../api/hooks";
import { useSession } from "../auth/session";
import { ErrorNotice } from "./ErrorNotice";

type Case = components["schemas"]["CaseOut"];
type CasePatch = components["schemas"]["CasePatch"];
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

/** A case's priority (the API recomputes its SLA deadlines) and owner, changed on the version the user saw. */
export function CaseSettings({ value }: { value: Case }) {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const queries = useQueryClient();
  const [priority, setPriority] = useState<string>(value.priority);
  const [owner, setOwner] = useState(value.owner ?? "");
  const save = useMutation({
    mutationFn: async (change: Partial<CasePatch>) =>
      unwrap(
        await api.PATCH("/cases/{case_id}", {
          params: { path: { case_id: value.case_id }, header: ifMatch(value.version) },
          body: partial<CasePatch>(change),
        }),
      ),
    onSuccess: (saved) => {
      queries.setQueryData(["case", value.case_id], saved);
      setOwner(saved.owner ?? "");
      setPriority(saved.priority);
    },
    onSettled: () => queries.invalidateQueries({ queryKey: ["cases"] }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const change: Partial<CasePatch> = {};
    if (priority !== value.priority) change.priority = priority as CasePatch["priority"];
    if (owner.trim() !== (value.owner ?? "")) change.owner = owner.trim() || null;
    if (Object.keys(change).length) save.mutate(change);
  }
  const me = session.user?.email ?? "";
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Title order={2} size="h4">
        {t("cases.settings")}
      </Title>
      <Group align="end" mt="xs">
        <Select label={t("caseForm.priority")} value={priority} allowDeselect={false} onChange={(p) => p && setPriority(p)}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`cases.p.${p}`) }))} error={fieldError(save.error, "priority")} />
        <TextInput label={t("customers.owner")} value={owner} onChange={(e) => setOwner(e.currentTarget.value)}
          error={fieldError(save.error, "owner")} />
        <Button type="submit" loading={save.isPending}>
          {t("cases.saveSettings")}
        </Button>
        {value.owner !== me && (
          <Button variant="default" onClick={() => save.mutate({ owner: me })}>
            {t("cases.takeIt")}
          </Button>
        )}
      </Group>
      {save.isSuccess && <span role="status">{t("cases.settingsSaved")}</span>}
      <ErrorNotice error={save.error} />
    </Card>
  );
}
