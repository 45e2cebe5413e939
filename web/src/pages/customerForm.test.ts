import { describe, expect, it } from "vitest";

import { EMPTY, fieldErrors, toBody } from "./customerForm";

describe("the new-customer form", () => {
  it("sends a company with its phone, email, country and tags, and nothing it did not ask for", () => {
    const body = toBody({ ...EMPTY, name: " Acme GmbH ", phone: "030 1234567", email: "info@acme.example", country: "de", tags: "vip, eco-line" });
    expect(body).toMatchObject({ kind: "company", name: "Acme GmbH", phones: ["030 1234567"], emails: ["info@acme.example"], tags: ["vip", "eco-line"] });
    expect(body.address?.country).toBe("DE");
    expect(body.first_name).toBeNull();
  });

  it("puts the API's field errors next to the fields they name", () => {
    expect(fieldErrors({ "emails.0": "not a valid email", "address.country": "unknown country", other: "x" })).toEqual({
      email: "not a valid email",
      country: "unknown country",
    });
  });
});
