import { Button, Group, Select, Stack, Switch, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { Dialog } from "../Dialog";
import { ErrorNotice } from "../ErrorNotice";

type User = components["schemas"]["UserOut"];
type Change = components["schemas"]["UserChange"];
const STAFF = ["sales", "agent", "manager", "purchasing", "admin"] as const;

/** Another group for a staff user, or the account disabled / enabled; the API ends the user's sessions so the
 * change holds at once (a partner account stays a partner account). */
export function ChangeUser({ user }: { user: User }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [open, setOpen] = useState(false);
  const partner = user.groups.includes("partner");
  const [group, setGroup] = useState<string | null>(user.groups[0] ?? null);
  const [enabled, setEnabled] = useState(user.enabled);
  const name = user.email ?? user.username;
  const save = useMutation({
    mutationFn: async () => {
      const body: Change = { enabled, group: partner || !group ? null : (group as Change["group"]) };
      return unwrap(await api.PATCH("/admin/users/{username}", { params: { path: { username: user.username } }, body }));
    },
    onSuccess: async () => {
      setOpen(false);
      await queries.invalidateQueries({ queryKey: ["admin-users"] });
    },
  });
  return (
    <>
      <Button size="compact-sm" variant="default" onClick={() => setOpen(true)} aria-label={t("admin.changeOf", { email: name })}>
        {t("admin.change")}
      </Button>
      <Dialog opened={open} onClose={() => setOpen(false)} title={t("admin.changeOf", { email: name })}>
        <Stack>
          {partner ? (
            <Text size="sm">{t("admin.partnerStays")}</Text>
          ) : (
            <Select label={t("admin.group")} value={group} allowDeselect={false} onChange={setGroup} error={fieldError(save.error, "group")}
              data={STAFF.map((g) => ({ value: g, label: t(`admin.g.${g}`) }))} />
          )}
          <Switch label={t("admin.enabled")} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} error={fieldError(save.error, "enabled")} />
          <Text size="sm">{t("admin.sessionsEnd")}</Text>
          <ErrorNotice error={save.error} />
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending}>
              {t("settings.save")}
            </Button>
          </Group>
        </Stack>
      </Dialog>
    </>
  );
}
