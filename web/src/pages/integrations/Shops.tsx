import { Alert, Button, Card, Code, Group, Select, Stack, Table, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";

type ShopIn = components["schemas"]["ShopIn"];

/** Online shops: register one (its signing secret is shown once) and read the deliveries that could not be taken. */
export function Shops() {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [form, setForm] = useState<ShopIn>({ shop_id: "", name: "", platform: "woocommerce", pricing: "as_sold", currency: "EUR", secret: null });
  const [shown, setShown] = useState<string | null>(null);
  const shops = useQuery({ queryKey: ["shops"], queryFn: async () => unwrap(await api.GET("/settings/shops", { params: { query: {} } })) });
  const register = useMutation({
    mutationFn: async () => unwrap(await api.POST("/settings/shops", { body: form })),
    onSuccess: async (made) => {
      setShown(made.secret);
      await queries.invalidateQueries({ queryKey: ["shops"] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    register.mutate();
  }
  return (
    <Card withBorder component="section" aria-label={t("integrations.shops")}>
      <Title order={2} size="h4">
        {t("integrations.shops")}
      </Title>
      <Table.ScrollContainer minWidth={520} scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": t("integrations.shopList") } }}>
        <Table aria-label={t("integrations.shopList")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("integrations.shopName")}</Table.Th>
              <Table.Th>{t("integrations.platform")}</Table.Th>
              <Table.Th>{t("integrations.webhookUrl")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(shops.data?.items ?? []).map((s) => (
              <Table.Tr key={s.shop_id}>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{t(`integrations.platforms.${s.platform}`)}</Table.Td>
                <Table.Td>
                  <Code>{s.webhook_path}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {shops.data?.items.map((s) => <Problems key={s.shop_id} shopId={s.shop_id} name={s.name} />)}
      <Stack component="form" onSubmit={submit} mt="md" aria-label={t("integrations.newShop")}>
        <Title order={3} size="h5">
          {t("integrations.newShop")}
        </Title>
        <Group grow align="start">
          <TextInput label={t("integrations.shopId")} required value={form.shop_id}
            onChange={(e) => setForm({ ...form, shop_id: e.currentTarget.value })} error={fieldError(register.error, "shop_id")} />
          <TextInput label={t("integrations.shopName")} required value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={fieldError(register.error, "name")} />
        </Group>
        <Group grow align="start">
          <Select label={t("integrations.platform")} allowDeselect={false} value={form.platform}
            data={[{ value: "woocommerce", label: t("integrations.platforms.woocommerce") }, { value: "shopify", label: t("integrations.platforms.shopify") }]}
            onChange={(v) => v && setForm({ ...form, platform: v as ShopIn["platform"] })} />
          <Select label={t("integrations.pricing")} allowDeselect={false} value={form.pricing}
            data={[{ value: "as_sold", label: t("integrations.asSold") }, { value: "server", label: t("integrations.serverPriced") }]}
            onChange={(v) => v && setForm({ ...form, pricing: v as ShopIn["pricing"] })} />
          <TextInput label={t("integrations.currency")} maxLength={3} value={form.currency}
            onChange={(e) => setForm({ ...form, currency: e.currentTarget.value.toUpperCase() })} error={fieldError(register.error, "currency")} />
        </Group>
        <ErrorNotice error={register.error} />
        {shown && (
          <Alert role="status" color="blue" variant="outline" title={t("integrations.secretOnce")}>
            <Code style={{ wordBreak: "break-all" }}>{shown}</Code>
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={register.isPending}>
            {t("integrations.registerShop")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Problems({ shopId, name }: { shopId: string; name: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const problems = useQuery({
    queryKey: ["shop-problems", shopId],
    queryFn: async () => unwrap(await api.GET("/settings/shops/{shop_id}/problems", { params: { path: { shop_id: shopId }, query: {} } })),
  });
  const items = problems.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Table mt="sm" aria-label={t("integrations.problemsOf", { name })}>
      <Table.Caption style={{ color: "var(--mantine-color-text)" }}>{t("integrations.problemsOf", { name })}</Table.Caption>
      <Table.Tbody>
        {items.map((p) => (
          <Table.Tr key={`${p.at}${p.delivery}`}>
            <Table.Td>{new Date(p.at).toLocaleString()}</Table.Td>
            <Table.Td>{p.shop_order_id}</Table.Td>
            <Table.Td>{p.reason}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
