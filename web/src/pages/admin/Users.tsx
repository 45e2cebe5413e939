import { Alert, Badge, Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, unwrap } from "../../api/client";
import { MoreButton, after, usePaged } from "../../api/paging";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";
import { ChangeUser } from "./ChangeUser";

type UserIn = components["schemas"]["UserIn"];
const GROUPS = ["sales", "agent", "manager", "purchasing", "partner", "admin"] as const;

/** The user pool's users and their groups; a new user in a group (a partner user tied to their partner) gets a
 * one-time password, shown here once, which they replace with their own at the first sign-in; a user moves to
 * another group or is disabled from their row. */
export function Users() {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [email, setEmail] = useState("");
  const [group, setGroup] = useState<UserIn["group"]>("sales");
  const [partner, setPartner] = useState("");
  const users = usePaged(["admin-users"], async (cursor) =>
      unwrap(await api.GET("/admin/users", { params: { query: { limit: 60, ...after(cursor) } } })));
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/admin/users", {
          body: { email: email.trim(), group, partner_id: group === "partner" ? partner.trim() || null : null },
        }),
      ),
    onSuccess: async () => {
      setEmail("");
      await queries.invalidateQueries({ queryKey: ["admin-users"] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  const rows = users.rows;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("admin.users")}
      </Title>
      <Card withBorder component="form" onSubmit={submit}>
        <Title order={2} size="h4">
          {t("admin.newUser")}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
          <TextInput label={t("admin.email")} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required
            error={fieldError(create.error, "email")} />
          <Select label={t("admin.group")} value={group} allowDeselect={false} onChange={(g) => g && setGroup(g as UserIn["group"])}
            data={GROUPS.map((g) => ({ value: g, label: t(`admin.g.${g}`) }))} />
          {group === "partner" && (
            <TextInput label={t("admin.partnerId")} value={partner} onChange={(e) => setPartner(e.currentTarget.value)} required
              error={fieldError(create.error, "partner_id")} />
          )}
        </SimpleGrid>
        <ErrorNotice error={create.error} />
        <Button type="submit" mt="sm" loading={create.isPending}>
          {t("admin.create")}
        </Button>
        {create.data && (
          <Alert color="blue" variant="outline" mt="sm" role="status" title={t("admin.created", { email: create.data.user.email ?? "" })}>
            <Text>
              {t("admin.oneTime")} <Code>{create.data.temporary_password}</Code>
            </Text>
          </Alert>
        )}
      </Card>
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("admin.email")}</Table.Th>
              <Table.Th>{t("admin.groups")}</Table.Th>
              <Table.Th>{t("admin.partnerId")}</Table.Th>
              <Table.Th>{t("admin.status")}</Table.Th>
              <Table.Th>{t("admin.change")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((u) => (
              <Table.Tr key={u.username}>
                <Table.Td>{u.email ?? u.username}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.groups.map((g) => (
                      <Badge key={g} variant="outline">
                        {t(`admin.g.${g}`, { defaultValue: g })}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{u.partner_id ?? "–"}</Table.Td>
                <Table.Td>{t(`admin.s.${u.status}`, { defaultValue: u.status })}{u.enabled ? "" : ` · ${t("admin.disabled")}`}</Table.Td>
                <Table.Td>
                  <ChangeUser user={u} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <MoreButton paged={users} />
      <ErrorNotice error={users.error} />
    </Stack>
  );
}
