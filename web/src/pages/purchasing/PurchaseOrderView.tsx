import { Anchor, Badge, Button, Card, Group, NumberInput, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session";
import { mayBuy } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";

type Po = components["schemas"]["PurchaseOrderOut"];

/** A purchase order's lines with what is still open, and a delivery recorded against it: received and
 * rejected per line, the API's reason next to the line it names (more than ordered is refused). */
export function PurchaseOrderView() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const po = useQuery({
    queryKey: ["purchase-order", id],
    queryFn: async () => unwrap(await api.GET("/purchase-orders/{po_id}", { params: { path: { po_id: id } } })),
  });
  if (po.error) return <ErrorNotice error={po.error} />;
  if (!po.data) return <Text aria-busy="true">…</Text>;
  const p = po.data;
  const buyer = mayBuy(session.user?.groups ?? []);
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {t("srm.poTitle", { id: p.po_id })}
        </Title>
        <Badge variant="light">{t(`srm.poStatus.${p.status}`)}</Badge>
      </Group>
      <Group>
        <Anchor component={Link} to={`/suppliers/${p.supplier_id}`}>
          {t("srm.openSupplier")}
        </Anchor>
        {p.rfq_id && (
          <Anchor component={Link} to={`/rfqs/${p.rfq_id}`}>
            {t("srm.openRfqLink")}
          </Anchor>
        )}
      </Group>
      <Text>{t("srm.poTotals", { total: p.total, freight: p.freight, duties: p.duties, currency: p.currency })}</Text>
      {buyer && (p.status === "open" || p.status === "partially_received") ? <Delivery po={p} /> : <Lines po={p} />}
    </Stack>
  );
}

function Lines({ po }: { po: Po }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("srm.sku")}</Table.Th>
            <Table.Th>{t("srm.quantity")}</Table.Th>
            <Table.Th>{t("srm.received")}</Table.Th>
            <Table.Th>{t("srm.rejected")}</Table.Th>
            <Table.Th>{t("srm.open")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {po.lines.map((l) => (
            <Table.Tr key={l.line_no}>
              <Table.Td>{l.sku}</Table.Td>
              <Table.Td>{l.quantity}</Table.Td>
              <Table.Td>{l.received}</Table.Td>
              <Table.Td>{l.rejected}</Table.Td>
              <Table.Td>{l.open}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Delivery({ po }: { po: Po }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [on, setOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [counts, setCounts] = useState(() => po.lines.map((l) => ({ received: l.open as number | string, rejected: 0 as number | string })));
  const record = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/purchase-orders/{po_id}/deliveries", {
          params: { path: { po_id: po.po_id }, header: { "Idempotency-Key": key } },
          body: {
            delivered_on: on,
            landed_cost: null,
            note: null,
            lines: po.lines.map((l, i) => ({
              line_no: l.line_no,
              received: String(counts[i]?.received ?? 0),
              rejected: String(counts[i]?.rejected ?? 0),
              invoiced_unit_price: null,
            })),
          },
        }),
      ),
    onSuccess: (done) => {
      setKey(crypto.randomUUID());
      queries.setQueryData(["purchase-order", po.po_id], done.purchase_order);
      setCounts(done.purchase_order.lines.map((l) => ({ received: l.open, rejected: 0 })));
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    record.mutate();
  }
  const set = (i: number, change: Partial<{ received: number | string; rejected: number | string }>) =>
    setCounts(counts.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Title order={2} size="h4">
        {t("srm.recordDelivery")}
      </Title>
      <TextInput type="date" label={t("srm.deliveredOn")} value={on} onChange={(e) => setOn(e.currentTarget.value)} maw={220}
        error={fieldError(record.error, "delivered_on")} />
      {po.lines.map((l, i) => (
        <Group key={l.line_no} mt="xs" align="end">
          <Text w={200}>
            {t("srm.lineOpen", { sku: l.sku, open: l.open, quantity: l.quantity })}
          </Text>
          <NumberInput label={t("srm.receivedOf", { sku: l.sku })} min={0} value={counts[i]?.received ?? 0}
            onChange={(v) => set(i, { received: v })} error={fieldError(record.error, `lines.${i}.received`)} />
          <NumberInput label={t("srm.rejectedOf", { sku: l.sku })} min={0} value={counts[i]?.rejected ?? 0}
            onChange={(v) => set(i, { rejected: v })} error={fieldError(record.error, `lines.${i}.rejected`)} />
        </Group>
      ))}
      <ErrorNotice error={record.error} />
      <Group mt="sm">
        <Button type="submit" loading={record.isPending}>
          {t("srm.record")}
        </Button>
        {record.isSuccess && <span role="status">{t("srm.recorded", { spend: record.data.spend_in_base })}</span>}
      </Group>
    </Card>
  );
}
