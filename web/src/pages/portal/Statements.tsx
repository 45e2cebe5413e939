import { Card, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

/** The partner's commission statement of a month: each order's commission or clawback with how it was computed. */
export function Statements() {
  const { t } = useTranslation();
  const api = useApi();
  const [month, setMonth] = useState(() => new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 7));
  const statement = useQuery({
    queryKey: ["partner-statement", month],
    enabled: /^\d{4}-\d{2}$/.test(month),
    queryFn: async () => unwrap(await api.GET("/partner/statements/{month}", { params: { path: { month } } })),
  });
  const s = statement.data;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("prm.statements")}
      </Title>
      <TextInput type="month" label={t("prm.month")} value={month} onChange={(e) => setMonth(e.currentTarget.value)} maw={220} />
      <ErrorNotice error={statement.error} />
      {s && (
        <Card withBorder>
          <Text fw={700}>
            {t("prm.statementOf", { month: s.month, tier: s.tier })}: {s.totals.map((x) => `${x.amount} ${x.currency}`).join(", ") || "0"}
          </Text>
          {s.lines.length === 0 && <Text>{t("prm.noLines")}</Text>}
          {s.lines.length > 0 && (
            <Table.ScrollContainer minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("prm.order")}</Table.Th>
                    <Table.Th>{t("prm.kind")}</Table.Th>
                    <Table.Th>{t("prm.net")}</Table.Th>
                    <Table.Th>{t("prm.commission")}</Table.Th>
                    <Table.Th>{t("prm.how")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.lines.map((l) => (
                    <Table.Tr key={`${l.order_id}-${l.kind}-${l.at}`}>
                      <Table.Td>{l.order_id}</Table.Td>
                      <Table.Td>{l.kind}</Table.Td>
                      <Table.Td>{l.net} {l.currency}</Table.Td>
                      <Table.Td>{l.amount} {l.currency}</Table.Td>
                      <Table.Td>
                        {l.detail.map((d) => [d.sku ?? d.category, d.rate ? `${d.rate}` : null, d.reason].filter(Boolean).join(" ")).join("; ")}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      )}
    </Stack>
  );
}
