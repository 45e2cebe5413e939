import { Table } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { displayOf, labelOf, type Entity, type Values } from "./customValues";
import { useFieldDefs } from "./CustomFieldInputs";

/** A record's custom values as label → value rows (only fields that hold one). */
export function CustomValuesView({ entity, values }: { entity: Entity; values: Values }) {
  const { t, i18n } = useTranslation();
  const defs = useFieldDefs(entity).filter((d) => values[d.key] !== undefined && values[d.key] !== null);
  if (!defs.length) return null;
  return (
    <Table mt="xs" aria-label={t("fields.values")}>
      <Table.Tbody>
        {defs.map((d) => (
          <Table.Tr key={d.key}>
            <Table.Th scope="row">{labelOf(d.labels, i18n.language, d.key)}</Table.Th>
            <Table.Td>{displayOf(d, values[d.key] ?? null, i18n.language, [t("fields.yes"), t("fields.no")])}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
