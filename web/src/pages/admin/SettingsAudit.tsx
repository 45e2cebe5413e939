import { Card, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { MoreButton, after, usePaged } from "../../api/paging";
import { ErrorNotice } from "../ErrorNotice";

/** Who changed which settings and users, newest first: field names, never values (the API's settings trail). */
export function SettingsAudit() {
  const { t } = useTranslation();
  const api = useApi();
  const trail = usePaged(["settings-audit"], async (cursor) =>
    unwrap(await api.GET("/admin/audit", { params: { query: { limit: 25, ...after(cursor) } } })));
  return (
    <Card withBorder component="section" aria-label={t("settings.audit")}>
      <Title order={2} size="h4">
        {t("settings.audit")}
      </Title>
      <Table.ScrollContainer minWidth={640} mt="xs">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("settings.when")}</Table.Th>
              <Table.Th>{t("settings.who")}</Table.Th>
              <Table.Th>{t("settings.what")}</Table.Th>
              <Table.Th>{t("settings.fields")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {trail.rows.map((e) => (
              <Table.Tr key={`${e.at}${e.item_key}${e.action}`}>
                <Table.Td>{e.at}</Table.Td>
                <Table.Td>{e.actor}</Table.Td>
                <Table.Td>
                  {t(`settings.kind.${e.item_type}`, { defaultValue: e.item_type })} · {t(`settings.action.${e.action}`)}
                </Table.Td>
                <Table.Td>{e.fields.join(", ")}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {trail.isSuccess && trail.rows.length === 0 && <Text size="sm">{t("settings.noChanges")}</Text>}
      <MoreButton paged={trail} />
      <ErrorNotice error={trail.error} />
    </Card>
  );
}
