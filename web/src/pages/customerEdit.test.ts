import { describe, expect, it } from "vitest";

import { changesOf, conflicts } from "./customerEdit";

const before = { name: "Acme GmbH", emails: "info@acme.example", phones: "+49301234567", tags: "vip", industry: "" };

describe("editing a customer", () => {
  it("sends only what changed, lists split on commas", () => {
    expect(changesOf(before, { ...before, tags: "vip, eco-line", industry: "machinery" })).toEqual({
      tags: ["vip", "eco-line"],
      industry: "machinery",
    });
    expect(changesOf(before, before)).toEqual({});
  });

  it("shows, for each field I changed, what is on the server now beside mine", () => {
    const now = { name: "Acme AG", emails: [], phones: [], tags: ["key-account"], industry: null } as never;
    expect(conflicts({ tags: ["vip", "eco-line"] }, now)).toEqual([["tags", "key-account", "vip, eco-line"]]);
  });
});
