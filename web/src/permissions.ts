/** What each group sees in the console: the sections whose API routes it may call (crm/auth.py decides; this
 * only hides what the API would refuse, and a 403 is still shown when it happens). */
export type Section = "customers" | "search" | "quote" | "cases";

const SECTIONS: Record<string, Section[]> = {
  admin: ["customers", "search", "quote", "cases"],
  manager: ["customers", "search", "quote", "cases"],
  sales: ["customers", "search", "quote", "cases"],
  agent: ["customers", "search", "quote", "cases"],
  purchasing: [],
  partner: [],
};

export function sectionsOf(groups: string[]): Set<Section> {
  return new Set(groups.flatMap((g) => SECTIONS[g] ?? []));
}

export function mayCreateCustomers(groups: string[]): boolean {
  return groups.some((g) => ["admin", "manager", "sales"].includes(g));
}

export function mayPlaceOrders(groups: string[]): boolean {
  return groups.some((g) => ["admin", "manager", "sales"].includes(g));
}

export function mayWriteNotes(groups: string[]): boolean {
  return groups.some((g) => ["admin", "manager", "sales", "agent"].includes(g));
}
