import { describe, expect, it } from "vitest";

import { catalogue } from "./index";

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "object" && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe("the i18n catalogue", () => {
  it("has every English text in Polish too, and nothing only in Polish", () => {
    expect(keys(catalogue.pl.translation).sort()).toEqual(keys(catalogue.en.translation).sort());
  });

  it("keeps each area's texts apart: no area overwrites another's group of texts", () => {
    const en = catalogue.en.translation as Record<string, unknown>;
    expect(Object.keys(en).length).toBeGreaterThan(20);
    for (const group of ["cases", "pop", "errors", "nav", "tasks", "pipeline", "leads"]) expect(en[group]).toBeTypeOf("object");
    expect((en["cases"] as Record<string, string>)["takeIt"]).toBe("Take it");
    expect((en["cases"] as Record<string, string>)["final"]).toBeTypeOf("string");
  });
});
