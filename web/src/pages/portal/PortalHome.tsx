import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { MoreButton, after, usePaged } from "../../api/paging";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

export const yearBack = () => {
  const to = new Date();
  const from = new Date(Date.now() - 365 * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
};

/** A partner's own portal: their company and tier, what they contributed over the last 12 months, and their deal
 * registrations with the protection windows. Only their own data: the API answers for the signed-in partner. */
export function PortalHome() {
  const { t } = useTranslation();
  const api = useApi();
  const performance = useQuery({
    queryKey: ["partner-scorecard"],
    queryFn: async () => unwrap(await api.GET("/partner/scorecard", { params: { query: yearBack() } })),
  });
  const registrations = usePaged(["partner-registrations"], async (cursor) =>
      unwrap(await api.GET("/partner/registrations", { params: { query: { limit: 25, ...after(cursor) } } })));
  const p = performance.data;
  const rows = registrations.rows;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {p ? p.partner.name : t("prm.portal")}
        </Title>
        <Button component={Link} to="/portal/register">
          {t("prm.register")}
        </Button>
      </Group>
      <ErrorNotice error={performance.error} />
      {p && (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Card withBorder>
            <Title order={2} size="h4">
              {t("prm.tier", { tier: p.tier.current })}
            </Title>
            <Text>{t("prm.tierEarned", { tier: p.tier.evaluated, revenue: p.tier.revenue_12m_eur })}</Text>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4">
              {t("prm.contribution")}
            </Title>
            {p.revenue.map((r) => (
              <Text key={r.currency}>
                {t("prm.revenueLine", { sourced: r.sourced, influenced: r.influenced, currency: r.currency, share: r.share_pct ?? "–" })}
              </Text>
            ))}
            <Text>{t("prm.winRate", { rate: p.win_rate_pct ?? "–", orders: p.orders })}</Text>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4">
              {t("prm.pipeline")}
            </Title>
            {p.pipeline.map((x) => (
              <Text key={x.currency}>{x.open} {x.currency} ({t("pipeline.weighted")} {x.weighted})</Text>
            ))}
            <Anchor component={Link} to="/portal/statements">
              {t("prm.statements")}
            </Anchor>
          </Card>
        </SimpleGrid>
      )}
      <Title order={2} size="h3">
        {t("prm.registrations")}
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("prm.company")}</Table.Th>
              <Table.Th>{t("prm.value")}</Table.Th>
              <Table.Th>{t("prm.status")}</Table.Th>
              <Table.Th>{t("prm.protectedUntil")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.registration_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/portal/registrations/${r.registration_id}`}>
                    {r.company}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.expected_value} {r.currency}</Table.Td>
                <Table.Td>
                  <Badge variant="outline">{t(`prm.s.${r.status}`, { defaultValue: r.status })}</Badge>
                </Table.Td>
                <Table.Td>{r.protected_until ?? "–"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <MoreButton paged={registrations} />
      <ErrorNotice error={registrations.error} />
    </Stack>
  );
}
