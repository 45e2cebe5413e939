import i18n from "i18next";
import { describe, expect, it } from "vitest";

import { catalogue } from "../../i18n";
import { describeSteps, describeTrigger, type Definition } from "./summary";

void i18n.init({ resources: catalogue, lng: "en", interpolation: { escapeValue: false } });
const t = i18n.t.bind(i18n) as (key: string, values?: Record<string, unknown>) => string;

const renewal: Definition = {
  trigger: { type: "date", entity: "customer", field: "contract_end", offset_days: -60, hour: 6 },
  conditions: [],
  steps: [
    { type: "create_task", subject: "Renewal: {customer.name}", due_in_days: 7, assignee: "owner", notes: null },
    {
      type: "branch",
      conditions: [{ field: "customer.consent.email_marketing", op: "eq", value: true }],
      then: [{ type: "send_email", template: "renewal_offer", marketing: true }],
      otherwise: [{ type: "add_tag", tag: "call-first" }],
    },
  ],
};

describe("a workflow in words", () => {
  it("says when it runs", () => {
    expect(describeTrigger(renewal, t)).toBe("60 days before customer.contract_end, from 6:00 UTC");
    expect(describeTrigger({ ...renewal, trigger: { type: "event", event: "OpportunityWon", once_per_record: false } }, t)).toBe("When OpportunityWon");
    const leads: Definition["trigger"] = { type: "event", event: "LeadCreated", more_events: ["LeadUpdated"], once_per_record: true };
    expect(describeTrigger({ ...renewal, trigger: leads }, t)).toBe("When LeadCreated or LeadUpdated (once per record)");
    expect(describeTrigger({ ...renewal, trigger: { type: "schedule", every: "week", weekday: 0, day: null, hour: 7 } }, t)).toBe(
      "Every week on day 0 (0 = Monday) at 7:00 UTC",
    );
  });

  it("lists the steps, a branch's arms indented", () => {
    expect(describeSteps(renewal.steps, t)).toEqual([
      'Task "Renewal: {customer.name}" for owner, due in 7 days',
      "If customer.consent.email_marketing eq true:",
      '  Email "renewal_offer" to the customer',
      "Otherwise:",
      '  Tag the customer "call-first"',
    ]);
  });

  it("says whose owner a round robin sets", () => {
    const team = ["duty1@crm.local", "duty2@crm.local"];
    expect(describeSteps([{ type: "assign_owner", team, of: "record" }, { type: "assign_owner", team, of: "customer" }], t)).toEqual([
      "Owner of the lead or opportunity in turn: duty1@crm.local, duty2@crm.local",
      "Owner in turn: duty1@crm.local, duty2@crm.local",
    ]);
  });
});
