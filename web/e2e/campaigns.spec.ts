import { expect, test } from "@playwright/test";

import { asUser, check, signIn, stack } from "./stack";

const s = stack();

test("a manager builds a campaign, previews who it reaches after consent, suppression and holdout, launches it and reads the report", async ({ page, request }) => {
  await signIn(page, s, "manager");
  await page.getByRole("link", { name: "Campaigns" }).click();
  await expect(page.getByRole("heading", { name: "Campaigns", level: 1 })).toBeVisible();
  const name = `Spring follow-up ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("combobox", { name: "Template" }).click();
  await page.getByRole("option", { name: /^Following up on our call/ }).click();
  await page.getByLabel("Value (e.g. wholesale, DE, At risk, top)").fill("wholesale");
  await page.getByRole("textbox", { name: "Holdout (% kept back)" }).fill("20");
  await check(page, "campaigns");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const preview = page.getByRole("region", { name: "Who it would reach now" });
  await expect(preview).toBeVisible();
  const id = page.url().split("/").pop() ?? "";
  const counts = (await (await request.get(`${s.api_url}/campaigns/${id}/audience`, await asUser(page))).json()) as Record<string, number>;
  expect(counts["matching"]).toBeGreaterThan(0);
  expect((counts["no_consent"] ?? 0) + (counts["suppressed"] ?? 0) + (counts["holdout"] ?? 0) + (counts["will_send"] ?? 0)).toBe(counts["matching"]);
  await expect(preview).toContainText(`Will receive it${counts["will_send"] ?? ""}`);
  await check(page, "campaign-preview");
  await page.getByRole("button", { name: `Launch now (${counts["will_send"] ?? 0} messages)` }).click();
  const report = page.getByRole("region", { name: "Report" });
  await expect(report).toBeVisible();
  await expect(report).toContainText(`held out ${counts["holdout"] ?? 0}`); // the launch held out whom the preview said
  await check(page, "campaign-report");
});

test("a manager reaches the customers at risk on each one's best channel, and the preview says how many by SMS", async ({ page, request }) => {
  test.setTimeout(360_000);
  await signIn(page, s, "manager");
  const auth = await asUser(page);
  // the stack's first analytics run gives the lifecycle stages and best channels (it may still be going)
  await expect.poll(async () => (await request.get(`${s.api_url}/analytics/dashboard`, auth)).status(), { timeout: 300_000 }).toBe(200);
  await page.getByRole("link", { name: "Campaigns" }).click();
  await expect(page.getByRole("heading", { name: "Campaigns", level: 1 })).toBeVisible();
  const name = `Win-back ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  const choose = async (label: string, option: string | RegExp) =>
    expect(async () => {
      await page.getByRole("combobox", { name: label }).click();
      await page.getByRole("option", { name: option, exact: typeof option === "string" }).click({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
  await choose("Template", /^Following up on our call/);
  await choose("Customers by", "lifecycle stage");
  await choose("Value (e.g. wholesale, DE, At risk, top)", "At risk");
  await choose("Send by", "Each customer's best channel (SMS or email, as they consented)");
  await check(page, "campaign-best-channel");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByText("Send by: Each customer's best channel (SMS or email, as they consented)")).toBeVisible();
  const id = page.url().split("/").pop() ?? "";
  const campaign = (await (await request.get(`${s.api_url}/campaigns/${id}`, auth)).json()) as { segment: Record<string, string>; channel: string };
  expect([campaign.segment["lifecycle_stage"], campaign.channel]).toEqual(["at_risk", "best"]);
  const counts = (await (await request.get(`${s.api_url}/campaigns/${id}/audience`, auth)).json()) as Record<string, number>;
  expect(counts["matching"]).toBeGreaterThan(0);
  const preview = page.getByRole("region", { name: "Who it would reach now" });
  await expect(preview).toContainText(`Of them by SMS${counts["by_sms"] ?? ""}`);
});

test("a manager writes a template in Polish and sees the API's preview of it filled for a recipient", async ({ page }) => {
  await signIn(page, s, "manager");
  await page.goto(`${s.console_url}/templates`);
  await expect(page.getByRole("heading", { name: "Message templates", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Open follow_up in pl" }).click();
  await expect(page.getByLabel("Subject")).toHaveValue("Po naszej rozmowie, {first_name}");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toContainText("Po naszej rozmowie, Anna"); // the API filled {first_name}
  await page.getByRole("textbox", { name: "Text", exact: true }).fill("Dzień dobry {first_name},\n\n{detail}\n\nPozdrawiamy {");
  await expect(preview).toContainText("the template does not fill"); // a stray brace, explained before saving
  await page.getByRole("textbox", { name: "Text", exact: true }).fill("Dzień dobry {first_name},\n\n{detail}\n");
  await expect(preview).toContainText("The spare parts ship on Monday.");
  await check(page, "templates");
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
});

test("a manager reads the newsletter lists with their counts and a subscriber's consent evidence, and mails a list", async ({ page, request }) => {
  await signIn(page, s, "manager");
  const auth = await asUser(page);
  type Lists = { items: { list_id: string; name: string; pending: number; confirmed: number; unsubscribed: number }[] };
  const lists = (await (await request.get(`${s.api_url}/newsletters`, auth)).json()) as Lists;
  const news = lists.items.find((l) => l.name === "Product news");
  expect(news?.confirmed).toBeGreaterThan(0); // the demo's readers who confirmed by their emailed link
  const email = `reader-${Date.now()}@example.com`; // someone signs up on the website's form, no login
  const signup = await request.post(`${s.api_url}/newsletters/${news?.list_id ?? ""}/subscribe`, { data: { email, source: "website-footer" } });
  expect(signup.status()).toBe(202);

  await page.getByRole("link", { name: "Campaigns" }).click();
  await page.getByRole("link", { name: "Newsletters" }).click();
  await expect(page.getByRole("heading", { name: "Newsletters", level: 1 })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(`^Product news ${news?.confirmed ?? 0} ${(news?.pending ?? 0) + 1} ${news?.unsubscribed ?? 0} 2026-01$`) });
  await expect(row).toBeVisible(); // the new sign-up is counted, awaiting confirmation
  await row.getByRole("button", { name: "Product news" }).click();
  const subscribers = page.getByRole("region", { name: "Subscribers of Product news" });
  await expect(subscribers.getByRole("row", { name: new RegExp(`${email}.* Awaiting confirmation .* website-footer 2026-01$`) })).toBeVisible();
  await check(page, "newsletters");
  await subscribers.getByRole("button", { name: `Consent steps of ${email}` }).click();
  const dialog = page.getByRole("dialog", { name: `Consent steps of ${email}` });
  await expect(dialog.getByText("Asked to subscribe")).toBeVisible();
  await expect(dialog.getByText("How: website-footer · wording 2026-01")).toBeVisible();
  await page.keyboard.press("Escape");

  await page.getByRole("main").getByRole("link", { name: "Campaigns" }).click();
  await page.getByRole("textbox", { name: "Name" }).fill(`Product news ${Date.now()}`);
  await page.getByRole("combobox", { name: "Template" }).click();
  await page.getByRole("option", { name: /^Following up on our call/ }).click();
  await page.getByRole("combobox", { name: "Customers by" }).click();
  await page.getByRole("option", { name: "Newsletter list (its confirmed subscribers)" }).click();
  await page.getByRole("combobox", { name: "List" }).click();
  await page.getByRole("option", { name: `Product news (${news?.confirmed ?? 0} confirmed)` }).click();
  await page.getByRole("button", { name: "Create draft" }).click();
  const preview = page.getByRole("region", { name: "Who it would reach now" });
  await expect(preview).toContainText(`Matching${news?.confirmed ?? 0}`); // only confirmed subscribers are mailed
});
