import { Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import { useSession } from "../auth/session";
import { mayCreateCustomers, mayMergeOrImport } from "../permissions";
import { ErrorNotice } from "./ErrorNotice";

interface Filters {
  owner: string;
  tag: string;
  name_prefix: string;
}

/** The customer list: one filter at a time as the API's indexes allow (owner, tag or name), cursor paging. */
export function Customers() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const [draft, setDraft] = useState<Filters>({ owner: "", tag: "", name_prefix: "" });
  const [filters, setFilters] = useState<Filters>(draft);
  const list = useInfiniteQuery({
    queryKey: ["customers", filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Partial<Filters>;
      return unwrap(await api.GET("/customers", { params: { query: { ...query, limit: 25, cursor: pageParam } } }));
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("customers.title")}
        </Title>
        <Group>
          {mayMergeOrImport(session.user?.groups ?? []) && (
            <Button component={Link} to="/customers/import" variant="default">
              {t("nav.import")}
            </Button>
          )}
          {mayCreateCustomers(session.user?.groups ?? []) && (
            <Button component={Link} to="/customers/new">
              {t("newCustomer.new")}
            </Button>
          )}
        </Group>
      </Group>
      <form onSubmit={apply}>
        <Group align="end">
          <TextInput label={t("customers.name")} value={draft.name_prefix}
            onChange={(e) => setDraft({ ...draft, name_prefix: e.currentTarget.value })} />
          <TextInput label={t("customers.owner")} value={draft.owner}
            onChange={(e) => setDraft({ ...draft, owner: e.currentTarget.value })} />
          <TextInput label={t("customers.tag")} value={draft.tag}
            onChange={(e) => setDraft({ ...draft, tag: e.currentTarget.value })} />
          <Button type="submit">{t("customers.filter")}</Button>
        </Group>
      </form>
      <ErrorNotice error={list.error} />
      <Table.ScrollContainer minWidth={480}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("customers.name")}</Table.Th>
              <Table.Th>{t("customers.kind")}</Table.Th>
              <Table.Th>{t("customers.country")}</Table.Th>
              <Table.Th>{t("customers.owner")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.customer_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/customers/${c.customer_id}`}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.kind}</Table.Td>
                <Table.Td>{c.address?.country ?? ""}</Table.Td>
                <Table.Td>{c.owner ?? ""}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && <Text>{t("customers.empty")}</Text>}
      {list.hasNextPage && (
        <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t("customers.more")}
        </Button>
      )}
    </Stack>
  );
}
