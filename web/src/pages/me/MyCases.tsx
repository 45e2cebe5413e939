import { Anchor, Badge, Button, Card, Select, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";

type Category = NonNullable<components["schemas"]["MyCaseIn"]["category"]>;
const CATEGORIES: Category[] = ["question", "complaint", "return", "incident"];

/** The customer's cases with their status, and a form to open one (optionally about one of their orders). */
export function MyCases() {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [subject, setSubject] = useState("");
  const [description, setDescription] = useState("");
  const [category, setCategory] = useState<Category>("question");
  const [orderId, setOrderId] = useState<string | null>(null);
  const cases = useQuery({ queryKey: ["my-cases"], queryFn: async () => unwrap(await api.GET("/me/cases", { params: { query: { limit: 50 } } })) });
  const orders = useQuery({ queryKey: ["my-orders"], queryFn: async () => unwrap(await api.GET("/me/orders", { params: { query: { limit: 50 } } })) });
  const open = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/me/cases", { body: { subject, description: description || null, category, order_id: orderId } })),
    onSuccess: async () => {
      setSubject("");
      setDescription("");
      setOrderId(null);
      await queries.invalidateQueries({ queryKey: ["my-cases"] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    open.mutate();
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("me.cases")}
      </Title>
      {cases.data && cases.data.items.length === 0 && <Text>{t("me.noCases")}</Text>}
      {(cases.data?.items ?? []).map((c) => (
        <Text key={c.case_id}>
          <Anchor component={Link} to={`/me/cases/${c.case_id}`}>
            {c.subject}
          </Anchor>{" "}
          <Badge variant="light">{t(`me.s.${c.status}`)}</Badge> <Text span size="sm">{c.created_at.slice(0, 10)}</Text>
        </Text>
      ))}
      <ErrorNotice error={cases.error} />
      <Card withBorder component="form" onSubmit={submit} aria-label={t("me.newCase")}>
        <Stack>
          <Title order={2} size="h4">
            {t("me.newCase")}
          </Title>
          <TextInput label={t("me.subject")} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required maxLength={200} />
          <Select label={t("me.category")} value={category} allowDeselect={false}
            data={CATEGORIES.map((c) => ({ value: c, label: t(`caseForm.c.${c}`) }))} onChange={(v) => setCategory((v ?? "question") as Category)} />
          <Select label={t("me.aboutOrder")} value={orderId} clearable onChange={setOrderId}
            data={(orders.data?.items ?? []).map((o) => ({ value: o.order_id, label: `${(o.order_date ?? o.created_at).slice(0, 10)} · ${o.grand_total} ${o.currency}` }))} />
          <Textarea label={t("me.description")} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={3} maxLength={4000} />
          <Button type="submit" loading={open.isPending}>
            {t("me.send")}
          </Button>
          {open.isSuccess && <Text role="status">{t("me.opened")}</Text>}
          <ErrorNotice error={open.error} />
        </Stack>
      </Card>
    </Stack>
  );
}
