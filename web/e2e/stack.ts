import { readFileSync } from "node:fs";
import { join } from "node:path";

import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The running local stack the test session started (its state file: URLs, users, password). */
export interface Stack {
  console_url: string;
  api_url: string;
  users: Record<string, string>;
  password: string;
}

export function stack(): Stack {
  const file = process.env.CRM_STATE_FILE;
  if (!file) throw new Error("CRM_STATE_FILE: the local stack's state file");
  return JSON.parse(readFileSync(file, "utf8")) as Stack;
}

export const artifacts = process.env.CRM_ARTIFACTS ?? "test-results";

/** A screenshot kept as an artifact, and axe-core on the screen: no serious or critical violation. */
export async function check(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  console.log(`axe ${name}: ${results.violations.length} violations, 0 serious or critical`);
}

export async function signIn(page: Page, s: Stack, role: string): Promise<void> {
  await page.goto(`${s.console_url}/signin`);
  await page.getByLabel("Email").fill(s.users[role] ?? "");
  await page.locator("input[autocomplete=current-password]").fill(s.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
}

/** The signed-in user's ID token, as the console keeps it, for the API calls a journey makes to set itself up. */
export async function idToken(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem("crm.session") ?? "{}").idToken as string);
}
