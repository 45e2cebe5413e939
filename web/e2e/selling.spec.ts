import { expect, test } from "@playwright/test";

import { asUser, check, signIn, someCustomer, stack, today } from "./stack";

const s = stack();

test("sales drags a deal to the next stage on the board, moves it on by keyboard, then wins it with a reason", async ({ page, request }) => {
  await signIn(page, s, "sales");
  const customer = await someCustomer(page, request, s);
  const name = `Board deal ${Date.now()}`;
  const made = await request.post(`${s.api_url}/opportunities`, {
    ...(await asUser(page)),
    data: { name, customer_id: customer.customer_id, amount: "1200", currency: "EUR", expected_close: today(), stage: "prospecting" },
  });
  expect(made.status()).toBe(201);
  const deal = (await made.json()) as { opportunity_id: string; probability: number };
  await page.getByRole("link", { name: "Pipeline" }).click();
  const prospecting = page.getByRole("region", { name: "Prospecting" });
  const qualification = page.getByRole("region", { name: "Qualification" });
  const handle = prospecting.getByRole("button", { name: `Drag ${name} to another stage` });
  await expect(handle).toBeVisible();
  await check(page, "pipeline-board");
  // a real drag: press on the handle, move over the next column, release
  const from = await handle.boundingBox();
  const to = await qualification.boundingBox();
  if (!from || !to) throw new Error("board not laid out");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByText(`${name} is now in Qualification.`)).toBeVisible();
  await expect(qualification.getByText(name)).toBeVisible();
  const moved = (await (await request.get(`${s.api_url}/opportunities/${deal.opportunity_id}`, await asUser(page))).json()) as {
    stage: string;
    probability: number;
  };
  expect(moved.stage).toBe("qualification");
  expect(moved.probability).toBeGreaterThan(deal.probability);
  // the keyboard: lift with space, one arrow press per stage, drop with space
  await qualification.getByRole("button", { name: `Drag ${name} to another stage` }).focus();
  const announced = page.locator("[id^=DndLiveRegion]"); // what a screen reader hears
  await page.keyboard.press("Space");
  await expect(announced).toHaveText(`${name} is over Qualification.`);
  await page.keyboard.press("ArrowRight");
  await expect(announced).toHaveText(`${name} is over Proposal.`);
  await page.keyboard.press("Space");
  const proposal = page.getByRole("region", { name: "Proposal" });
  await expect(page.getByText(`${name} is now in Proposal.`)).toBeVisible();
  await expect(proposal.getByText(name)).toBeVisible();
  await proposal.getByTestId(`deal-${deal.opportunity_id}`).getByRole("button", { name: "Move to…" }).click();
  await page.getByRole("menuitem", { name: "Won" }).click();
  await page.getByLabel("Why (required to close a deal)").fill("Signed after the demo");
  await page.getByRole("button", { name: "Close the deal" }).click();
  await expect(page.getByRole("region", { name: "Won" }).getByText(name)).toBeVisible();
  await page.getByText("List", { exact: true }).click();
  await expect(page.getByRole("table")).toBeVisible();
  await check(page, "pipeline-list");
});

test("sales creates a lead, sees why it scored, qualifies and converts it", async ({ page }) => {
  await signIn(page, s, "sales");
  await page.getByRole("link", { name: "Leads" }).click();
  await expect(page.getByRole("heading", { name: "Leads" })).toBeVisible();
  await check(page, "leads");
  const company = `Lead Works ${Date.now()}`;
  await page.getByRole("button", { name: "New lead" }).click();
  await page.getByLabel("Last name").fill("Novak");
  await page.getByLabel("Company").fill(company);
  await page.getByLabel("Email").fill(`buyer.${Date.now()}@leadworks.example`);
  await page.getByLabel("Budget (EUR)").fill("50000");
  await page.getByLabel("Employees").fill("250");
  await page.getByRole("button", { name: "Create lead" }).click();
  await expect(page.getByRole("heading", { name: `Novak · ${company}` })).toBeVisible();
  const reasons = page.getByRole("list", { name: "Why this score" }).getByRole("listitem");
  expect(await reasons.count()).toBeGreaterThan(0);
  await check(page, "lead");
  await page.getByRole("button", { name: "Qualify", exact: true }).click();
  await expect(page.getByText("Qualified", { exact: true })).toBeVisible();
  await page.getByLabel("Amount").fill("20000");
  await page.getByRole("button", { name: "Convert", exact: true }).click();
  await expect(page.getByText("Converted: a new customer and an opportunity were created.")).toBeVisible();
  await page.getByRole("link", { name: "Open the customer" }).click();
  await expect(page.getByRole("heading", { name: company, level: 1 })).toBeVisible();
});

test("the weighted forecast is a chart with its numbers, the API's figures", async ({ page, request }) => {
  await signIn(page, s, "sales");
  await page.getByRole("link", { name: "Forecast" }).click();
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(7); // a header and six months
  const month = new Date().toISOString().slice(0, 7);
  const api = (await (await request.get(`${s.api_url}/forecast?from=${month}&to=${month}`, await asUser(page))).json()) as {
    totals: { currency: string; forecast: string }[];
  };
  const eur = api.totals.find((r) => r.currency === "EUR");
  await expect(rows.nth(1).getByRole("cell").last()).toHaveText(eur?.forecast ?? "0");
  await check(page, "forecast");
});

test("sales quotes from the 360 and the accepted quote becomes an order at the quoted prices", async ({ page, request }) => {
  await signIn(page, s, "sales");
  const customer = await someCustomer(page, request, s);
  await page.goto(`${s.console_url}/customers/${customer.customer_id}`);
  await page.getByRole("link", { name: "New quote for this customer" }).click();
  await page.getByRole("combobox", { name: "Product of line 1" }).click();
  await page.getByRole("option", { name: /^CN-001/ }).click();
  await page.getByRole("textbox", { name: "Quantity of line 1" }).fill("60");
  await page.getByRole("button", { name: "Create quote" }).click();
  await expect(page.getByRole("heading", { name: /^Quote / })).toBeVisible();
  const unit = await page.getByRole("row").nth(1).getByRole("cell").nth(2).textContent();
  expect(Number(unit)).toBeGreaterThan(0);
  await check(page, "quote");
  await page.getByRole("button", { name: "Accept and place the order" }).click();
  await expect(page.getByRole("heading", { name: /^Order / })).toBeVisible();
  await expect(page.getByRole("row").nth(1).getByRole("cell").nth(2)).toHaveText(unit ?? "");
});
