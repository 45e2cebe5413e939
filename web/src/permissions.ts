/** What each group sees in the console: the sections whose API routes it may call (crm/auth.py decides; this
 * only hides what the API would refuse, and a 403 is still shown when it happens). */
export type Section = "customers" | "search" | "quote" | "cases" | "sales" | "calendar" | "purchasing" | "partners" | "portal" | "dashboard" | "admin" | "settings" | "campaigns" | "kb" | "me";

const SECTIONS: Record<string, Section[]> = {
  admin: ["admin", "settings", "campaigns", "dashboard", "customers", "search", "quote", "cases", "kb", "sales", "calendar", "purchasing", "partners"],
  manager: ["settings", "campaigns", "dashboard", "customers", "search", "quote", "cases", "kb", "sales", "calendar", "purchasing", "partners"],
  sales: ["customers", "search", "quote", "cases", "kb", "sales", "calendar", "partners", "campaigns"],
  agent: ["customers", "search", "quote", "cases", "kb", "calendar"],
  purchasing: ["purchasing", "calendar"],
  partner: ["portal"],
  customer: ["me"],
};

export function sectionsOf(groups: string[]): Set<Section> {
  return new Set(groups.flatMap((g) => SECTIONS[g] ?? []));
}

const anyOf = (groups: string[], allowed: string[]) => groups.some((g) => allowed.includes(g));

export function mayCreateCustomers(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager", "sales"]);
}

export function mayPlaceOrders(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager", "sales"]);
}

export function mayWriteNotes(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager", "sales", "agent"]);
}

/** Merge and CSV import change many records at once: managers and admins (CUSTOMER_MERGE, CUSTOMER_IMPORT). */
export function mayMergeOrImport(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager"]);
}

export function maySendMessages(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager", "sales", "agent"]);
}

export function mayOpenCases(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager", "sales", "agent"]);
}

/** Where a user lands after signing in: the first section their role works in (a partner: the portal). */
export function homeOf(groups: string[]): string {
  const sections = sectionsOf(groups);
  if (sections.has("customers")) return "/customers";
  if (sections.has("purchasing")) return "/suppliers";
  if (sections.has("portal")) return "/portal";
  if (sections.has("me")) return "/me";
  return "/customers";
}

/** RFQs, offers, awards, deliveries, supplier risks, exchange rates and country risk (SRM writes). */
export function mayBuy(groups: string[]): boolean {
  return anyOf(groups, ["admin", "purchasing"]);
}

/** Decide deal registrations, build and launch campaigns, edit message templates. */
export function mayManage(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager"]);
}

/** Write and translate articles, ask for review (KB_WRITE). */
export function mayWriteArticles(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager", "agent"]);
}

/** Publish or return reviewed articles, keep categories (KB_PUBLISH). */
export function mayPublishArticles(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager"]);
}

/** Define, change, publish and disable workflows (WORKFLOWS_ADMIN); managers read them and their runs. */
export function mayAdministerWorkflows(groups: string[]): boolean {
  return anyOf(groups, ["admin"]);
}

/** Follow workflows and their runs (WORKFLOWS_READ). */
export function mayReadWorkflows(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager"]);
}

/** Start a manual workflow on a record (WORKFLOW_RUN). */
export function mayRunWorkflows(groups: string[]): boolean {
  return anyOf(groups, ["admin", "manager", "sales", "agent"]);
}
