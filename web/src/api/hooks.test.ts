import { describe, expect, it } from "vitest";

import { searchKind } from "./hooks";

describe("searchKind", () => {
  it("sends each kind of entry to the API's matching lookup", () => {
    expect(searchKind("info@acme.example")).toBe("email");
    expect(searchKind("+49 30 1234567")).toBe("phone");
    expect(searchKind("030 1234567")).toBe("phone");
    expect(searchKind("DE123456789")).toBe("tax_id");
    expect(searchKind("Müller")).toBe("name");
    expect(searchKind("Acme 2")).toBe("name");
  });
});
