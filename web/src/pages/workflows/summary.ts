import type { components } from "../../api/schema";

export type Definition = components["schemas"]["Definition"];
type Step = Definition["steps"][number];
type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A definition's trigger in words, for the list and the editor ("When OpportunityWon", "60 days before contract_end"). */
export function describeTrigger(d: Definition, t: Translate): string {
  const tr = d.trigger;
  switch (tr.type) {
    case "event": {
      const when = t("workflows.when.event", { event: [tr.event, ...(tr.more_events ?? [])].join(t("workflows.when.or")) });
      return tr.once_per_record ? `${when} ${t("workflows.when.once")}` : when;
    }
    case "date": {
      const days = tr.offset_days ?? 0;
      const key = days < 0 ? "before" : days > 0 ? "after" : "on";
      return t(`workflows.when.date.${key}`, { days: Math.abs(days), field: `${tr.entity}.${tr.field}`, hour: tr.hour ?? 6 });
    }
    case "schedule":
      return t(`workflows.when.schedule.${tr.every}`, { hour: tr.hour ?? 6, weekday: tr.weekday ?? 0, day: tr.day ?? 1 });
    case "manual":
      return t("workflows.when.manual", { entity: tr.entity });
    case "inbound":
      return t("workflows.when.inbound");
  }
}

/** Conditions in words ("record.amount gte 1000, customer.kind eq \"company\""). */
export function describeConditions(conditions: Definition["conditions"]): string {
  return conditions.map((c) => `${c.field} ${c.op} ${c.value === undefined || c.value === null ? "" : JSON.stringify(c.value)}`.trim()).join(", ");
}

/** Each step in words, nested branches indented: what the editor shows beside the definition. */
export function describeSteps(steps: Step[], t: Translate, depth = 0): string[] {
  const pad = "  ".repeat(depth);
  return steps.flatMap((s): string[] => {
    if (s.type === "branch") {
      const when = describeConditions(s.conditions);
      return [
        `${pad}${t("workflows.steps.branch", { when })}`,
        ...describeSteps(s.then ?? [], t, depth + 1),
        `${pad}${t("workflows.steps.otherwise")}`,
        ...describeSteps(s.otherwise ?? [], t, depth + 1),
      ];
    }
    return [`${pad}${t(`workflows.steps.${s.type}`, stepValues(s))}`];
  });
}

function stepValues(s: Exclude<Step, { type: "branch" }>): Record<string, unknown> {
  switch (s.type) {
    case "create_task":
      return { subject: s.subject, assignee: s.assignee ?? "owner", days: s.due_in_days ?? 1 };
    case "send_email":
    case "send_sms":
      return { template: s.template };
    case "add_tag":
      return { tag: s.tag };
    case "assign_owner":
      return { team: s.team.join(", "), context: s.of === "record" ? "record" : undefined };
    case "update_fields":
      return { fields: Object.keys(s.fields).join(", ") };
    case "create_case":
      return { subject: s.subject };
    case "webhook":
      return { id: s.webhook_id };
    case "wait":
      return { minutes: s.minutes ?? 0, until: s.until ?? "" };
  }
}
