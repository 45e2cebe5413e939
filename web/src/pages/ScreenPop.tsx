import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { partial, unwrap } from "../api/client";
import { useApi } from "../api/hooks";
import type { components } from "../api/schema";
import { framed, type ArrivingContact } from "../connect/attributes";
import { Customer360View } from "./Customer360";
import { ErrorNotice } from "./ErrorNotice";
import { SuggestedArticles } from "./kb/parts";

type TaskIn = components["schemas"]["TaskIn"];
type CaseIn = components["schemas"]["CaseIn"];

/** The agent's screen pop. Inside Amazon Connect's agent workspace it follows the contacts offered to the agent
 * (their CRM attributes: the customer, the IVR's verification, the open case); standalone, `/pop?phone=…` or
 * `/pop?contact=…` asks the API for the caller. Either way: the caller's 360 and quick actions. */
export function ScreenPop() {
  const [params] = useSearchParams();
  const phone = (params.get("phone") ?? "").trim();
  const contact = (params.get("contact") ?? "").trim();
  if (phone || contact) return <Standalone phone={phone} contactId={contact} />;
  if (framed()) return <InWorkspace />;
  return <Usage />;
}

function Usage() {
  const { t } = useTranslation();
  return (
    <Alert variant="outline" role="status">
      {t("pop.usage")}
    </Alert>
  );
}

function InWorkspace() {
  const { t } = useTranslation();
  const [arriving, setArriving] = useState<ArrivingContact | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    let stop: (() => void) | null = null;
    let gone = false;
    import("../connect/workspace")
      .then(({ watchContacts }) => {
        if (!gone) stop = watchContacts(setArriving);
      })
      .catch(setFailed);
    return () => {
      gone = true;
      stop?.();
    };
  }, []);
  if (failed) return <ErrorNotice error={failed} />;
  if (!arriving) return <Text role="status">{t("pop.waiting")}</Text>;
  return (
    <Caller key={arriving.contactId} title={t("pop.contact", { id: arriving.contactId })} customerId={arriving.customerId}
      verified={arriving.verified} openCaseId={arriving.openCaseId} label={arriving.contactId} vip={arriving.vip}
      routeReason={arriving.routeReason} botLog={arriving.botLog} />
  );
}

function Standalone({ phone, contactId }: { phone: string; contactId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const pop = useQuery({
    queryKey: ["pop", phone, contactId],
    queryFn: async () =>
      unwrap(await api.GET("/agent/screen-pop", { params: { query: contactId ? { contact_id: contactId } : { phone } } })),
  });
  if (pop.error) return <ErrorNotice error={pop.error} />;
  if (!pop.data) return <Text aria-busy="true">…</Text>;
  const caller = pop.data.caller;
  return (
    <Caller title={t("pop.incoming", { phone: phone || caller.phone })} customerId={caller.customer_id ?? null} verified={null}
      openCaseId={caller.open_case_id ?? null} label={caller.phone || phone} vip={caller.vip} routeReason={null} />
  );
}

/** The caller's card: verification, open case, quick actions (a case for this call, a callback) and the 360. */
function Caller({ title, customerId, verified, openCaseId, label, vip, routeReason, botLog = [] }: {
  title: string;
  vip: boolean;
  routeReason: string | null;
  botLog?: string[];
  customerId: string | null;
  verified: boolean | null;
  openCaseId: string | null;
  label: string;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const openCase = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/cases", {
          body: partial<CaseIn>({ customer_id: customerId ?? "", subject: t("pop.caseSubject", { phone: label }), channel: "phone", category: "question", priority: "normal" }),
        }),
      ),
  });
  const callback = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/tasks", {
          body: partial<TaskIn>({
            subject: t("pop.callbackSubject", { name: label }),
            kind: "call",
            customer_id: customerId,
            due_at: new Date(Date.now() + 3_600_000).toISOString(),
          }),
        }),
      ),
  });
  return (
    <Stack>
      <Card withBorder>
        <Group>
          <Title order={1} size="h3">
            {title}
          </Title>
          {verified === true && <Badge color="teal.9">{t("pop.verified")}</Badge>}
          {verified === false && customerId && <Badge color="red.9" variant="outline">{t("pop.notVerified")}</Badge>}
          {vip && <Badge color="grape.9">{t("pop.vip")}</Badge>}
        </Group>
        {routeReason && <Text size="sm">{t("pop.routed", { reason: routeReason })}</Text>}
        {botLog.length > 0 && (
          <Stack gap={2} mt="xs" component="section" aria-label={t("pop.botLog")}>
            <Text size="sm" fw={600}>{t("pop.botLog")}</Text>
            {botLog.map((line, i) => (
              <Text key={i} size="sm">{line}</Text>
            ))}
          </Stack>
        )}
        {!customerId && (
          <Alert color="blue" variant="outline" role="status" mt="sm">
            {t("pop.unknown")}{" "}
            <Anchor component={Link} to="/customers/new">
              {t("newCustomer.new")}
            </Anchor>
          </Alert>
        )}
        {openCaseId && (
          <Anchor component={Link} to={`/cases/${openCaseId}`} mt="xs">
            {t("pop.openCaseLink")}
          </Anchor>
        )}
        {customerId && (
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
      {openCaseId && <SuggestedArticles caseId={openCaseId} />}
      {customerId && <Customer360View id={customerId} />}
    </Stack>
  );
}
