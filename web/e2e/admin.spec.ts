import { expect, test } from "@playwright/test";

import { asUser, check, signIn, stack } from "./stack";

const s = stack();

test("an admin creates a sales user, who signs in with the one-time password, sets their own and gets to work", async ({ page }) => {
  await signIn(page, s, "admin");
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await expect(page.getByRole("cell", { name: s.users["sales"] ?? "", exact: true })).toBeVisible(); // the pool's users are listed
  const email = `new.rep.${Date.now()}@crm.example`;
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create user" }).click();
  const created = page.getByRole("status");
  await expect(created).toContainText(`${email} can sign in now`);
  const oneTime = (await created.locator("code").textContent()) ?? "";
  expect(oneTime).toMatch(/^[A-Za-z0-9]{16}$/);
  await check(page, "users");
  await expect(page.getByRole("row", { name: new RegExp(email.replace(/\./g, "\\.")) })).toContainText("Must set a password");
  await page.getByRole("button", { name: "Sign out" }).click();

  await page.getByLabel("Email").fill(email);
  await page.locator("input[autocomplete=current-password]").fill(oneTime);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("This was a one-time password. Choose your own to go on.")).toBeVisible();
  await page.locator("input[autocomplete=new-password]").fill("lowercase-only-2026"); // no capital letter
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The user pool refuses this password");
  await page.locator("input[autocomplete=new-password]").fill("My-own-Passw0rd-2026");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible(); // a sales rep's first screen
  await expect(page.getByText(email)).toBeVisible();
});

test("an admin tightens an SLA target and sets an exchange rate; the API keeps both and explains a wrong rate", async ({ page, request }) => {
  await signIn(page, s, "admin");
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await check(page, "settings");
  const minutes = String(30 + (Date.now() % 60));
  await page.getByRole("textbox", { name: "First response of High" }).fill(minutes);
  await page.getByRole("button", { name: "Save High" }).click();
  await expect(page.getByRole("region", { name: "SLA targets (business minutes)" }).getByRole("status")).toHaveText("Saved.");
  const headers = { Authorization: `Bearer ${await page.evaluate(() => JSON.parse(sessionStorage.getItem("crm.session") ?? "{}").idToken as string)}` };
  const sla = (await (await request.get(`${s.api_url}/sla`, { headers })).json()) as { policies: Record<string, { first_response_minutes: number }> };
  expect(sla.policies["high"]?.first_response_minutes).toBe(Number(minutes));
  const fx = page.getByRole("region", { name: "Exchange rates and country risk" });
  await fx.getByLabel("Currency").fill("chf");
  await fx.getByLabel("Rate").fill("1.0625");
  await fx.getByRole("button", { name: "Set rate" }).click();
  await expect(fx.getByRole("row", { name: "CHF 1.0625" })).toBeVisible();
  await fx.getByLabel("Rate").fill("-2");
  await fx.getByRole("button", { name: "Set rate" }).click();
  await expect(fx.getByText(/greater than 0|rate_to_base/).first()).toBeVisible(); // the API's reason, by the field
});

