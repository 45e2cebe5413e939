import { Badge, Button, Card, Group, Radio, Select, SimpleGrid, Stack, Table, Text, Textarea, Timeline, Title } from "@mantine/core";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { unwrap } from "../api/client";
import { useApi, type Customer360 as View } from "../api/hooks";
import { useSession } from "../auth/session";
import { remember } from "../shell/recent";
import { mayCreateCustomers, mayWriteNotes } from "../permissions";
import { Actions } from "./customers/Actions";
import { CustomValuesView } from "./fields/CustomValuesView";
import type { Values } from "./fields/customValues";
import { EditCustomer } from "./EditCustomer";
import { ErrorNotice } from "./ErrorNotice";

/** One customer at a glance: profile, contacts, analytics figures, order counters and the timeline across
 * channels (one API call), with a note added in place. */
export function Customer360() {
  const { id = "" } = useParams();
  return <Customer360View id={id} />;
}

export function Customer360View({ id }: { id: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const view = useQuery({
    queryKey: ["360", id],
    queryFn: async () => unwrap(await api.GET("/customers/{customer_id}/360", { params: { path: { customer_id: id } } })),
  });
  useEffect(() => {
    if (view.data) remember({ id: view.data.customer.customer_id, name: view.data.customer.name });
  }, [view.data]);
  if (view.error) return <ErrorNotice error={view.error} />;
  if (!view.data) return <Text aria-busy="true">…</Text>;
  const { customer } = view.data;
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {customer.name}
        </Title>
        <Badge variant="light">{customer.status}</Badge>
        {mayCreateCustomers(session.user?.groups ?? []) && !editing && (
          <Button variant="default" onClick={() => setEditing(true)}>
            {t("edit.open")}
          </Button>
        )}
      </Group>
      <Actions customer={customer} />
      {editing && <EditCustomer customer={customer} onDone={() => setEditing(false)} />}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Profile view={view.data} />
        <Figures view={view.data} />
        <Contacts view={view.data} />
      </SimpleGrid>
      <NoteForm customerId={id} />
      <Entries view={view.data} />
    </Stack>
  );
}

function Profile({ view }: { view: View }) {
  const { t } = useTranslation();
  const c = view.customer;
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        {t("c360.profile")}
      </Title>
      <Text>{[c.address?.city, c.address?.country].filter(Boolean).join(", ")}</Text>
      <Text>{t("c360.email")}: {c.emails.join(", ")}</Text>
      <Text>{t("c360.phone")}: {c.phones.join(", ")}</Text>
      <Group gap="xs" mt="xs" role="group" aria-label={t("c360.tags")}>
        {c.tags.map((tag) => (
          <Badge key={tag} variant="outline">
            {tag}
          </Badge>
        ))}
      </Group>
      <CustomValuesView entity="customer" values={c.custom as Values} />
      {view.stats?.map((s) => (
        <Text key={s.currency} mt="xs">
          {t("c360.orders")}: {s.orders_count} · {t("c360.revenue")}: {s.revenue} {s.currency}
        </Text>
      ))}
    </Card>
  );
}

function Figures({ view }: { view: View }) {
  const { t } = useTranslation();
  const f = view.figures;
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        {t("c360.figures")}
      </Title>
      {!f && <Text>{t("c360.noFigures")}</Text>}
      {f && (
        <Stack gap={2}>
          <Text>{t("c360.segment")}: {f.rfm_segment ?? "–"}</Text>
          <Text>{t("c360.clv")}: {f.clv ?? "–"} ({f.clv_band ?? "–"})</Text>
          <Text>{t("c360.pAlive")}: {f.p_alive ?? "–"}</Text>
          <Text>{t("c360.churn")}: {f.churn_level ?? "–"}</Text>
          <Text>{t("c360.nextProduct")}: {f.next_product ?? "–"}</Text>
          <Text>
            {t("c360.lifecycle")}: {f.lifecycle_stage ? t(`c360.stages.${f.lifecycle_stage}`) : "–"}
          </Text>
          <Text>
            {t("c360.bestChannel")}: {f.best_channel ? t(`c360.channels.${f.best_channel}`) : "–"}
          </Text>
          {f.channels && f.channels.length > 0 && <ChannelMix channels={f.channels} />}
        </Stack>
      )}
    </Card>
  );
}

type Channels = NonNullable<NonNullable<View["figures"]>["channels"]>;

const percent = (v: string | null | undefined) => (v == null ? "–" : `${Math.round(Number(v) * 100)} %`);

