import type { components } from "../api/schema";

export type CustomerCreate = components["schemas"]["CustomerCreate"];

export interface Draft {
  kind: "company" | "person";
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  country: string;
  tags: string;
}

export const EMPTY: Draft = { kind: "company", name: "", firstName: "", lastName: "", email: "", phone: "", country: "", tags: "" };

const text = (v: string) => (v.trim() ? v.trim() : null);

/** The API's body for the form; everything not asked for is null (the API fills its defaults). */
export function toBody(d: Draft): CustomerCreate {
  return {
    kind: d.kind,
    name: d.kind === "company" ? text(d.name) : null,
    first_name: d.kind === "person" ? text(d.firstName) : null,
    last_name: d.kind === "person" ? text(d.lastName) : null,
    emails: d.email.trim() ? [d.email.trim()] : null,
    phones: d.phone.trim() ? [d.phone.trim()] : null,
    address: d.country.trim()
      ? { country: d.country.trim().toUpperCase(), city: null, line1: null, line2: null, postal_code: null, region: null, latitude: null, longitude: null }
      : null,
    tags: d.tags.trim() ? d.tags.split(",").map((t) => t.trim()).filter(Boolean) : null,
    contacts: [],
    buying_habits: null,
    consent: null,
    expectations: null,
    external_id: null,
    industry: null,
    language: null,
    needs: null,
    offer_fit_notes: null,
    owner: null,
    preferred_channel: null,
    tax_id: null,
    website: null,
    custom: null,
  };
}

/** Which form field an API `fields` key belongs to ("emails.0" -> email, "address.country" -> country). */
export function fieldOf(apiField: string): keyof Draft | null {
  const head = apiField.split(".")[0] ?? "";
  const map: Record<string, keyof Draft> = {
    name: "name",
    first_name: "firstName",
    last_name: "lastName",
    emails: "email",
    phones: "phone",
    address: "country",
    tags: "tags",
    kind: "kind",
  };
  return map[head] ?? null;
}

export function fieldErrors(fields: Record<string, string>): Partial<Record<keyof Draft, string>> {
  const out: Partial<Record<keyof Draft, string>> = {};
  for (const [key, reason] of Object.entries(fields)) {
    const field = fieldOf(key);
    if (field) out[field] = reason;
  }
  return out;
}
