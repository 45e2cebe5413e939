import { expect, test, type Page } from "@playwright/test";

import { asUser, check, signIn, someCustomer, stack } from "./stack";

const s = stack();

/** A Select's option; retried as a whole, since a refetch that re-renders the form can close an open dropdown. */
async function pick(page: Page, label: string, option: string, within = page.locator("body")) {
  await expect(async () => {
    await within.getByRole("combobox", { name: label }).click();
    await page.getByRole("option", { name: option, exact: true }).click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

/** The open translation (the visible tab panel) asked for review, then published. */
async function reviewAndPublish(page: Page) {
  const panel = page.getByRole("tabpanel").first();
  await panel.getByRole("button", { name: "Ask for review" }).click();
  await expect(panel.getByText("In review", { exact: true })).toBeVisible();
  await panel.getByRole("button", { name: "Publish" }).click();
  await expect(panel.getByText("Published", { exact: true })).toBeVisible();
}

test("an admin publishes an article in English and Polish; an agent finds it, misspelt, and sees it on a case", async ({ page, browser, request }) => {
  test.setTimeout(150_000); // the search index follows the table stream: up to a minute is allowed below
  const stamp = Date.now();
  const word = `zephyr${stamp}`; // a word only this article has
  await signIn(page, s, "admin");
  await page.getByRole("link", { name: "Knowledge base" }).click();
  await expect(page.getByRole("heading", { name: "Knowledge base" })).toBeVisible();
  await page.getByLabel("Category id").fill(`pumps-${stamp}`);
  await page.getByLabel("Name (en)").fill(`Pumps ${stamp}`);
  await page.getByLabel("Name (pl)").fill(`Pompy ${stamp}`);
  await page.getByRole("button", { name: "Save category" }).click();
  await expect(page.getByText(`pumps-${stamp} (Pumps ${stamp} / Pompy ${stamp})`)).toBeVisible();

  await page.getByRole("link", { name: "New article" }).click();
  await page.getByLabel("Title").fill(`Resetting the ${word} controller`);
  await pick(page, "Category", `Pumps ${stamp}`);
  await pick(page, "Visibility", "Public (customers)");
  await page.getByRole("combobox", { name: "Helps with cases of type" }).focus(); // by keyboard
  await page.keyboard.press("ArrowDown");
  await page.getByRole("option", { name: "Incident" }).click();
  await page.keyboard.press("Escape");
  await page.getByLabel("Text (Markdown)").fill(`# Reset\n\nHold the **red** button of the ${word} pump for five seconds.\n\n<script>window.pwned = 1</script>`);
  await page.getByRole("tab", { name: "Preview" }).click();
  await expect(page.getByRole("heading", { name: "Reset" })).toBeVisible(); // Markdown rendered
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { name: `Resetting the ${word} controller` })).toBeVisible();
  await expect(page.getByRole("tabpanel").getByText("Draft", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  await expect(page.locator(".kb-article script")).toHaveCount(0); // raw HTML is never rendered
  await reviewAndPublish(page);

  const add = page.getByRole("region", { name: "Add a translation" });
  await pick(page, "Language", "pl", add);
  await add.getByLabel("Title").fill(`Resetowanie sterownika ${word}`);
  await add.getByLabel("Text (Markdown)").fill(`Przytrzymaj **czerwony** przycisk pompy ${word} przez pięć sekund.`);
  await add.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("tab", { name: "pl" })).toHaveAttribute("aria-selected", "true");
  await reviewAndPublish(page);
  await expect(page.getByRole("tabpanel").getByRole("region", { name: "History" })).toContainText("published");
  await check(page, "kb-article");

  const agent = await (await browser.newContext()).newPage();
  await signIn(agent, s, "agent");
  const auth = await asUser(agent);
  await expect // the index is rebuilt from the table stream; each API container revalidates its copy every few seconds
    .poll(async () => (await (await request.get(`${s.api_url}/kb/search?q=${word}&lang=en`, auth)).json()).items.length, { timeout: 60_000 })
    .toBe(1);
  await agent.getByRole("link", { name: "Knowledge base" }).click();
  await agent.getByRole("textbox", { name: "Search articles" }).fill(`${word.slice(0, -3)}xx controler`);
  await agent.getByRole("button", { name: "Search" }).click();
  await expect(agent.getByText(/showing results for/)).toBeVisible();
  const results = agent.getByRole("search", { name: "Search articles" });
  await expect(results.getByRole("link", { name: `Resetting the ${word} controller` })).toBeVisible();
  await expect(results.locator("mark", { hasText: word })).toBeVisible(); // the snippet marks what matched
  await check(agent, "kb-search");

  const customer = await someCustomer(agent, request, s);
  const made = await request.post(`${s.api_url}/cases`, {
    ...auth,
    data: { customer_id: customer.customer_id, subject: `The ${word} pump stopped`, channel: "phone", category: "incident" },
  });
  const { case_id } = (await made.json()) as { case_id: string };
  await agent.goto(`${s.console_url}/cases/${case_id}`);
  const suggested = agent.getByRole("region", { name: "Suggested articles" });
  await suggested.getByRole("link", { name: `Resetting the ${word} controller` }).click();
  await agent.getByRole("button", { name: /This helped/ }).click();
  await expect(agent.getByRole("button", { name: "This helped (1)" })).toBeVisible();
  await agent.setViewportSize({ width: 375, height: 800 });
  await agent.reload();
  await expect(agent.getByRole("button", { name: "This helped (1)" })).toBeVisible();
  await check(agent, "kb-article-375");
  expect(await agent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
