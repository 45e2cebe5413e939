import { Anchor, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { unwrap } from "../api/client";
import { searchKind, useApi } from "../api/hooks";
import { ErrorNotice } from "./ErrorNotice";

interface Hit {
  id: string;
  name: string;
  matchedOn: string;
}

/** The global search: an email, phone or tax id goes to the API's lookup, anything else to the name index. */
export function Search() {
  const { t } = useTranslation();
  const api = useApi();
  const [params] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  const kind = searchKind(q);
  const hits = useQuery({
    queryKey: ["search", q],
    enabled: q.length > 0,
    queryFn: async (): Promise<Hit[]> => {
      if (kind === "name") {
        const page = unwrap(await api.GET("/customers", { params: { query: { name_prefix: q, limit: 25 } } }));
        return page.items.map((c) => ({ id: c.customer_id, name: c.name, matchedOn: "name" }));
      }
      const found = unwrap(await api.GET("/customers/lookup", { params: { query: { [kind]: q } } }));
      return found.items.map((m) => ({ id: m.customer.customer_id, name: m.customer.name, matchedOn: m.matched_on }));
    },
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("search.results", { q })}
      </Title>
      <ErrorNotice error={hits.error} />
      {hits.isSuccess && hits.data.length === 0 && <Text>{t("search.none", { q })}</Text>}
      <List>
        {hits.data?.map((h) => (
          <List.Item key={h.id}>
            <Anchor component={Link} to={`/customers/${h.id}`}>
              {h.name}
            </Anchor>{" "}
            <Text span size="sm">
              {t("search.matchedOn", { what: h.matchedOn })}
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
