import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { components } from "../../api/schema";
import { Section } from "./Section";

type Board = components["schemas"]["Dashboard"];
const SCORES = [1, 2, 3, 4, 5] as const;

/** The grid the RFM segments are cut from: recency score (rows, 5 = bought most recently) by the combined
 * frequency-monetary score (columns), each cell with its segment and customers, shaded by how many. */
export function RfmGrid({ board: b }: { board: Board }) {
  const { t, i18n } = useTranslation();
  const cells = new Map(b.tables.rfm_grid.map((c) => [`${c.r_score}/${c.fm_score}`, c]));
  const most = Math.max(1, ...b.tables.rfm_grid.map((c) => c.customers));
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 });
  const grid = (
    <Table.ScrollContainer minWidth={520} mt="xs">
      <Table withColumnBorders layout="fixed" aria-label={t("dash.grid")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("dash.rByFm")}</Table.Th>
            {SCORES.map((fm) => (
              <Table.Th key={fm}>{t("dash.fm", { n: fm })}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...SCORES].reverse().map((r) => (
            <Table.Tr key={r}>
              <Table.Th scope="row">{t("dash.r", { n: r })}</Table.Th>
              {SCORES.map((fm) => {
                const c = cells.get(`${r}/${fm}`);
                const shade = c ? 0.08 + 0.32 * (c.customers / most) : 0;
                return (
                  <Table.Td key={fm} style={{ background: `rgba(34, 139, 230, ${shade})` }}>
                    {c && (
                      <>
                        <Text size="xs">{c.segment}</Text>
                        <Text fw={700}>{c.customers}</Text>
                        <Text size="xs">{number.format(c.revenue)} EUR</Text>
                      </>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
  return (
    <Section id="rfm_grid" title={t("dash.gridTitle")} run={b.runs["rfm"]} rows={b.tables.rfm_grid as unknown as Record<string, unknown>[]} chart={grid}
      columns={[{ key: "r_score", label: t("dash.rScore") }, { key: "fm_score", label: t("dash.fmScore") }, { key: "segment", label: t("c360.segment") },
        { key: "customers", label: t("dash.customers") }, { key: "revenue", label: t("dash.segmentRevenue") }]} />
  );
}
