import { describe, expect, it } from "vitest";

import { contactOf } from "./attributes";

describe("a contact's CRM attributes", () => {
  it("is verified only when the IVR verified this very customer", () => {
    const attributes = { crm_customer_id: "K1", crm_verified: "K1", crm_open_case_id: "CASE9", crm_vip: "true", crm_route_reason: "owner" };
    expect(contactOf("c-1", attributes)).toEqual({
      contactId: "c-1", customerId: "K1", verified: true, openCaseId: "CASE9", vip: true, routeReason: "owner", botLog: [],
    });
    expect(contactOf("c-2", { crm_customer_id: "K1", crm_verified: "K2" }).verified).toBe(false);
    expect(contactOf("c-3", { crm_customer_id: "", crm_verified: "" })).toEqual({
      contactId: "c-3", customerId: null, verified: false, openCaseId: null, vip: false, routeReason: null, botLog: [],
    });
  });

  it("carries the chatbot's conversation and the case it opened to the agent", () => {
    const handedOff = { crm_customer_id: "K1", crm_case_id: "C7", crm_bot_log: "OrderStatus: Order 2026-000012 is shipped. | TalkToPerson: I am connecting you" };
    const contact = contactOf("chat-1", handedOff);
    expect(contact.botLog).toEqual(["OrderStatus: Order 2026-000012 is shipped.", "TalkToPerson: I am connecting you"]);
    expect(contact.openCaseId).toBe("C7");
  });
});
