import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

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
  const minor = results.violations.map((v) => `${v.id} (${v.impact ?? "?"})`).join(", ");
  console.log(`axe ${name}: ${results.violations.length} violations, 0 serious or critical${minor ? `: ${minor}` : ""}`);
}

export async function signIn(page: Page, s: Stack, role: string, lands = "Customers"): Promise<void> {
  await page.goto(`${s.console_url}/signin`);
  await page.getByLabel("Email").fill(s.users[role] ?? "");
  await page.locator("input[autocomplete=current-password]").fill(s.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: lands })).toBeVisible();
}

/** The signed-in user's ID token, as the console keeps it, for the API calls a journey makes to set itself up. */
export async function idToken(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem("crm.session") ?? "{}").idToken as string);
}

/** Headers for the API calls a journey makes as the signed-in user, to set itself up or to check the result. */
export async function asUser(page: Page): Promise<{ headers: Record<string, string> }> {
  return { headers: { Authorization: `Bearer ${await idToken(page)}` } };
}

/** A customer of the demo data with an email and a phone, as the signed-in user lists it. */
export async function someCustomer(page: Page, request: APIRequestContext, s: Stack): Promise<DemoCustomer> {
  const listed = await request.get(`${s.api_url}/customers?limit=20`, await asUser(page));
  const found = ((await listed.json()) as { items: DemoCustomer[] }).items.find((c) => c.emails.length > 0 && c.phones.length > 0);
  if (!found) throw new Error("the demo data has no customer with an email and a phone");
  return found;
}

export interface DemoCustomer {
  customer_id: string;
  name: string;
  emails: string[];
  phones: string[];
  version: number;
}

/** Today in the browser's calendar (the console's dates are local). */
export const today = () => new Date().toISOString().slice(0, 10);

/** An HTTP endpoint on 127.0.0.1 that records what it gets (a webhook receiver) and answers 204. */
export interface Receiver {
  got: { headers: IncomingHttpHeaders; body: string }[];
  port: number;
  server: Server;
}

export async function receiver(): Promise<Receiver> {
  const got: Receiver["got"] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { got, port: (server.address() as AddressInfo).port, server };
}
