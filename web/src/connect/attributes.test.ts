import { describe, expect, it } from "vitest";

import { contactOf } from "./attributes";

describe("a contact's CRM attributes", () => {
  it("is verified only when the IVR verified this very customer", () => {
    const attributes = { crm_customer_id: "K1", crm_verified: "K1", crm_open_case_id: "CASE9", crm_vip: "true", crm_route_reason: "owner" };
    expect(contactOf("c-1", attributes)).toEqual({
      contactId: "c-1", customerId: "K1", verified: true, openCaseId: "CASE9", vip: true, routeReason: "owner",
    });
    expect(contactOf("c-2", { crm_customer_id: "K1", crm_verified: "K2" }).verified).toBe(false);
    expect(contactOf("c-3", { crm_customer_id: "", crm_verified: "" })).toEqual({
      contactId: "c-3", customerId: null, verified: false, openCaseId: null, vip: false, routeReason: null,
    });
  });
});
