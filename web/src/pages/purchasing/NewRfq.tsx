import { ActionIcon, Button, Card, Checkbox, Group, NumberInput, Select, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { fieldError, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";

type RfqIn = components["schemas"]["RfqIn"];

/** A request for quotation: items and quantities, the suppliers invited, the deadline (the RFQ's default
 * criteria weights apply; the comparison can try others). */
export function NewRfq() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [key] = useState(() => crypto.randomUUID());
  const [title, setTitle] = useState("");
  const [deadline, setDeadline] = useState(() => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
  const [lines, setLines] = useState<{ sku: string | null; quantity: number | string }[]>([{ sku: null, quantity: 100 }]);
  const [invited, setInvited] = useState<string[]>([]);
  const suppliers = useQuery({
    queryKey: ["suppliers", "all"],
    queryFn: async () => unwrap(await api.GET("/suppliers", { params: { query: { limit: 100 } } })).items,
  });
  const products = useQuery({
    queryKey: ["products"],
    queryFn: async () => unwrap(await api.GET("/products", { params: { query: { limit: 100 } } })).items,
  });
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/rfqs", {
          params: { header: { "Idempotency-Key": key } },
          body: partial<RfqIn>({
            title,
            deadline,
            invited,
            lines: lines.filter((l) => l.sku).map((l) => ({ sku: l.sku ?? "", quantity: String(l.quantity), need_by: null })),
          }),
        }),
      ),
    onSuccess: (rfq) => navigate(`/rfqs/${rfq.rfq_id}`),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  const setLine = (i: number, change: Partial<(typeof lines)[number]>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...change } : l)));
  return (
    <Card withBorder component="form" onSubmit={submit} maw={760}>
      <Stack>
        <Title order={1} size="h2">
          {t("srm.newRfq")}
        </Title>
        <TextInput label={t("srm.rfqTitle")} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required
          error={fieldError(create.error, "title")} />
        <TextInput type="date" label={t("srm.deadline")} value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} maw={220}
          error={fieldError(create.error, "deadline")} />
        {lines.map((l, i) => (
          <Group key={i} align="end">
            <Select label={t("order.product", { n: i + 1 })} searchable value={l.sku} onChange={(sku) => setLine(i, { sku })}
              data={(products.data ?? []).map((p) => ({ value: p.sku, label: `${p.sku} · ${p.name}` }))}
              error={fieldError(create.error, `lines.${i}.sku`)} />
            <NumberInput label={t("order.quantity", { n: i + 1 })} min={1} value={l.quantity} onChange={(quantity) => setLine(i, { quantity })} />
            {lines.length > 1 && (
              <ActionIcon variant="default" size="lg" aria-label={t("order.removeLine", { n: i + 1 })}
                onClick={() => setLines(lines.filter((_, j) => j !== i))}>
                ×
              </ActionIcon>
            )}
          </Group>
        ))}
        <Button variant="default" onClick={() => setLines([...lines, { sku: null, quantity: 100 }])} w="fit-content">
          {t("order.addLine")}
        </Button>
        <Checkbox.Group label={t("srm.invite")} value={invited} onChange={setInvited} error={fieldError(create.error, "invited")}>
          <Stack gap={4} mt={4}>
            {(suppliers.data ?? []).map((s) => (
              <Checkbox key={s.supplier_id} value={s.supplier_id} label={`${s.name} (${s.country})`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <ErrorNotice error={create.error} />
        <Button type="submit" loading={create.isPending} disabled={invited.length === 0 || !lines.some((l) => l.sku)}>
          {t("srm.openRfq")}
        </Button>
      </Stack>
    </Card>
  );
}
