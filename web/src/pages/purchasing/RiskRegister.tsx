import { Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, partial, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session";
import { mayBuy } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";

type RiskIn = components["schemas"]["RiskIn"];
const CATEGORIES = ["delivery", "quality", "financial", "compliance", "geopolitical", "other"] as const;

/** The supplier's risk index with each weighted component the API computed, and the risk register
 * (likelihood × impact = severity), with a new entry added in place by buyers. */
export function RiskRegister({ supplierId }: { supplierId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const queries = useQueryClient();
  const risk = useQuery({
    queryKey: ["supplier-risk", supplierId],
    queryFn: async () => unwrap(await api.GET("/suppliers/{supplier_id}/risk", { params: { path: { supplier_id: supplierId } } })),
  });
  const [title, setTitle] = useState("");
  const [category, setCategory] = useState<RiskIn["category"]>("delivery");
  const [likelihood, setLikelihood] = useState<number | string>(3);
  const [impact, setImpact] = useState<number | string>(3);
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/suppliers/{supplier_id}/risks", {
          params: { path: { supplier_id: supplierId } },
          body: partial<RiskIn>({ title, category, likelihood: Number(likelihood), impact: Number(impact) }),
        }),
      ),
    onSuccess: async () => {
      setTitle("");
      await queries.invalidateQueries({ queryKey: ["supplier-risk", supplierId] });
    },
  });
  const mayWrite = mayBuy(session.user?.groups ?? []);
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }
  if (!risk.data) return <ErrorNotice error={risk.error} />;
  const r = risk.data;
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        {t("srm.riskIndex", { value: r.risk_index })}
      </Title>
      <Text size="sm">
        {Object.entries(r.components)
          .map(([name, c]) => `${t(`srm.rc.${name}`)} ${c.value} × ${c.weight}`)
          .join(" · ")}
      </Text>
      <Table.ScrollContainer minWidth={560} mt="sm">
        <Table striped>
          <Table.Caption style={{ color: "var(--mantine-color-text)" }}>{t("srm.register")}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("srm.riskTitle")}</Table.Th>
              <Table.Th>{t("srm.category")}</Table.Th>
              <Table.Th>{t("srm.severity")}</Table.Th>
              <Table.Th>{t("srm.status")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.register.map((e) => (
              <Table.Tr key={e.risk_id}>
                <Table.Td>{e.title}</Table.Td>
                <Table.Td>{t(`srm.cat.${e.category}`)}</Table.Td>
                <Table.Td>
                  <Badge color={e.severity >= 8 ? "red.9" : "gray.7"} variant={e.severity >= 15 ? "filled" : "outline"}>
                    {e.likelihood} × {e.impact} = {e.severity}
                  </Badge>
                </Table.Td>
                <Table.Td>{e.status}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {mayWrite && (
        <form onSubmit={submit}>
          <SimpleGrid cols={{ base: 1, sm: 4 }} mt="sm">
            <TextInput label={t("srm.riskTitle")} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required
              error={fieldError(add.error, "title")} />
            <Select label={t("srm.category")} value={category} allowDeselect={false} onChange={(c) => c && setCategory(c as RiskIn["category"])}
              data={CATEGORIES.map((c) => ({ value: c, label: t(`srm.cat.${c}`) }))} />
            <NumberInput label={t("srm.likelihood")} min={1} max={5} value={likelihood} onChange={setLikelihood}
              error={fieldError(add.error, "likelihood")} />
            <NumberInput label={t("srm.impact")} min={1} max={5} value={impact} onChange={setImpact} error={fieldError(add.error, "impact")} />
          </SimpleGrid>
          <Group mt="sm">
            <Button type="submit" loading={add.isPending}>
              {t("srm.addRisk")}
            </Button>
          </Group>
          <ErrorNotice error={add.error} />
        </form>
      )}
    </Card>
  );
}
