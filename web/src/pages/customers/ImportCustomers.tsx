import { Button, Card, FileInput, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { unwrap } from "../../api/client";
import { useApi } from "../../api/hooks";
import { ErrorNotice } from "../ErrorNotice";

/** CSV import as the API does it: every row on its own (a bad row never stops the rest), upserted by external
 * id or email; the report lists each rejected row with its reason and fields. */
export function ImportCustomers() {
  const { t } = useTranslation();
  const api = useApi();
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: async (csv: string) =>
      unwrap(
        await api.POST("/customers/import", {
          body: csv,
          bodySerializer: (body: string) => body,
          headers: { "Content-Type": "text/csv" },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["customers"] }),
  });
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (file) upload.mutate(await file.text());
  }
  const report = upload.data;
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        {t("import.title")}
      </Title>
      <Card withBorder component="form" onSubmit={(e: FormEvent) => void submit(e)}>
        <Text size="sm">{t("import.help")}</Text>
        <Group align="end" mt="sm">
          <FileInput label={t("import.file")} accept=".csv,text/csv" value={file} onChange={setFile} miw={260} />
          <Button type="submit" disabled={!file} loading={upload.isPending}>
            {t("import.upload")}
          </Button>
        </Group>
        <ErrorNotice error={upload.error} />
      </Card>
      {report && (
        <Card withBorder role="status">
          <Text fw={700}>
            {t("import.summary", { total: report.total, created: report.created, updated: report.updated, rejected: report.rejected })}
          </Text>
          {report.errors.length > 0 && (
            <Table.ScrollContainer minWidth={520}>
              <Table striped mt="sm">
                <Table.Caption style={{ color: "var(--mantine-color-text)" }}>{t("import.rejectedRows")}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("import.row")}</Table.Th>
                    <Table.Th>{t("import.reason")}</Table.Th>
                    <Table.Th>{t("import.fields")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.errors.map((e) => (
                    <Table.Tr key={e.row}>
                      <Table.Td>{e.row}</Table.Td>
                      <Table.Td>{e.reason}</Table.Td>
                      <Table.Td>
                        {Object.entries(e.fields ?? {}).map(([k, v]) => `${k}: ${String(v)}`).join("; ")}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      )}
    </Stack>
  );
}
