import { Button, Group, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { fieldError, partial, unwrap } from "../../api/client";
import { STAGES, isClosing, useApi, type Stage } from "../../api/hooks";
import type { components } from "../../api/schema";
import { Dialog } from "../Dialog";
import { ErrorNotice } from "../ErrorNotice";
import { CURRENCIES } from "../LineEditor";
import { invalidateSales } from "./opportunities";

type OpportunityIn = components["schemas"]["OpportunityIn"];

/** A deal with this customer; the probability comes from the stage (the API's table) unless the rep sets it. */
export function NewOpportunity({ customerId, opened, onClose }: { customerId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [key] = useState(() => crypto.randomUUID());
  const [name, setName] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("EUR");
  const [close, setClose] = useState(() => new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
  const [stage, setStage] = useState<Stage>("prospecting");
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/opportunities", {
          params: { header: { "Idempotency-Key": key } },
          body: partial<OpportunityIn>({ name, customer_id: customerId, amount, currency, expected_close: close, stage }),
        }),
      ),
    onSuccess: async () => {
      await invalidateSales(queries);
      navigate("/pipeline");
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Dialog opened={opened} onClose={onClose} title={t("pipeline.new")}>
      <form onSubmit={submit}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t("pipeline.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required
            error={fieldError(create.error, "name")} data-autofocus />
          <TextInput label={t("pipeline.amount")} value={amount} inputMode="decimal" onChange={(e) => setAmount(e.currentTarget.value)}
            required error={fieldError(create.error, "amount")} />
          <Select label={t("quote.currency")} value={currency} allowDeselect={false} data={CURRENCIES} onChange={(c) => setCurrency(c ?? "EUR")} />
          <TextInput type="date" label={t("pipeline.closeDate")} value={close} onChange={(e) => setClose(e.currentTarget.value)} required
            error={fieldError(create.error, "expected_close")} />
          <Select label={t("pipeline.stage")} value={stage} allowDeselect={false}
            data={STAGES.filter((s) => !isClosing(s)).map((s) => ({ value: s, label: t(`stage.${s}`) }))} onChange={(s) => s && setStage(s as Stage)} />
        </SimpleGrid>
        <ErrorNotice error={create.error} />
        <Group mt="md">
          <Button type="submit" loading={create.isPending}>
            {t("pipeline.create")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </form>
    </Dialog>
  );
}