function ChannelMix({ channels }: { channels: Channels }) {
  const { t } = useTranslation();
  return (
    <>
      <Text fw={500} mt="xs" id="channel-mix">
        {t("c360.channelMix")}
      </Text>
      <Table withRowBorders={false} aria-labelledby="channel-mix">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("c360.channel")}</Table.Th>
          <Table.Th>{t("c360.inboundShare")}</Table.Th>
          <Table.Th>{t("c360.responseRate")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {channels.map((c) => (
          <Table.Tr key={c.channel}>
            <Table.Td>{t(`c360.channels.${c.channel}`)}</Table.Td>
            <Table.Td>{percent(c.inbound_share)}</Table.Td>
            <Table.Td>{percent(c.response_rate)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      </Table>
    </>
  );
}

function Contacts({ view }: { view: View }) {
  const { t } = useTranslation();
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        {t("c360.contacts")}
      </Title>
      {view.contacts.length === 0 && <Text>{t("c360.noContacts")}</Text>}
      {view.contacts.map((p) => (
        <Text key={p.contact_id}>
          {[p.first_name, p.last_name].filter(Boolean).join(" ")} {p.title ? `· ${p.title}` : ""}
        </Text>
      ))}
    </Card>
  );
}

const NOTE_KINDS = ["note", "call", "email", "sms", "meeting"] as const;
type NoteKind = (typeof NOTE_KINDS)[number];
const CHANNEL_OF = { call: "phone", email: "email", sms: "sms", meeting: "in_person" } as const;

/** A note, or a contact that happened elsewhere (a call from a mobile, a visit): its direction feeds the channel preference. */
function NoteForm({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const queries = useQueryClient();
  const [summary, setSummary] = useState("");
  const [kind, setKind] = useState<NoteKind>("note");
  const [direction, setDirection] = useState<"inbound" | "outbound">("inbound");
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/customers/{customer_id}/timeline", {
          params: { path: { customer_id: customerId } },
          body: {
            summary,
            kind,
            body: null,
            channel: kind === "note" ? null : CHANNEL_OF[kind],
            direction: kind === "note" ? null : direction,
            occurred_at: null,
          },
        }),
      ),
    onSuccess: async () => {
      setSummary("");
      setKind("note");
      await queries.invalidateQueries({ queryKey: ["360", customerId] });
    },
  });
  if (!mayWriteNotes(session.user?.groups ?? [])) return null;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (summary.trim()) save.mutate();
  }
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Title order={2} size="h4">
        {t("c360.addNote")}
      </Title>
      <Select
        label={t("c360.noteKind")}
        data={NOTE_KINDS.map((k) => ({ value: k, label: t(`c360.noteKinds.${k}`) }))}
        value={kind}
        onChange={(v) => setKind((v as NoteKind | null) ?? "note")}
        allowDeselect={false}
      />
      {kind !== "note" && (
        <Radio.Group label={t("c360.direction")} value={direction} onChange={(v) => setDirection(v as "inbound" | "outbound")} mt="xs">
          <Group>
            <Radio value="inbound" label={t("c360.inbound")} />
            <Radio value="outbound" label={t("c360.outbound")} />
          </Group>
        </Radio.Group>
      )}
      <Textarea label={t("c360.note")} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} maxLength={500} />
      <Group mt="sm">
        <Button type="submit" loading={save.isPending}>
          {t("c360.save")}
        </Button>
        {save.isSuccess && <Text role="status">{t("c360.saved")}</Text>}
      </Group>
      <ErrorNotice error={save.error} />
    </Card>
  );
}

/** The newest entries come with the 360; older ones page in from the timeline with its cursor. */
function Entries({ view }: { view: View }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = view.customer.customer_id;
  const older = useInfiniteQuery({
    queryKey: ["timeline", id, view.timeline_next],
    initialPageParam: view.timeline_next ?? null,
    enabled: false,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET("/customers/{customer_id}/timeline", {
          params: { path: { customer_id: id }, query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const entries = [...view.timeline, ...(older.data?.pages.flatMap((p) => p.items) ?? [])];
  const more = older.data ? older.hasNextPage : Boolean(view.timeline_next);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {t("c360.timeline")}
      </Title>
      <Timeline bulletSize={14} lineWidth={2}>
        {entries.map((e) => (
          <Timeline.Item key={e.entry_id} title={e.summary}>
            <Text size="sm">
              {e.kind}
              {e.channel ? ` · ${e.channel}` : ""} · {when.format(new Date(e.occurred_at))}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {more && (
        <Button variant="default" mt="sm" loading={older.isFetching}
          onClick={() => void (older.data ? older.fetchNextPage() : older.refetch())}>
          {t("c360.olderEntries")}
        </Button>
      )}
      <ErrorNotice error={older.error} />
    </Card>
  );
}
