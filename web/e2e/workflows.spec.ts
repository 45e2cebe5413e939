import { createHmac } from "node:crypto";

import { expect, test } from "@playwright/test";

import { asUser, check, receiver, signIn, stack, today } from "./stack";

const s = stack();

test("an admin publishes 'won deal' from a template; a won opportunity gives its owner a task, the customer an email and a receiver a signed call", async ({ page, request }) => {
  const run = Date.now() % 100000;
  const { got, port, server } = await receiver();

  await signIn(page, s, "admin");
  const admin = await asUser(page);
  const hook = await request.post(`${s.api_url}/settings/webhooks`, { ...admin, data: { url: `http://127.0.0.1:${port}/erp-${run}`, events: ["CaseOpened"] } });
  expect(hook.status()).toBe(201);
  const { webhook, secret } = (await hook.json()) as { webhook: { webhook_id: string }; secret: string };
  const template = await request.put(`${s.api_url}/message-templates/deal_won/en`, { ...admin, data: { subject: "Thank you, {name}", text: "Your order is in good hands." } });
  expect(template.status()).toBe(200);

  await page.getByRole("link", { name: "Workflows" }).click();
  await expect(page.getByRole("heading", { name: "Workflows", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "New workflow from a template" });
  await expect(async () => {
    await form.getByRole("combobox", { name: "Template" }).click();
    await page.getByRole("option", { name: "Won deal: hand-over task and thank-you email" }).click({ timeout: 2_000 });
  }).toPass();
  await form.getByRole("textbox", { name: "Name" }).fill(`Won ${run}`);
  await form.getByRole("button", { name: "Create draft" }).click();

  const editor = page.getByRole("region", { name: `Draft of Won ${run}` });
  await expect(editor.getByRole("region", { name: "In words" })).toContainText("When OpportunityWon");
  const definition = editor.getByRole("textbox", { name: "Definition (JSON)" });
  const draft = JSON.parse(await definition.inputValue()) as { conditions: unknown[]; steps: unknown[] };
  draft.conditions = [{ field: "customer.name", op: "eq", value: `Won Deal ${run} GmbH` }]; // this test's customer only
  draft.steps.push({ type: "webhook", webhook_id: "no-such-hook" });
  await definition.fill(JSON.stringify(draft, null, 2));
  await editor.getByRole("button", { name: "Save draft" }).click();
  await editor.getByRole("button", { name: "Publish" }).click();
  await expect(editor.getByRole("alert")).toContainText("definition.steps.2.webhook_id: unknown webhook");
  draft.steps[2] = { type: "webhook", webhook_id: webhook.webhook_id };
  await definition.fill(JSON.stringify(draft, null, 2));
  const words = editor.getByRole("region", { name: "In words" });
  await expect(words).toContainText(`Signed call to webhook ${webhook.webhook_id}`);
  await expect(words).toContainText(`Only if customer.name eq "Won Deal ${run} GmbH"`);
  await editor.getByRole("button", { name: "Save draft" }).click();
  await editor.getByRole("button", { name: "Publish" }).click();
  const row = page.getByRole("table", { name: "Workflows" }).getByRole("row", { name: new RegExp(`Won ${run}`) });
  await expect(row).toContainText("Published revision 1");
  await check(page, "workflows");

  const sales = await request.post(`${s.api_url}/customers?force=true`, {
    ...admin,
    data: { kind: "company", name: `Won Deal ${run} GmbH`, emails: [`buyer.${run}@won.example`], owner: s.users.sales, address: { country: "DE" } },
  });
  const customerId = ((await sales.json()) as { customer_id: string }).customer_id;
  const close = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
  const opened = await request.post(`${s.api_url}/opportunities`, {
    ...admin,
    data: { name: `Line ${run}`, customer_id: customerId, amount: "48000", currency: "EUR", expected_close: close, owner: s.users.sales },
  });
  const opportunityId = ((await opened.json()) as { opportunity_id: string }).opportunity_id;
  const won = await request.patch(`${s.api_url}/opportunities/${opportunityId}`, { ...admin, data: { stage: "closed_won", close_reason: "price" } });
  expect(won.status()).toBe(200);

  await expect.poll(() => got.filter((d) => d.body.includes(opportunityId)).length, { timeout: 60_000 }).toBe(1);
  const call = got.find((d) => d.body.includes(opportunityId));
  const [t, v1] = String(call?.headers["x-crm-signature"]).split(",").map((p) => p.split("=")[1]);
  expect(createHmac("sha256", secret).update(`${t}.${call?.body}`).digest("hex")).toBe(v1);
  expect(JSON.parse(call?.body ?? "{}").type).toBe("WorkflowStep");
  server.close();

  await row.getByRole("button", { name: `Runs of Won ${run}` }).click();
  const runs = page.getByRole("table", { name: `Runs of Won ${run}` });
  await expect(runs.getByRole("row", { name: new RegExp(`OpportunityWon.*opportunity ${opportunityId}.*succeeded`) })).toBeVisible({ timeout: 20_000 });
  await runs.getByRole("button", { name: /Steps of the run started/ }).first().click();
  const steps = page.getByRole("table", { name: "Steps of the run" });
  await expect(steps.getByRole("row", { name: /0 · create_task done task \S+ for sales@crm\.local/ })).toBeVisible();
  await expect(steps.getByRole("row", { name: /1 · send_email done sent/ })).toBeVisible();
  await expect(steps.getByRole("row", { name: /2 · webhook done delivered: HTTP 204/ })).toBeVisible();
  await page.setViewportSize({ width: 375, height: 800 });
  await check(page, "workflows-375");

  await signIn(page, s, "sales");
  await page.goto(`${s.console_url}/customers/${customerId}`);
  await expect(page.getByText(`Email sent: Thank you, Won Deal ${run} GmbH`)).toBeVisible();
  const calendar = await request.get(`${s.api_url}/calendar?from=${today()}&to=${close}`, await asUser(page));
  const tasks = JSON.stringify(await calendar.json());
  expect(tasks).toContain(`Hand over Line ${run} to delivery`);
  const listed = (await (await request.get(`${s.api_url}/workflows`, admin)).json()) as { items: { workflow_id: string; name: string; version: number }[] };
  const mine = listed.items.find((w) => w.name === `Won ${run}`);
  const off = await request.post(`${s.api_url}/workflows/${mine?.workflow_id}/disable`, { headers: { ...admin.headers, "If-Match": `"${mine?.version}"` } });
  expect(off.status()).toBe(200);
});
