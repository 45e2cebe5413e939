/** The contact attributes the CRM's Connect hooks set on a contact (functions/connect: ACD, IVR, the chatbot). */
export const ATTRIBUTES = ["crm_customer_id", "crm_verified", "crm_open_case_id", "crm_vip", "crm_route_reason", "crm_bot_log", "crm_case_id"];

export interface ArrivingContact {
  contactId: string;
  customerId: string | null;
  /** The IVR checked the caller's PIN for this customer (crm_verified holds the verified customer's id). */
  verified: boolean;
  openCaseId: string | null;
  vip: boolean;
  /** Why the ACD chose the agent's queue (owner, VIP, language, open case...). */
  routeReason: string | null;
  /** What the customer asked the chatbot before the hand-off, turn by turn. */
  botLog: string[];
}

export function contactOf(contactId: string, attributes: Record<string, string | undefined>): ArrivingContact {
  const customerId = attributes["crm_customer_id"] || null;
  return {
    contactId,
    customerId,
    verified: customerId !== null && attributes["crm_verified"] === customerId,
    openCaseId: attributes["crm_open_case_id"] || attributes["crm_case_id"] || null,
    vip: attributes["crm_vip"] === "true",
    routeReason: attributes["crm_route_reason"] || null,
    botLog: (attributes["crm_bot_log"] ?? "").split(" | ").filter((line) => line.trim() !== ""),
  };
}

/** Whether the console runs framed by another page (the agent workspace, or a CCP embedding it). */
export const framed = () => window.parent !== window;
