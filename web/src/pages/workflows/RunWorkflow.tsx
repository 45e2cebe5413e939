import { Button, Menu } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

/** The published manual workflows of a customer, run on this one from its 360. */
export function RunWorkflow({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [done, setDone] = useState<string | null>(null);
  const manual = useQuery({
    queryKey: ["workflows-manual", "customer"],
    queryFn: async () => unwrap(await api.GET("/workflows/manual", { params: { query: { entity: "customer" } } })),
  });
  const run = useMutation({
    mutationFn: async (w: { workflow_id: string; name: string }) => {
      await unwrap(
        await api.POST("/workflows/{workflow_id}/runs", {
          params: { path: { workflow_id: w.workflow_id }, header: { "Idempotency-Key": crypto.randomUUID() } },
          body: { record_id: customerId },
        }),
      );
      return w.name;
    },
    onSuccess: setDone,
  });
  const items = manual.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <>
      <Menu>
        <Menu.Target>
          <Button variant="default" size="xs">
            {t("workflows.runOn")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {items.map((w) => (
            <Menu.Item key={w.workflow_id} onClick={() => run.mutate(w)}>
              {w.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {done && <span role="status">{t("workflows.startedRun", { name: done })}</span>}
      <ErrorNotice error={run.error} />
    </>
  );
}
