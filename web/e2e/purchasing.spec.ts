import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { asUser, check, signIn, stack, today } from "./stack";

const s = stack();

interface Offer {
  supplier_id: string;
  currency: string;
  freight: string;
  duties: string;
  lines: { sku: string; unit_price: string; lead_time_days: number; min_quantity: string }[];
}

/** A fresh RFQ like the demo one (same items, suppliers and offers), so each run has one to award. */
async function rfqLikeTheDemo(page: Page, request: APIRequestContext): Promise<{ rfq_id: string; title: string }> {
  const auth = await asUser(page);
  const demo = (await (await request.get(`${s.api_url}/rfqs/demo-seals`, auth)).json()) as {
    lines: { sku: string; quantity: string }[];
    invited: string[];
    offers: Offer[];
  };
  const title = `Seal kits ${Date.now()}`;
  const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const made = await request.post(`${s.api_url}/rfqs`, { ...auth, data: { title, deadline, invited: demo.invited, lines: demo.lines } });
  const rfq = (await made.json()) as { rfq_id: string };
  const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  for (const o of demo.offers) {
    const data = { supplier_id: o.supplier_id, currency: o.currency, freight: o.freight, duties: o.duties, lines: o.lines, valid_until: validUntil };
    expect((await request.post(`${s.api_url}/rfqs/${rfq.rfq_id}/offers`, { ...auth, data })).status()).toBe(201);
  }
  return { rfq_id: rfq.rfq_id, title };
}

test("purchasing compares offers, moves the weights (the API ranks again), awards, and receives the goods", async ({ page, request }) => {
  await signIn(page, s, "purchasing", "Suppliers");
  const rfq = await rfqLikeTheDemo(page, request);
  await page.getByRole("link", { name: "RFQs" }).first().click();
  await page.getByRole("link", { name: rfq.title }).click();
  await expect(page.getByRole("heading", { name: rfq.title })).toBeVisible();
  const first = page.getByRole("region", { name: /^1\. / });
  await expect(first).toBeVisible();
  await expect(first.getByRole("list", { name: /^Why / }).getByRole("listitem").first()).toBeVisible();
  await check(page, "rfq-comparison");
  const before = (await first.getAttribute("aria-label")) ?? "";
  // only the total cost counts: every other weight to zero, by keyboard
  for (const name of ["Lead time", "Risk", "Quality"]) {
    await page.getByRole("slider", { name }).focus();
    await page.keyboard.press("Home");
  }
  await expect(page.getByText(/^Total cost: 1(\.0+)?$/)).toBeVisible();
  const regions = page.getByRole("region", { name: /^\d\. / });
  const tcos = await regions.evaluateAll((nodes) =>
    nodes.map((n) => Number(n.querySelector("tbody td[data-tco]")?.getAttribute("data-tco") ?? "NaN")),
  );
  expect(tcos).toEqual([...tcos].sort((a, b) => a - b)); // ranked by total cost alone now
  const leader = (await page.getByRole("region", { name: /^1\. / }).getAttribute("aria-label")) ?? "";
  console.log(`RFQ ranking: ${before} first with the RFQ's weights, ${leader} with total cost alone`);
  await page.getByRole("region", { name: /^1\. / }).getByRole("button", { name: "Award" }).click();
  await expect(page.getByRole("heading", { name: /^Purchase order / })).toBeVisible();
  const received = page.getByRole("textbox", { name: /^Received of / }).first();
  await received.fill("999999");
  await page.getByRole("button", { name: "Record delivery" }).click();
  await expect(page.getByText(/exceeds the open quantity/)).toBeVisible(); // next to the line it names
  await received.fill("100");
  await page.getByRole("button", { name: "Record delivery" }).click();
  await expect(page.getByText(/^Delivery recorded/)).toBeVisible();
  await expect(page.getByText("Partly received").first()).toBeVisible();
  await check(page, "purchase-order");
});

test("a supplier's certifications, price history, scorecard and risk register; the Kraljic portfolio", async ({ page }) => {
  await signIn(page, s, "purchasing", "Suppliers");
  await check(page, "suppliers");
  await page.getByRole("row").nth(1).getByRole("link").click();
  await expect(page.getByRole("group", { name: "Certifications" })).toBeVisible();
  await expect(page.getByText(/^Scorecard \(OTIF trend: /)).toBeVisible();
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  const risk = `Port strike risk ${today()} ${Date.now()}`;
  await page.getByRole("textbox", { name: "Risk", exact: true }).fill(risk);
  await page.getByRole("textbox", { name: "Likelihood (1–5)" }).fill("4");
  await page.getByRole("textbox", { name: "Impact (1–5)" }).fill("5");
  await page.getByRole("button", { name: "Add risk" }).click();
  await expect(page.getByRole("row", { name: new RegExp(risk) })).toContainText("4 × 5 = 20");
  await check(page, "supplier");
  await page.getByRole("link", { name: "Portfolio" }).click();
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Could become key suppliers" })).toBeVisible();
  await check(page, "portfolio");
});