test("an admin edits a business-hours calendar, the partner tiers and commission rules, and the routing; each change is in the settings audit trail", async ({ page, request }) => {
  await signIn(page, s, "admin");
  const auth = await asUser(page);
  await page.getByRole("link", { name: "Settings" }).click();
  const calendar = page.getByRole("region", { name: /^Business hours: calendar / }).first();
  const id = ((await calendar.getAttribute("aria-label")) ?? "").replace("Business hours: calendar ", "");
  const saturday = calendar.getByRole("checkbox", { name: "Saturday" });
  const wasOpen = await saturday.isChecked();
  await saturday.click();
  if (!wasOpen) await calendar.getByRole("textbox", { name: "Saturday opens" }).fill("09:00");
  if (!wasOpen) await calendar.getByRole("textbox", { name: "Saturday closes" }).fill("13:00");
  await calendar.getByRole("button", { name: `Save calendar ${id}` }).click();
  await expect(calendar.getByRole("status")).toHaveText("Saved.");
  type Sla = { calendars: Record<string, { hours: Record<string, { open: string; close: string }> }> };
  const sla = (await (await request.get(`${s.api_url}/sla`, auth)).json()) as Sla;
  expect(sla.calendars[id]?.hours["sat"]).toEqual(wasOpen ? undefined : { open: "09:00", close: "13:00" });

  const prm = page.getByRole("region", { name: "Partner programme" });
  await prm.getByRole("button", { name: "Add a rule" }).click();
  const rules = await prm.getByRole("textbox", { name: /^Category of rule \d+$/ }).count();
  const category = `e2e-${Date.now() % 1_000_000}`;
  await prm.getByRole("textbox", { name: `Category of rule ${rules}` }).fill(category);
  await prm.getByRole("textbox", { name: `Rate of rule ${rules}` }).fill("0.9"); // above the 50 % the API allows
  await prm.getByRole("button", { name: "Save partner programme" }).click();
  await expect(prm.getByRole("textbox", { name: `Rate of rule ${rules}` })).toHaveAttribute("aria-invalid", "true"); // the error by its field
  await prm.getByRole("textbox", { name: `Rate of rule ${rules}` }).fill("0.07");
  await prm.getByRole("button", { name: "Save partner programme" }).click();
  await expect(prm.getByRole("status")).toHaveText("Saved.");
  type Prm = { commission_rules: { category: string; rate: string }[] };
  const saved = (await (await request.get(`${s.api_url}/prm/settings`, auth)).json()) as Prm;
  expect(saved.commission_rules.find((r) => r.category === category)?.rate).toMatch(/^0\.07/);

  const routing = page.getByRole("region", { name: "Contact centre routing" });
  await routing.getByRole("textbox", { name: "Average handle time (s)" }).fill("240");
  await routing.getByRole("button", { name: "Save routing" }).click();
  await expect(routing.getByRole("status")).toHaveText("Saved.");
  expect(((await (await request.get(`${s.api_url}/routing/config`, auth)).json()) as { aht_seconds: number }).aht_seconds).toBe(240);

  const trail = page.getByRole("region", { name: "Who changed the settings and users" });
  for (const what of ["SLA calendar · ", "Partner programme · ", "Routing · "]) { // created the first time, then changed
    const row = trail.getByRole("row").filter({ hasText: what }).filter({ hasText: s.users["admin"] ?? "" }).first();
    await expect(async () => { // the table stream carries each change into the trail within moments
      await page.reload();
      await expect(row).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
  }
  await check(page, "settings-edited");
});

test("an admin moves a user to another group and then disables them, who can no longer sign in", async ({ page, request }) => {
  await signIn(page, s, "admin");
  const auth = await asUser(page);
  const email = `mover.${Date.now()}@crm.example`;
  const made = await request.post(`${s.api_url}/admin/users`, { ...auth, data: { email, group: "sales" } });
  const password = ((await made.json()) as { temporary_password: string }).temporary_password;
  await page.getByRole("link", { name: "Users" }).click();
  const row = page.getByRole("row", { name: new RegExp(email.replace(/\./g, "\\.")) });
  await row.getByRole("button", { name: `Change ${email}` }).click();
  const dialog = page.getByRole("dialog", { name: `Change ${email}` });
  await dialog.getByRole("combobox", { name: "Group" }).click();
  await page.getByRole("option", { name: "Agent" }).click();
  await check(page, "user-change");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText("Agent")).toBeVisible();
  await row.getByRole("button", { name: `Change ${email}` }).click();
  const maySignIn = dialog.getByRole("switch", { name: "May sign in" });
  await expect(maySignIn).toBeChecked();
  await maySignIn.uncheck();
  await expect(maySignIn).not.toBeChecked();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(row).toContainText("disabled");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").fill(email);
  await page.locator("input[autocomplete=current-password]").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible(); // the user pool refuses a disabled user
  await expect(page.getByRole("heading", { name: "Customers" })).toBeHidden();
});
