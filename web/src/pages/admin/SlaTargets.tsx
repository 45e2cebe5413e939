import { Button, Card, Group, NumberInput, SimpleGrid, Table, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";
import { SlaCalendar } from "./SlaCalendars";

type Policy = components["schemas"]["PolicyOut"];
const PRIORITIES = ["urgent", "high", "normal", "low"] as const;

/** SLA targets per priority in business minutes on a calendar (the cases' deadlines follow them), and the
 * business-hours calendars they count on. */
export function SlaTargets() {
  const { t } = useTranslation();
  const api = useApi();
  const sla = useQuery({ queryKey: ["sla"], queryFn: async () => unwrap(await api.GET("/sla")) });
  if (!sla.data) return <ErrorNotice error={sla.error} />;
  return (
    <Card withBorder component="section" aria-label={t("settings.sla")}>
      <Title order={2} size="h4">
        {t("settings.sla")}
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("caseForm.priority")}</Table.Th>
              <Table.Th>{t("settings.firstResponse")}</Table.Th>
              <Table.Th>{t("settings.resolution")}</Table.Th>
              <Table.Th>{t("settings.warn")}</Table.Th>
              <Table.Th>{t("settings.save")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {PRIORITIES.filter((p) => sla.data.policies[p]).map((p) => (
              <PolicyRow key={p} policy={sla.data.policies[p] as Policy} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <SimpleGrid cols={{ base: 1, lg: 2 }} mt="xs">
        {Object.entries(sla.data.calendars).map(([id, c]) => (
          <SlaCalendar key={id} id={id} calendar={c} />
        ))}
      </SimpleGrid>
    </Card>
  );
}

function PolicyRow({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [first, setFirst] = useState<number | string>(policy.first_response_minutes);
  const [resolution, setResolution] = useState<number | string>(policy.resolution_minutes);
  const [warn, setWarn] = useState<number | string>(policy.warn_minutes);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT("/sla/policies/{priority}", {
          params: { path: { priority: policy.priority } },
          body: { first_response_minutes: Number(first), resolution_minutes: Number(resolution), warn_minutes: Number(warn), calendar_id: policy.calendar_id },
        }),
      ),
    onSuccess: (saved) => queries.setQueryData(["sla"], saved),
  });
  const label = t(`cases.p.${policy.priority}`);
  return (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td>
        <NumberInput aria-label={t("settings.firstResponseOf", { p: label })} min={1} value={first} onChange={setFirst}
          error={fieldError(save.error, "first_response_minutes")} />
      </Table.Td>
      <Table.Td>
        <NumberInput aria-label={t("settings.resolutionOf", { p: label })} min={1} value={resolution} onChange={setResolution}
          error={fieldError(save.error, "resolution_minutes")} />
      </Table.Td>
      <Table.Td>
        <NumberInput aria-label={t("settings.warnOf", { p: label })} min={0} value={warn} onChange={setWarn} error={fieldError(save.error, "warn_minutes")} />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" onClick={() => save.mutate()} loading={save.isPending} aria-label={t("settings.saveOf", { p: label })}>
            {t("settings.save")}
          </Button>
          {save.isSuccess && <span role="status">{t("settings.saved")}</span>}
        </Group>
        <ErrorNotice error={save.error} />
      </Table.Td>
    </Table.Tr>
  );
}
