import { Button, Card, Stack, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";

import { fieldError, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";
import { LineEditor, linesIn, type Line } from "../LineEditor";

type QuoteIn = components["schemas"]["QuoteIn"];

/** A quote for a customer: products, quantities and how long it holds; the API prices it and keeps the prices
 * until it is accepted (the order then carries the quoted prices). */
export function NewQuote() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const customerId = params.get("customer_id") ?? "";
  const [lines, setLines] = useState<Line[]>([{ sku: null, quantity: 1 }]);
  const [currency, setCurrency] = useState("EUR");
  const [validUntil, setValidUntil] = useState(() => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  const [key] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/quotes", {
          params: { header: { "Idempotency-Key": key } },
          body: partial<QuoteIn>({ customer_id: customerId, currency, lines: linesIn(lines), valid_until: validUntil }),
        }),
      ),
    onSuccess: (quote) => navigate(`/quotes/${quote.quote_id}`),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Card withBorder component="form" onSubmit={submit} maw={720}>
      <Stack>
        <Title order={1} size="h2">
          {t("quotes.new")}
        </Title>
        <LineEditor lines={lines} onLines={setLines} currency={currency} onCurrency={setCurrency} />
        <TextInput type="date" label={t("quotes.validUntil")} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)}
          error={fieldError(create.error, "valid_until")} maw={220} />
        <ErrorNotice error={create.error} />
        <Button type="submit" loading={create.isPending} disabled={!lines.some((l) => l.sku)}>
          {t("quotes.create")}
        </Button>
      </Stack>
    </Card>
  );
}
