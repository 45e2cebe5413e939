import { Button, Card, Stack, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";

import { unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import { ErrorNotice } from "./ErrorNotice";
import { LineEditor, linesIn, type Line } from "./LineEditor";

/** An order for a customer: products and quantities only; the API prices every line (the console never does).
 * One Idempotency-Key per form, so a double click or a retry places one order. */
export function NewOrder() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const customerId = params.get("customer_id") ?? "";
  const [lines, setLines] = useState<Line[]>([{ sku: null, quantity: 1 }]);
  const [currency, setCurrency] = useState("EUR");
  const [key] = useState(() => crypto.randomUUID());
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const order = unwrap(
        await api.POST("/orders", {
          params: { header: { "Idempotency-Key": key } },
          body: {
            customer_id: customerId,
            currency,
            status: "placed",
            lines: linesIn(lines),
            campaign_id: null,
            notes: null,
            partner_id: null,
            custom: null,
          },
        }),
      );
      navigate(`/orders/${order.order_id}`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder component="form" onSubmit={submit} maw={720}>
      <Stack>
        <Title order={1} size="h2">
          {t("order.new")}
        </Title>
        <LineEditor lines={lines} onLines={setLines} currency={currency} onCurrency={setCurrency} />
        <ErrorNotice error={failure} />
        <Button type="submit" loading={busy} disabled={!lines.some((l) => l.sku)}>
          {t("order.place")}
        </Button>
      </Stack>
    </Card>
  );
}
