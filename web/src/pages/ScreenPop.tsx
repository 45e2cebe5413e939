import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import { Customer360View } from "./Customer360";
import { ErrorNotice } from "./ErrorNotice";

function inOneHour(): string {
  return new Date(Date.now() + 60 * 60 * 1000).toISOString();
}

/** The agent's screen pop for an incoming call, standalone: `/pop?phone=+49…` (a CCP embedded elsewhere opens it
 * with the caller's number). The caller's 360 with quick actions: a case for this call, a callback task. */
export function ScreenPop() {
  const { t } = useTranslation();
  const api = useApi();
  const [params] = useSearchParams();
  const phone = (params.get("phone") ?? "").trim();
  const caller = useQuery({
    queryKey: ["pop", phone],
    enabled: phone.length > 0,
    queryFn: async () => unwrap(await api.GET("/customers/lookup", { params: { query: { phone } } })).items[0] ?? null,
  });
  const customer = caller.data?.customer;
  const openCase = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/cases", {
          body: {
            customer_id: customer?.customer_id ?? "",
            subject: t("pop.caseSubject", { phone }),
            channel: "phone",
            category: "question",
            priority: "normal",
            description: null,
            order_id: null,
            owner: null,
          },
        }),
      ),
  });
  const callback = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/tasks", {
          body: {
            subject: t("pop.callbackSubject", { name: customer?.name ?? phone }),
            kind: "call",
            customer_id: customer?.customer_id ?? null,
            due_at: inOneHour(),
            assignee: null,
            end_at: null,
            location: null,
            notes: null,
            related: null,
            remind_minutes_before: null,
            start_at: null,
          },
        }),
      ),
  });
  return (
    <Stack>
      <Card withBorder>
        <Title order={1} size="h3">
          {t("pop.incoming", { phone })}
        </Title>
        <ErrorNotice error={caller.error} />
        {caller.isSuccess && !customer && (
          <Alert color="blue" variant="outline" role="status">
            {t("pop.unknown")}{" "}
            <Anchor component={Link} to="/customers/new">
              {t("newCustomer.new")}
            </Anchor>
          </Alert>
        )}
        {customer && (
          <Group mt="sm">
            <Button onClick={() => openCase.mutate()} loading={openCase.isPending} disabled={openCase.isSuccess}>
              {t("pop.openCase")}
            </Button>
            <Button variant="default" onClick={() => callback.mutate()} loading={callback.isPending} disabled={callback.isSuccess}>
              {t("pop.callback")}
            </Button>
            {openCase.isSuccess && <Text role="status">{t("pop.caseOpened", { id: openCase.data.case_id })}</Text>}
            {callback.isSuccess && <Text role="status">{t("pop.callbackPlanned")}</Text>}
          </Group>
        )}
        <ErrorNotice error={openCase.error ?? callback.error} />
      </Card>
      {customer && <Customer360View id={customer.customer_id} />}
    </Stack>
  );
}
