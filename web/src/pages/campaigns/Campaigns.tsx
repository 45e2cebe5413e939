import { Anchor, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import { fieldError, partial, unwrap } from "../../api/client";
import { MoreButton, after, usePaged } from "../../api/paging";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session";
import { mayManage } from "../../permissions";
import { ErrorNotice } from "../ErrorNotice";

type CampaignIn = components["schemas"]["CampaignIn"];

/** Campaigns newest first, and a new one built from a template, a customer segment (tag, country, RFM segment,
 * CLV band) and a holdout; it starts as a draft whose audience the next page previews. */
export function Campaigns() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const list = usePaged(["campaigns"], async (cursor) =>
      unwrap(await api.GET("/campaigns", { params: { query: { limit: 25, ...after(cursor) } } })));
  const rows = list.rows;
  const builds = mayManage(session.user?.groups ?? []);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("camp.title")}
        </Title>
        <Group gap="xs">
          <Button component={Link} to="/newsletters" variant="default">
            {t("nl.title")}
          </Button>
          <Button component={Link} to="/templates" variant="default">
            {t("tpl.title")}
          </Button>
        </Group>
      </Group>
      {builds && <NewCampaign />}
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("camp.name")}</Table.Th>
              <Table.Th>{t("camp.template")}</Table.Th>
              <Table.Th>{t("camp.audience")}</Table.Th>
              <Table.Th>{t("camp.status")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.campaign_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/campaigns/${c.campaign_id}`}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.template}</Table.Td>
                <Table.Td>
                  {c.list_id
                    ? t("camp.list", { id: c.list_id })
                    : Object.entries(c.segment ?? {}).filter(([, v]) => v).map(([k, v]) => `${t(`camp.seg.${k}`)} ${String(v)}`).join(", ")}
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline">{t(`camp.s.${c.status}`, { defaultValue: c.status })}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <MoreButton paged={list} />
      {list.isSuccess && rows.length === 0 && <Text>{t("camp.none")}</Text>}
      <ErrorNotice error={list.error} />
    </Stack>
  );
}

const SEGMENT_KEYS = ["tag", "country", "rfm_segment", "clv_band", "lifecycle_stage", "best_channel"] as const;
const CHOICES: Partial<Record<(typeof SEGMENT_KEYS)[number], { values: readonly string[]; labels: string }>> = {
  lifecycle_stage: { values: ["lead", "first_purchase", "repeat", "loyal", "at_risk", "lost"], labels: "c360.stages" },
  best_channel: { values: ["email", "sms", "phone"], labels: "c360.channels" },
};
const CHANNELS = ["email", "sms", "best"] as const;

function NewCampaign() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [template, setTemplate] = useState<string | null>(null);
  const [key, setKey] = useState<(typeof SEGMENT_KEYS)[number] | "newsletter">("tag");
  const [value, setValue] = useState("");
  const [listId, setListId] = useState<string | null>(null);
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>("email");
  const choices = key === "newsletter" ? undefined : CHOICES[key];
  const lists = useQuery({
    queryKey: ["newsletters", "all"],
    queryFn: async () => unwrap(await api.GET("/newsletters", { params: { query: { limit: 100 } } })).items,
  });
  const [holdout, setHoldout] = useState<number | string>(10);
  const templates = useQuery({
    queryKey: ["message-templates"],
    queryFn: async () => unwrap(await api.GET("/message-templates")).items,
  });
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/campaigns", {
          body: partial<CampaignIn>({
            name,
            template: template ?? "",
            ...(key === "newsletter" ? { list_id: listId ?? "" } : { segment: { [key]: value.trim() }, channel }),
            holdout_pct: Number(holdout),
          }),
        }),
      ),
    onSuccess: (c) => navigate(`/campaigns/${c.campaign_id}`),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Title order={2} size="h4">
        {t("camp.new")}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
        <TextInput label={t("camp.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldError(create.error, "name")} />
        <Select label={t("camp.template")} value={template} onChange={setTemplate} error={fieldError(create.error, "template")}
          data={(templates.data ?? []).filter((x) => !x.built_in).map((x) => ({ value: x.name, label: `${x.subject} (${x.languages.join(", ")})` }))} />
        <NumberInput label={t("camp.holdout")} min={0} max={50} value={holdout} onChange={setHoldout} error={fieldError(create.error, "holdout_pct")} />
        <Select label={t("camp.segmentBy")} value={key} allowDeselect={false} onChange={(k) => {
            if (k) setKey(k as typeof key);
            setValue("");
          }}
          data={[...SEGMENT_KEYS.map((k) => ({ value: k, label: t(`camp.seg.${k}`) })), { value: "newsletter", label: t("camp.newsletter") }]} />
        {key === "newsletter" ? (
          <Select label={t("nl.name")} value={listId} onChange={setListId} required error={fieldError(create.error, "list_id")}
            data={(lists.data ?? []).map((l) => ({ value: l.list_id, label: t("camp.listOption", { name: l.name, n: l.confirmed }) }))} />
        ) : choices ? (
          <Select label={t("camp.segmentValue")} value={value || null} onChange={(v) => setValue(v ?? "")} required
            data={choices.values.map((v) => ({ value: v, label: t(`${choices.labels}.${v}`) }))}
            error={fieldError(create.error, `segment.${key}`) ?? fieldError(create.error, "body")} />
        ) : (
          <TextInput label={t("camp.segmentValue")} value={value} onChange={(e) => setValue(e.currentTarget.value)} required
            error={fieldError(create.error, `segment.${key}`) ?? fieldError(create.error, "body")} />
        )}
        {key !== "newsletter" && (
          <Select label={t("camp.channel")} value={channel} allowDeselect={false} onChange={(c) => c && setChannel(c as typeof channel)}
            data={CHANNELS.map((c) => ({ value: c, label: t(`camp.channels.${c}`) }))} error={fieldError(create.error, "channel")} />
        )}
      </SimpleGrid>
      <ErrorNotice error={create.error} />
      <Group mt="sm">
        <Button type="submit" loading={create.isPending} disabled={!template}>
          {t("camp.createDraft")}
        </Button>
      </Group>
    </Card>
  );
}
