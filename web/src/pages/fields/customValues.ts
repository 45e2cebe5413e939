import type { components } from "../../api/schema";

export type FieldDef = components["schemas"]["FieldDefOut"];
export type CustomValue = components["schemas"]["CustomValue"];
export type Values = Record<string, CustomValue>;
/** A form's state per field: text for most types, a list for a multi-select, a flag for a boolean; a money
 * field keeps "<key>.amount" and "<key>.currency". */
export type Drafts = Record<string, string | string[] | boolean>;

export const ENTITIES = ["customer", "contact", "lead", "opportunity", "case", "order", "supplier"] as const;
export type Entity = (typeof ENTITIES)[number];
export const TYPES = ["text", "number", "money", "date", "boolean", "select", "multiselect", "url", "email", "phone"] as const;

/** The label in the user's language, else English, else any, else the key. */
export function labelOf(labels: Record<string, string>, lang: string, fallback: string): string {
  return labels[lang] ?? labels["en"] ?? Object.values(labels)[0] ?? fallback;
}

export function draftsOf(defs: FieldDef[], values: Values): Drafts {
  const out: Drafts = {};
  for (const d of defs) {
    const v = values[d.key];
    if (d.type === "money") {
      const m = (v ?? {}) as { amount?: string; currency?: string };
      out[`${d.key}.amount`] = m.amount ?? "";
      out[`${d.key}.currency`] = m.currency ?? "";
    } else if (d.type === "multiselect") out[d.key] = Array.isArray(v) ? v : [];
    else if (d.type === "boolean") out[d.key] = v === true;
    else out[d.key] = v === null || v === undefined ? "" : String(v);
  }
  return out;
}

function valueOf(d: FieldDef, drafts: Drafts): CustomValue {
  if (d.type === "money") {
    const amount = String(drafts[`${d.key}.amount`] ?? "").trim();
    const currency = String(drafts[`${d.key}.currency`] ?? "").trim().toUpperCase();
    return amount || currency ? { amount, currency } : null;
  }
  const raw = drafts[d.key];
  if (d.type === "boolean") return raw === true;
  if (d.type === "multiselect") return Array.isArray(raw) && raw.length ? raw : null;
  const text = typeof raw === "string" ? raw.trim() : "";
  if (!text) return null;
  if (d.type === "number") return Number.isNaN(Number(text)) ? text : Number(text);
  return text;
}

/** The values to send: on create every filled field; on edit only those that differ from `before` (null clears). */
export function valuesOf(defs: FieldDef[], drafts: Drafts, before?: Values): Values {
  const out: Values = {};
  for (const d of defs) {
    const v = valueOf(d, drafts);
    if (before === undefined) {
      if (v !== null && !(d.type === "boolean" && v === false && !d.required)) out[d.key] = v;
    } else if (JSON.stringify(v) !== JSON.stringify(before[d.key] ?? null)) out[d.key] = v;
  }
  return out;
}

/** custom.<key> errors from the API's `fields`, by key. */
export function customErrors(fields: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, reason] of Object.entries(fields ?? {})) if (name.startsWith("custom.")) out[name.slice(7)] = reason;
  return out;
}

/** A value as the 360 shows it: option labels for selects, yes/no for booleans, "2500.00 EUR" for money. */
export function displayOf(d: FieldDef, v: CustomValue, lang: string, yesNo: [string, string]): string {
  if (v === null || v === undefined) return "";
  const option = (x: string) => labelOf(d.options.find((o) => o.value === x)?.labels ?? {}, lang, x);
  if (typeof v === "boolean") return v ? yesNo[0] : yesNo[1];
  if (Array.isArray(v)) return v.map(option).join(", ");
  if (typeof v === "object") return `${v.amount} ${v.currency}`;
  if (d.type === "select") return option(String(v));
  return String(v);
}
