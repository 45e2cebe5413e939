import { expect, test } from "@playwright/test";

import { check, idToken, signIn, stack } from "./stack";

const s = stack();

test("a wrong password is explained and nothing is signed in", async ({ page }) => {
  await page.goto(`${s.console_url}/signin`);
  await check(page, "signin");
  await page.getByLabel("Email").fill(s.users["sales"] ?? "");
  await page.locator("input[autocomplete=current-password]").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The email or password is wrong.");
  await expect(page).toHaveURL(/\/signin$/);
});

test("sales signs in, finds a customer by phone, opens the 360 and adds a note", async ({ page, request }) => {
  await signIn(page, s, "sales");
  await expect(page.getByRole("row").nth(1)).toBeVisible();
  await check(page, "customers");
  // a customer with a phone, through the API as the same user would have it
  const token = await idToken(page);
  const listed = await request.get(`${s.api_url}/customers?limit=5`, { headers: { Authorization: `Bearer ${token}` } });
  const customer = ((await listed.json()) as { items: { customer_id: string; name: string; phones: string[] }[] }).items.find(
    (c) => c.phones.length > 0,
  );
  expect(customer).toBeTruthy();
  await page.getByRole("textbox", { name: "Search customers" }).fill(customer?.phones[0] ?? "");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: customer?.name ?? "" }).first()).toBeVisible();
  await check(page, "search");
  const started = Date.now();
  await page.getByRole("link", { name: customer?.name ?? "" }).first().click();
  await expect(page.getByRole("heading", { name: customer?.name ?? "", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  console.log(`360 first render: ${Date.now() - started} ms (measured by benchmarks, not asserted here)`);
  await check(page, "customer-360");
  const note = `Called about the Q1 order ${Date.now()}`;
  await page.getByLabel("Note").fill(note);
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByRole("status")).toHaveText("Note saved.");
  await expect(page.getByText(note)).toBeVisible();
  await page.getByRole("link", { name: "Customers" }).click();
  const recent = page.getByRole("navigation", { name: "Recent" });
  await recent.getByRole("link", { name: customer?.name ?? "" }).click(); // back in one click
  await expect(page.getByRole("heading", { name: customer?.name ?? "", level: 1 })).toBeVisible();
});

