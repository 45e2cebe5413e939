import { createHmac } from "node:crypto";

import { expect, test } from "@playwright/test";

import { asUser, check, receiver, signIn, stack } from "./stack";

const s = stack();

test("an admin registers a shop and subscribes a receiver: a forged order is refused, an unknown sku is listed, a signed event arrives", async ({ page, request }) => {
  const run = Date.now() % 100000;
  const { got, port, server } = await receiver();

  await signIn(page, s, "admin");
  await page.getByRole("link", { name: "Integrations" }).click();
  await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
  const shop = page.getByRole("form", { name: "Register a shop" });
  await shop.getByRole("textbox", { name: "Shop id (in its webhook address)" }).fill(`garden-${run}`);
  await shop.getByRole("textbox", { name: "Name", exact: true }).fill(`Garden ${run}`);
  await shop.getByRole("button", { name: "Register shop" }).click();
  const secret = (await shop.getByRole("status").locator("code").textContent()) ?? "";
  expect(secret.length).toBeGreaterThan(30);
  await expect(page.getByRole("table", { name: "Registered shops" }).getByRole("row", { name: new RegExp(`Garden ${run} WooCommerce /shops/garden-${run}/orders`) })).toBeVisible();

  const order = JSON.stringify({
    id: run, number: String(run), status: "processing", currency: "EUR", total: "10.00",
    billing: { first_name: "Eva", last_name: "Shop", email: `eva.${run}@shop.example`, country: "DE" },
    line_items: [{ id: 1, name: "Nothing", quantity: 1, total: "10.00", sku: "NO-SUCH-SKU" }], refunds: [],
  });
  const post = (signature: string) =>
    request.post(`${s.api_url}/shops/garden-${run}/orders`, {
      headers: { "Content-Type": "application/json", "X-WC-Webhook-Topic": "order.created", "X-WC-Webhook-Signature": signature, "X-WC-Webhook-Delivery-ID": `d-${run}` },
      data: order,
    });
  expect((await post(createHmac("sha256", "forged-secret-1234").update(order).digest("base64"))).status()).toBe(401);
  const unknown = await post(createHmac("sha256", secret).update(order).digest("base64"));
  expect(unknown.status()).toBe(400);
  await page.reload();
  await expect(page.getByRole("table", { name: `Deliveries from Garden ${run} that could not be taken` })).toContainText("product NO-SUCH-SKU does not exist");

  const hooks = page.getByRole("form", { name: "Subscribe an endpoint" });
  await hooks.getByRole("textbox", { name: "Endpoint URL" }).fill(`http://127.0.0.1:${port}/crm-${run}`);
  await expect(async () => {
    await hooks.getByRole("combobox", { name: "Events" }).click();
    await page.getByRole("option", { name: "CaseOpened", exact: true }).click({ timeout: 2_000 });
  }).toPass();
  await hooks.getByRole("button", { name: "Subscribe" }).click();
  const hookSecret = (await hooks.getByRole("status").locator("code").textContent()) ?? "";
  await check(page, "integrations");

  const customers = (await (await request.get(`${s.api_url}/customers?limit=1`, await asUser(page))).json()) as { items: { customer_id: string }[] };
  const opened = await request.post(`${s.api_url}/cases`, {
    ...(await asUser(page)),
    data: { customer_id: customers.items[0]?.customer_id, subject: `Webhook ${run}`, channel: "email", category: "question" },
  });
  expect(opened.status()).toBe(201);
  const caseId = ((await opened.json()) as { case_id: string }).case_id;
  await expect.poll(() => got.filter((d) => d.body.includes(caseId)).length, { timeout: 30_000 }).toBe(1);
  const delivery = got.find((d) => d.body.includes(caseId));
  const [t, v1] = String(delivery?.headers["x-crm-signature"]).split(",").map((p) => p.split("=")[1]);
  expect(createHmac("sha256", hookSecret).update(`${t}.${delivery?.body}`).digest("hex")).toBe(v1);
  expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(300);
  server.close();

  await page.reload();
  const row = page.getByRole("row", { name: new RegExp(`crm-${run}`) });
  await row.getByRole("button", { name: "Deliveries" }).click();
  const log = page.getByRole("table", { name: `Deliveries to http://127.0.0.1:${port}/crm-${run}` });
  await expect(log.getByRole("row", { name: /CaseOpened delivered · 204 · attempt 1/ })).toHaveCount(1);
  await page.setViewportSize({ width: 375, height: 800 });
  await check(page, "integrations-375");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
