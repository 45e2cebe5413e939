import { BarChart } from "@mantine/charts";
import { TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";
import { Section } from "./Section";

/** The ISO week (2026-W49) a date falls in. */
export function isoWeek(d: Date): string {
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7)); // the week's Thursday decides its year
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** Done calls, meetings, emails and tasks per rep in an ISO week (the API's weekly activity index). */
export function TeamActivity() {
  const { t } = useTranslation();
  const api = useApi();
  const [week, setWeek] = useState(() => isoWeek(new Date(Date.now() - 7 * 86_400_000)));
  const report = useQuery({
    queryKey: ["activities", week],
    enabled: /^\d{4}-W\d{2}$/.test(week),
    queryFn: async () => unwrap(await api.GET("/activities", { params: { query: { week } } })),
  });
  const kinds = ["call", "meeting", "email", "task", "appointment"] as const;
  const rows = (report.data?.reps ?? []).map((r) => ({ rep: r.rep, total: r.total, ...Object.fromEntries(kinds.map((k) => [k, r.by_kind[k] ?? 0])) }));
  const colours = { call: "blue.9", meeting: "grape.9", email: "red.9", task: "gray.7", appointment: "teal.9" } as const;
  return (
    <>
      <TextInput label={t("dash.week")} value={week} onChange={(e) => setWeek(e.currentTarget.value)} maw={200} />
      <ErrorNotice error={report.error} />
      <Section id={`activity_${week}`} title={t("dash.activity", { week })} run={null} source={t("dash.live")} rows={rows}
        chart={<BarChart h={240} data={rows} dataKey="rep" type="stacked" role="img" aria-label={t("dash.activity", { week })}
          series={kinds.map((k) => ({ name: k, label: t(`tasks.k.${k}`), color: colours[k] }))} />}
        columns={[{ key: "rep", label: t("dash.rep") }, ...kinds.map((k) => ({ key: k, label: t(`tasks.k.${k}`) })), { key: "total", label: t("dash.total") }]} />
    </>
  );
}
