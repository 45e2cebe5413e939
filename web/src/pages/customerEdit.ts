import type { components } from "../api/schema";

type CustomerOut = components["schemas"]["CustomerOut"];
export type CustomerPatch = components["schemas"]["CustomerPatch"];

/** The fields the edit form offers, as text. */
export interface Editable {
  name: string;
  emails: string;
  phones: string;
  tags: string;
  industry: string;
}

const list = (v: string) => v.split(",").map((x) => x.trim()).filter(Boolean);

export function editableOf(c: CustomerOut): Editable {
  return {
    name: c.name,
    emails: c.emails.join(", "),
    phones: c.phones.join(", "),
    tags: c.tags.join(", "),
    industry: c.industry ?? "",
  };
}

/** Only what the user changed: an absent field is left as it is by the API (a PATCH), so nothing else is sent. */
export function changesOf(before: Editable, after: Editable): Partial<CustomerPatch> {
  const out: Partial<CustomerPatch> = {};
  if (after.name.trim() !== before.name) out.name = after.name.trim();
  if (after.emails !== before.emails) out.emails = list(after.emails);
  if (after.phones !== before.phones) out.phones = list(after.phones);
  if (after.tags !== before.tags) out.tags = list(after.tags);
  if (after.industry !== before.industry) out.industry = after.industry.trim() || null;
  return out;
}

/** The generated type lists every field as required (openapi-typescript makes defaulted fields non-optional);
 * the API reads absent fields as "unchanged", which is what a partial body means. */
export function asPatch(changes: Partial<CustomerPatch>): CustomerPatch {
  return changes as CustomerPatch;
}

/** What someone else changed meanwhile, for each field the user edited: (field, theirs now, mine). */
export function conflicts(mine: Partial<CustomerPatch>, now: CustomerOut): [string, string, string][] {
  const current = editableOf(now) as unknown as Record<string, string>;
  return Object.entries(mine).map(([field, value]) => [
    field,
    current[field] ?? "",
    Array.isArray(value) ? value.join(", ") : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value ?? ""),
  ]);
}
