import "@mantine/dates/styles.css";

import { Button, Card, Checkbox, Group, Select, Table, Title } from "@mantine/core";
import { DatePickerInput, TimeInput } from "@mantine/dates";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { fieldError, unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../ErrorNotice";

type Calendar = components["schemas"]["SlaCalendarOut"];
type Hours = Record<string, { open: string; close: string } | null>;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const ZONES = Intl.supportedValuesOf("timeZone");

/** A business-hours calendar the SLA deadlines count on: its time zone, opening hours per weekday (a day without
 * hours is closed) and public holidays; saved whole, the API checking each field. */
export function SlaCalendar({ id, calendar }: { id: string; calendar: Calendar }) {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [timezone, setTimezone] = useState<string | null>(calendar.timezone);
  const [hours, setHours] = useState<Hours>(Object.fromEntries(DAYS.map((d) => [d, calendar.hours[d] ?? null])));
  const [holidays, setHolidays] = useState<string[]>(calendar.holidays);
  const save = useMutation({
    mutationFn: async () => {
      const open = Object.fromEntries(Object.entries(hours).filter((e): e is [string, { open: string; close: string }] => e[1] !== null));
      return unwrap(await api.PUT("/sla/calendars/{calendar_id}", { params: { path: { calendar_id: id } }, body: { timezone: timezone ?? "", hours: open, holidays } }));
    },
    onSuccess: (saved) => queries.setQueryData(["sla"], saved),
  });
  const day = (d: string, change: { open: string; close: string } | null) => setHours({ ...hours, [d]: change });
  return (
    <Card withBorder component="section" aria-label={t("settings.calendarOf", { id })}>
      <Title order={3} size="h5">
        {t("settings.calendarOf", { id })}
      </Title>
      <Group align="end" mt="xs">
        <Select label={t("settings.timezone")} data={[...new Set([calendar.timezone, ...ZONES])]} value={timezone} onChange={setTimezone} searchable w={260} error={fieldError(save.error, "timezone")} />
        <DatePickerInput type="multiple" label={t("settings.holidays")} value={holidays} onChange={setHolidays} valueFormat="YYYY-MM-DD" clearable
          miw={260} maw={560} error={fieldError(save.error, "holidays")} />
      </Group>
      <Table.ScrollContainer minWidth={420} mt="xs">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("settings.day")}</Table.Th>
              <Table.Th>{t("settings.opens")}</Table.Th>
              <Table.Th>{t("settings.closes")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {DAYS.map((d) => {
              const h = hours[d] ?? null;
              const name = t(`settings.d.${d}`);
              return (
                <Table.Tr key={d}>
                  <Table.Td>
                    <Checkbox label={name} checked={h !== null} onChange={(e) => day(d, e.currentTarget.checked ? { open: "08:00", close: "17:00" } : null)} />
                  </Table.Td>
                  <Table.Td>
                    {h && <TimeInput aria-label={t("settings.opensOn", { day: name })} value={h.open} onChange={(e) => day(d, { ...h, open: e.currentTarget.value })}
                      error={fieldError(save.error, `hours.${d}.open`)} />}
                  </Table.Td>
                  <Table.Td>
                    {h && <TimeInput aria-label={t("settings.closesOn", { day: name })} value={h.close} onChange={(e) => day(d, { ...h, close: e.currentTarget.value })}
                      error={fieldError(save.error, `hours.${d}.close`)} />}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ErrorNotice error={save.error} />
      <Group mt="xs">
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          {t("settings.saveCalendar", { id })}
        </Button>
        {save.isSuccess && <span role="status">{t("settings.saved")}</span>}
      </Group>
    </Card>
  );
}
