import { describe, expect, it } from "vitest";

import { customErrors, displayOf, draftsOf, valuesOf, type FieldDef } from "./customValues";

const def = (key: string, type: FieldDef["type"], extra: Partial<FieldDef> = {}): FieldDef => ({
  entity: "customer", key, type, labels: { en: key }, help: null, required: false, default: null, options: [],
  position: 0, archived: false, filterable: false, personal: false, used: false, version: 1,
  created_at: "", created_by: "", updated_at: "", updated_by: "", ...extra,
});
const region = def("region", "select", { options: [{ value: "north", labels: { en: "North", pl: "Północ" } }] });
const defs = [def("seats", "number"), def("credit", "money"), def("tiers", "multiselect"), def("vip", "boolean"), region];

describe("custom field values in forms", () => {
  it("sends every filled field on create, typed", () => {
    const drafts = { ...draftsOf(defs, {}), seats: "12", "credit.amount": "2500.00", "credit.currency": "eur", tiers: ["gold"] };
    expect(valuesOf(defs, drafts)).toEqual({ seats: 12, credit: { amount: "2500.00", currency: "EUR" }, tiers: ["gold"] });
  });

  it("sends only what changed on edit, and null for a cleared field", () => {
    const before = { seats: 12, region: "north", vip: true };
    const drafts = { ...draftsOf(defs, before), seats: "", vip: true, region: "north" };
    expect(valuesOf(defs, drafts, before)).toEqual({ seats: null });
  });

  it("names the API's errors by field and shows values as people read them", () => {
    expect(customErrors({ "custom.seats": "required", emails: "bad" })).toEqual({ seats: "required" });
    expect(displayOf(region, "north", "pl", ["Tak", "Nie"])).toBe("Północ");
    expect(displayOf(def("vip", "boolean"), false, "en", ["Yes", "No"])).toBe("No");
  });
});
