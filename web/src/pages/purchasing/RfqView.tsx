import { Badge, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { useSession } from "../../auth/session";
import { mayBuy } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";
import { Comparison } from "./Comparison";
import { OfferForm } from "./OfferForm";

/** One RFQ: what is asked, who is invited and who answered; offers entered for invited suppliers; the
 * comparison and the award. */
export function RfqView() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const rfq = useQuery({
    queryKey: ["rfq", id],
    queryFn: async () => unwrap(await api.GET("/rfqs/{rfq_id}", { params: { path: { rfq_id: id } } })),
  });
  if (rfq.error) return <ErrorNotice error={rfq.error} />;
  if (!rfq.data) return <Text aria-busy="true">…</Text>;
  const r = rfq.data;
  const buyer = mayBuy(session.user?.groups ?? []);
  const answered = new Set(r.offers.map((o) => o.supplier_id));
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {r.title}
        </Title>
        <Badge variant="light">{t(`srm.rfqStatus.${r.status}`)}</Badge>
      </Group>
      <Text>{t("srm.deadlineIs", { date: r.deadline })} · {t("srm.currency")}: {r.currency}</Text>
      <Card withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("srm.sku")}</Table.Th>
              <Table.Th>{t("srm.quantity")}</Table.Th>
              <Table.Th>{t("srm.needBy")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.lines.map((l) => (
              <Table.Tr key={l.sku}>
                <Table.Td>{l.sku}</Table.Td>
                <Table.Td>{l.quantity}</Table.Td>
                <Table.Td>{l.need_by ?? "–"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" mt="xs">
          {t("srm.invitedAnswered", { invited: r.invited.length, answered: answered.size })}
        </Text>
      </Card>
      <Comparison rfqId={id} open={r.status === "open"} mayAward={buyer} />
      {r.status === "open" && buyer && <OfferForm rfq={r} />}
    </Stack>
  );
}
