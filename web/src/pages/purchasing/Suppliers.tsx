import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { MoreButton, after, usePaged } from "../../api/paging";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";
import { certificationState } from "./purchasing";

/** Suppliers A–Z with their country, categories and whether a certification has lapsed or soon will. */
export function Suppliers() {
  const { t } = useTranslation();
  const api = useApi();
  const list = usePaged(["suppliers"], async (cursor) =>
      unwrap(await api.GET("/suppliers", { params: { query: { limit: 50, ...after(cursor) } } })));
  const rows = list.rows;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("srm.suppliers")}
        </Title>
        <Group>
          <Button component={Link} to="/rfqs" variant="default">
            {t("nav.rfqs")}
          </Button>
          <Button component={Link} to="/portfolio" variant="default">
            {t("nav.portfolio")}
          </Button>
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("srm.name")}</Table.Th>
              <Table.Th>{t("srm.country")}</Table.Th>
              <Table.Th>{t("srm.categories")}</Table.Th>
              <Table.Th>{t("srm.certifications")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.supplier_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/suppliers/${s.supplier_id}`}>
                    {s.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{s.country}</Table.Td>
                <Table.Td>{s.categories.join(", ")}</Table.Td>
                <Table.Td>
                  {s.certifications.map((c) => (
                    <CertificationBadge key={c.name} name={c.name} validUntil={c.valid_until ?? null} />
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <MoreButton paged={list} />
      {list.isSuccess && rows.length === 0 && <Text>{t("srm.none")}</Text>}
      <ErrorNotice error={list.error} />
    </Stack>
  );
}

/** A certification: filled red when it has lapsed, outlined red when it lapses within 60 days. */
export function CertificationBadge({ name, validUntil }: { name: string; validUntil: string | null }) {
  const { t } = useTranslation();
  const state = certificationState(validUntil);
  return (
    <Badge color={state === "valid" ? "gray.7" : "red.9"} variant={state === "expired" ? "filled" : "outline"} mr={4}>
      {name} {validUntil ? `· ${t(`srm.cert.${state}`, { date: validUntil })}` : ""}
    </Badge>
  );
}
