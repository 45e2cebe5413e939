import { expect, test, type Browser, type Page } from "@playwright/test";

import { check, signIn, stack } from "./stack";

const s = stack();

async function as(browser: Browser, role: string, lands: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, s, role, lands);
  return page;
}

async function register(page: Page, company: string, domain: string): Promise<string> {
  await page.getByRole("link", { name: "Register a deal" }).first().click();
  await page.getByRole("textbox", { name: "Company", exact: true }).fill(company);
  await page.getByLabel("Web domain").fill(domain);
  await page.getByLabel("Expected value").fill("48000");
  await page.getByLabel("Products (SKUs, separated by commas)").fill("CN-001");
  await page.getByRole("button", { name: "Register", exact: true }).click();
  await expect(page.getByRole("status")).toBeVisible();
  await page.getByRole("link", { name: "Open the registration" }).click();
  await expect(page.getByRole("heading", { name: company })).toBeVisible();
  return page.url().split("/").pop() ?? "";
}

test("partners register the same deal: the second reads the conflict without the first's data, never reaches it, and a manager decides", async ({ browser }) => {
  const stamp = Date.now();
  const domain = `brenner-${stamp}.example`;
  const a = await as(browser, "partner", "Your deal registrations");
  await expect(a.getByRole("heading", { name: "Alpen Vertrieb GmbH", level: 1 })).toBeVisible(); // their own company
  await expect(a.getByText(/^Sourced \d/).first()).toBeVisible();
  await check(a, "portal");
  const first = await register(a, `Brenner Logistik ${stamp}`, domain);

  const b = await as(browser, "partner2", "Your deal registrations");
  await b.getByRole("link", { name: "Register a deal" }).first().click();
  await check(b, "register-deal");
  await b.getByRole("textbox", { name: "Company", exact: true }).fill(`Brenner Log. ${stamp}`);
  await b.getByLabel("Web domain").fill(domain);
  await b.getByLabel("Expected value").fill("52000");
  await b.getByLabel("Products (SKUs, separated by commas)").fill("CN-001");
  await b.getByRole("button", { name: "Register", exact: true }).click();
  const answer = b.getByRole("status");
  await expect(answer).toContainText("with conflicts a manager will look at");
  await expect(answer).toContainText(/matches another registration on (name|domain)/); // what kind, not whose
  await expect(answer).not.toContainText(first); // never the other partner's registration id …
  await expect(answer).not.toContainText("Alpen"); // … nor its name
  await check(b, "registration-conflict");
  await b.getByRole("link", { name: "Open the registration" }).click();
  await expect(b.getByRole("heading", { name: `Brenner Log. ${stamp}` })).toBeVisible();
  const second = b.url().split("/").pop() ?? "";
  await b.goto(`${s.console_url}/portal/registrations/${first}`); // typing the other partner's URL
  await expect(b.getByRole("alert")).toHaveText("Not found.");
  await b.goto(`${s.console_url}/portal`);
  await expect(b.getByRole("link", { name: `Brenner Log. ${stamp}` })).toBeVisible();
  await expect(b.getByRole("link", { name: `Brenner Logistik ${stamp}` })).toHaveCount(0);
  await expect(a.getByText(`Brenner Log. ${stamp}`)).toHaveCount(0);

  const manager = await as(browser, "manager", "Customers");
  await manager.goto(`${s.console_url}/registrations/${second}`);
  const conflicts = manager.getByRole("table");
  await expect(conflicts).toContainText(/(name|domain) /);
  await expect(conflicts).toContainText("partner P-DEMO-1"); // the manager sees whose
  await check(manager, "registration-review");
  await manager.getByLabel("Approve despite the conflicts").check();
  await manager.getByLabel("Note (the reason, to reject)").fill("Partner 2 brought the buyer to the demo");
  await manager.getByRole("button", { name: "Approve" }).click();
  await expect(manager.getByText("Approved", { exact: true })).toBeVisible();
  await expect(manager.getByText(/^Protected until/)).toBeVisible();
  await manager.getByRole("link", { name: "Partners" }).click();
  await expect(manager.locator(".recharts-surface").first()).toBeVisible();
  await check(manager, "partner-ranking");
});

test("a partner reads their commission statement, and never another partner's", async ({ browser }) => {
  const a = await as(browser, "partner", "Your deal registrations");
  await a.getByRole("link", { name: "Statements" }).click();
  await expect(a.getByText(/^Statement \d{4}-\d{2} \(tier /)).toBeVisible();
  await check(a, "statement");
  const res = await a.request.get(`${s.api_url}/partners/P-DEMO-2/statements/2026-11`, {
    headers: { Authorization: `Bearer ${await a.evaluate(() => JSON.parse(sessionStorage.getItem("crm.session") ?? "{}").idToken as string)}` },
  });
  expect(res.status()).toBe(403); // the staff route to any partner's statement is closed to partners
});
