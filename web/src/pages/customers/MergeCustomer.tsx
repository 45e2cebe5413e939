import { Alert, Button, Group, Radio, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ifMatch, unwrap } from "../../api/client";
import { useApi, type CustomerOut } from "../../api/hooks";
import { Dialog } from "../Dialog";
import { ErrorNotice } from "../ErrorNotice";

/** Merge a duplicate into this customer: the duplicate's contacts, identifiers, tags, timeline and orders move
 * here and it becomes a pointer to this one. On this customer's version (If-Match), so a change made meanwhile
 * is never lost. */
export function MergeCustomer({ target, opened, onClose }: { target: CustomerOut; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [q, setQ] = useState("");
  const [source, setSource] = useState<string | null>(null);
  const found = useQuery({
    queryKey: ["customers", "merge-candidates", q],
    enabled: q.trim().length >= 2,
    queryFn: async () =>
      unwrap(await api.GET("/customers", { params: { query: { name_prefix: q.trim(), limit: 10 } } })).items.filter(
        (c) => c.customer_id !== target.customer_id,
      ),
  });
  const merge = useMutation({
    mutationFn: async (name: string) =>
      unwrap(
        await api.POST("/customers/{customer_id}/merge", {
          params: { path: { customer_id: target.customer_id }, header: ifMatch(target.version) },
          body: { source_id: source ?? "", version: null },
        }),
      ) && name, // the merged duplicate's name, for the confirmation
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ["360", target.customer_id] });
      await queries.invalidateQueries({ queryKey: ["customers"] });
    },
  });
  const picked = found.data?.find((c) => c.customer_id === source);
  return (
    <Dialog opened={opened} onClose={onClose} title={t("merge.title", { name: target.name })} size="lg">
      {merge.isSuccess ? (
        <Stack>
          <Alert color="green" variant="outline" role="status">
            {t("merge.done", { name: merge.variables })}
          </Alert>
          <Button onClick={onClose}>{t("common.close")}</Button>
        </Stack>
      ) : (
        <Stack>
          <TextInput label={t("merge.find")} value={q} onChange={(e) => setQ(e.currentTarget.value)} data-autofocus />
          <Radio.Group label={t("merge.duplicate")} value={source} onChange={setSource}>
            <Stack gap={4} mt={4}>
              {(found.data ?? []).map((c) => (
                <Radio key={c.customer_id} value={c.customer_id}
                  label={`${c.name} · ${[c.emails[0], c.phones[0], c.address?.city].filter(Boolean).join(" · ")}`} />
              ))}
            </Stack>
          </Radio.Group>
          {found.isSuccess && found.data.length === 0 && <Text>{t("merge.none")}</Text>}
          {picked && <Text>{t("merge.explain", { source: picked.name, target: target.name })}</Text>}
          <ErrorNotice error={merge.error} />
          <Group>
            <Button color="red" disabled={!source} loading={merge.isPending} onClick={() => merge.mutate(picked?.name ?? source ?? "")}>
              {t("merge.confirm")}
            </Button>
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
          </Group>
        </Stack>
      )}
    </Dialog>
  );
}