test("purchasing lands on suppliers with no customer navigation; the API's 403 is shown if a customer URL is typed", async ({ page }) => {
  await page.goto(`${s.console_url}/signin`);
  await page.getByLabel("Email").fill(s.users["purchasing"] ?? "");
  await page.locator("input[autocomplete=current-password]").fill(s.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Suppliers" })).toBeVisible(); // purchasing lands on its own work
  await expect(page.getByRole("link", { name: "Customers" })).toHaveCount(0);
  await page.goto(`${s.console_url}/customers`);
  await expect(page.getByRole("alert")).toHaveText("You may not do this (your role does not allow it).");
});

test("keyboard only: sign in, search and open the 360 at phone width, in Polish", async ({ page, request }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${s.console_url}/signin`);
  await expect(page.getByLabel("Email")).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.type(s.users["agent"] ?? "");
  await page.keyboard.press("Tab");
  await page.keyboard.type(s.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  const token = await idToken(page);
  const listed = await request.get(`${s.api_url}/customers?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
  const name = ((await listed.json()) as { items: { name: string }[] }).items[0]?.name ?? "";
  await page.getByRole("textbox", { name: "Search customers" }).focus();
  await page.keyboard.type(name.slice(0, 4));
  await page.keyboard.press("Enter");
  const first = page.getByRole("listitem").getByRole("link").first();
  await first.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await check(page, "customer-360-375px");
  await page.getByRole("button", { name: "Navigation" }).click();
  await page.getByRole("combobox", { name: "Language" }).click();
  await page.getByRole("option", { name: "Polski" }).click();
  await expect(page.getByRole("heading", { name: "Historia" })).toBeVisible();
});

test("sales creates a customer: field errors by the fields, the duplicate answer, then create anyway", async ({ page, request }) => {
  await signIn(page, s, "sales");
  const token = await idToken(page);
  const listed = await request.get(`${s.api_url}/customers?limit=10`, { headers: { Authorization: `Bearer ${token}` } });
  const existing = ((await listed.json()) as { items: { name: string; phones: string[] }[] }).items.find((c) => c.phones.length > 0);
  await page.getByRole("link", { name: "New customer" }).click();
  await expect(page.getByRole("heading", { name: "New customer" })).toBeVisible();
  await check(page, "new-customer");
  const name = `Playwright Tools ${Date.now()} GmbH`;
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await page.getByRole("textbox", { name: "Email" }).fill("not-an-email");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("textbox", { name: "Email" })).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("textbox", { name: "Email" }).fill("");
  await page.getByRole("textbox", { name: "Phone" }).fill(existing?.phones[0] ?? "");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("link", { name: `Open ${existing?.name ?? ""}` })).toBeVisible();
  await check(page, "new-customer-duplicate");
  await page.getByRole("button", { name: "Create anyway" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
});

test("an edit that lost the race shows what changed and is reapplied on the new version", async ({ page, request }) => {
  await signIn(page, s, "sales");
  const token = await idToken(page);
  const auth = { Authorization: `Bearer ${token}` };
  const created = await request.post(`${s.api_url}/customers`, {
    headers: auth,
    data: { kind: "company", name: `Race Conditions ${Date.now()} Ltd`, tags: ["vip"] },
  });
  const customer = (await created.json()) as { customer_id: string; name: string; version: number };
  await page.goto(`${s.console_url}/customers/${customer.customer_id}`);
  await page.getByRole("button", { name: "Edit" }).click();
  // someone else saves first
  const theirs = await request.patch(`${s.api_url}/customers/${customer.customer_id}`, {
    headers: { ...auth, "If-Match": `"${customer.version}"` },
    data: { industry: "logistics" },
  });
  expect(theirs.status()).toBe(200);
  await page.getByRole("textbox", { name: "Tags" }).fill("vip, eco-line");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("alert")).toContainText("Someone changed this customer meanwhile");
  await expect(page.getByRole("row", { name: /tags/ })).toContainText("vip, eco-line");
  await check(page, "edit-conflict");
  await page.getByRole("button", { name: "Reapply my changes" }).click();
  await expect(page.getByRole("button", { name: "Edit" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Tags" })).toContainText("eco-line");
  const now = (await (await request.get(`${s.api_url}/customers/${customer.customer_id}`, { headers: auth })).json()) as {
    tags: string[];
    industry: string;
  };
  expect(now).toMatchObject({ tags: ["vip", "eco-line"], industry: "logistics" }); // both changes kept
});

test("the agent's screen pop for a known caller opens a case and plans a callback", async ({ page, request }) => {
  await signIn(page, s, "agent");
  const token = await idToken(page);
  const auth = { headers: { Authorization: `Bearer ${token}` } };
  const listed = await request.get(`${s.api_url}/customers?limit=20`, auth);
  let caller: { name: string; phones: string[] } | undefined;
  for (const c of ((await listed.json()) as { items: { name: string; phones: string[] }[] }).items) {
    if (c.phones.length === 0) continue;
    const found = await request.get(`${s.api_url}/customers/lookup?phone=${encodeURIComponent(c.phones[0] ?? "")}`, auth);
    if (((await found.json()) as { items: unknown[] }).items.length === 1) {
      caller = c; // a number only this customer has (another test creates a duplicate of one)
      break;
    }
  }
  await page.goto(`${s.console_url}/pop?phone=${encodeURIComponent(caller?.phones[0] ?? "")}`);
  await expect(page.getByRole("heading", { name: `Incoming call from ${caller?.phones[0] ?? ""}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: caller?.name ?? "", level: 1 })).toBeVisible();
  await check(page, "screen-pop");
  await page.getByRole("button", { name: "Open a case for this call" }).click();
  await expect(page.getByText(/^Case \w+ opened\.$/)).toBeVisible();
  await page.getByRole("button", { name: "Plan a callback" }).click();
  await expect(page.getByText("Callback planned in one hour.")).toBeVisible();
  await page.goto(`${s.console_url}/pop?phone=%2B4930123456789`);
  await expect(page.getByText("No customer has this number.")).toBeVisible();
});

test("sales quotes a reseller: the winning rule and why, from the API's price engine", async ({ page, request }) => {
  await signIn(page, s, "sales");
  const token = await idToken(page);
  const listed = await request.get(`${s.api_url}/customers?tag=wholesale&limit=1`, { headers: { Authorization: `Bearer ${token}` } });
  const reseller = ((await listed.json()) as { items: { customer_id: string; name: string }[] }).items[0];
  expect(reseller).toBeTruthy();
  await page.goto(`${s.console_url}/customers/${reseller?.customer_id ?? ""}`);
  await page.getByRole("link", { name: "Check prices for this customer" }).click();
  await page.getByRole("combobox", { name: "Product" }).click();
  await page.getByRole("option", { name: /^CN-001/ }).click();
  await page.getByRole("textbox", { name: "Quantity" }).fill("60");
  await page.getByRole("button", { name: "Quote", exact: true }).click();
  await expect(page.getByText("10 % off list for group 'wholesale'")).toBeVisible();
  await expect(page.getByRole("heading", { name: /EUR per unit$/ })).toBeVisible();
  await check(page, "price-quote");
});

test("the agent works a case from the queue to closed, offered only the allowed next states", async ({ page, request }) => {
  await signIn(page, s, "agent");
  const token = await idToken(page);
  const headers = { Authorization: `Bearer ${token}` };
  const listed = await request.get(`${s.api_url}/customers?limit=1`, { headers });
  const customerId = ((await listed.json()) as { items: { customer_id: string }[] }).items[0]?.customer_id;
  const subject = `Printer jams ${Date.now()}`;
  const opened = await request.post(`${s.api_url}/cases`, {
    headers,
    data: { customer_id: customerId, subject, channel: "phone", category: "incident", priority: "urgent" },
  });
  expect(opened.status()).toBe(201);
  await page.getByRole("link", { name: "Service queue" }).click();
  await expect(page.getByRole("heading", { name: "Service queue" })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(subject) });
  await expect(row).toContainText(/due in|overdue by/);
  await check(page, "cases");
  await row.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("button", { name: "Close" })).toHaveCount(0); // new -> open, pending, resolved only
  await page.getByRole("textbox", { name: "Reply or note" }).fill("We are on it");
  await page.getByRole("button", { name: "Add comment" }).click();
  await expect(page.getByText("We are on it")).toBeVisible();
  await check(page, "case-detail");
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByRole("button", { name: "Close" })).toBeVisible();
  await page.getByRole("button", { name: "Close" }).click();
  await expect(page.getByText("Closed: no further status.")).toBeVisible();
});

test("sales places an order from the 360, priced by the API, pays it and ships it", async ({ page, request }) => {
  await signIn(page, s, "sales");
  const token = await idToken(page);
  const listed = await request.get(`${s.api_url}/customers?tag=wholesale&limit=1`, { headers: { Authorization: `Bearer ${token}` } });
  const reseller = ((await listed.json()) as { items: { customer_id: string }[] }).items[0];
  await page.goto(`${s.console_url}/customers/${reseller?.customer_id ?? ""}`);
  await page.getByRole("link", { name: "New order for this customer" }).click();
  await page.getByRole("combobox", { name: "Product of line 1" }).click();
  await page.getByRole("option", { name: /^CN-001/ }).click();
  await page.getByRole("textbox", { name: "Quantity of line 1" }).fill("60");
  await check(page, "new-order");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("heading", { name: /^Order \d{4}-\d+$/ })).toBeVisible();
  await expect(page.getByRole("cell", { name: /10 % off list for group 'wholesale'/ })).toBeVisible();
  await check(page, "order");
  await page.getByRole("button", { name: /^Record payment of / }).click();
  await expect(page.getByText(/due 0\.00 EUR/)).toBeVisible();
  await page.getByRole("button", { name: "Mark shipped" }).click();
  await expect(page.getByText("shipped", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark shipped" })).toHaveCount(0);
});

test("the 360's timeline pages in older entries", async ({ page, request }) => {
  await signIn(page, s, "sales");
  const token = await idToken(page);
  const headers = { Authorization: `Bearer ${token}` };
  const created = await request.post(`${s.api_url}/customers`, { headers, data: { kind: "company", name: `Long History ${Date.now()} AG` } });
  const id = ((await created.json()) as { customer_id: string }).customer_id;
  for (let n = 1; n <= 30; n++) {
    await request.post(`${s.api_url}/customers/${id}/timeline`, {
      headers,
      data: { summary: `Note ${n}`, occurred_at: `2026-01-${String(n).padStart(2, "0")}T09:00:00Z` },
    });
  }
  await page.goto(`${s.console_url}/customers/${id}`);
  await expect(page.getByText("Note 30", { exact: true })).toBeVisible();
  await expect(page.getByText("Note 1", { exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Older entries" }).click();
  await expect(page.getByText("Note 1", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Older entries" })).toHaveCount(0);
});
