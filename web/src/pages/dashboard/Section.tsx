import { Button, Card, Group, Table, Text, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { download } from "./csv";

/** A cell as people read it: numbers rounded to two places in the user's language (the CSV keeps them whole). */
function shown(value: unknown, number: Intl.NumberFormat): string {
  if (value === null || value === undefined || value === "") return "–";
  return typeof value === "number" ? number.format(value) : String(value);
}

export interface Column {
  key: string;
  label: string;
  render?: (row: Record<string, unknown>) => ReactNode;
}

/** One figure of the dashboard: its chart, the job run it comes from, and its numbers one click away (a table,
 * and the same rows as a CSV download). */
export function Section({ id, title, run, source, chart, columns, rows }: {
  id: string;
  title: string;
  run: string | null | undefined;
  /** Where the figures come from when it is not an analytics job run. */
  source?: string;
  chart?: ReactNode;
  columns: Column[];
  rows: Record<string, unknown>[];
}) {
  const { t, i18n } = useTranslation();
  const [numbers, setNumbers] = useState(!chart);
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Group gap="xs">
          {chart && (
            <Button variant="default" size="xs" onClick={() => setNumbers(!numbers)} aria-expanded={numbers}>
              {t(numbers ? "dash.hideNumbers" : "dash.numbers")}
            </Button>
          )}
          <Button variant="default" size="xs" onClick={() => download(id, columns.map((c) => c.key), rows)}>
            {t("dash.csv")}
          </Button>
        </Group>
      </Group>
      <Text size="sm">{source ?? (run ? t("dash.fromRun", { run }) : t("dash.noRun"))}</Text>
      {chart}
      {numbers && (
        <Table.ScrollContainer minWidth={480} mt="sm">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.key}>{c.label}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={i}>
                  {columns.map((c) => (
                    <Table.Td key={c.key}>{c.render ? c.render(r) : shown(r[c.key], number)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {rows.length === 0 && <Text size="sm">{t("dash.empty")}</Text>}
    </Card>
  );
}
