import { expect, test } from "@playwright/test";

import { asUser, check, signIn, stack } from "./stack";

const s = stack();

interface Figures {
  lifecycle_stage: string | null;
  best_channel: string | null;
  channels: { channel: string; inbound_share: string; response_rate: string | null }[];
}

const STAGES: Record<string, string> = {
  lead: "Lead",
  first_purchase: "First purchase",
  repeat: "Repeat customer",
  loyal: "Loyal",
  at_risk: "At risk",
  lost: "Lost",
};
const CHANNELS: Record<string, string> = { email: "Email", sms: "SMS", phone: "Phone", chat: "Chat", in_person: "In person" };
const pct = (v: string | null) => (v == null ? "–" : `${Math.round(Number(v) * 100)} %`);

test("sales reads a customer's lifecycle stage and channels in the 360, then logs a call they made", async ({ page, request }) => {
  test.setTimeout(360_000);
  await signIn(page, s, "sales");
  const auth = await asUser(page);
  // a demo customer the stack's first analytics run gave figures (it may still be going: wait for it)
  const figuresOf = async (id: string) =>
    ((await (await request.get(`${s.api_url}/customers/${id}/360`, auth)).json()) as { figures: Figures | null }).figures;
  let found: { customer_id: string; name: string } | undefined;
  await expect
    .poll(
      async () => {
        const listed = await request.get(`${s.api_url}/customers?limit=25`, auth);
        for (const c of ((await listed.json()) as { items: { customer_id: string; name: string }[] }).items) {
          const f = await figuresOf(c.customer_id);
          if (f?.best_channel && f.lifecycle_stage) {
            found = c;
            return true;
          }
        }
        return false;
      },
      { timeout: 300_000, intervals: [5_000] },
    )
    .toBe(true);
  const id = found?.customer_id ?? "";
  const f = (await figuresOf(id)) as Figures;
  const first = found;

  await page.goto(`${s.console_url}/customers/${id}`);
  await expect(page.getByRole("heading", { name: first?.name ?? "", level: 1 })).toBeVisible();
  await expect(page.getByText(`Lifecycle stage: ${STAGES[f.lifecycle_stage ?? ""] ?? ""}`)).toBeVisible();
  await expect(page.getByText(`Best channel to reach them: ${CHANNELS[f.best_channel ?? ""] ?? ""}`)).toBeVisible();
  const mix = page.getByRole("table", { name: "How they use each channel (last 365 days)" });
  for (const c of f.channels) {
    await expect(mix.getByRole("row", { name: `${CHANNELS[c.channel] ?? ""} ${pct(c.inbound_share)} ${pct(c.response_rate)}` })).toBeVisible();
  }
  await check(page, "customer-360-channels");

  const said = `Called about the spring reorder ${Date.now()}`;
  await expect(async () => {
    await page.getByRole("combobox", { name: "What to record" }).click();
    await page.getByRole("option", { name: "Call", exact: true }).click({ timeout: 2000 });
    await expect(page.getByRole("combobox", { name: "What to record" })).toHaveValue("Call");
  }).toPass({ timeout: 20_000 });
  await page.getByRole("radio", { name: "We contacted the customer" }).check();
  await page.getByLabel("Note").fill(said);
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByRole("status")).toHaveText("Note saved.");
  await expect(page.getByText(said)).toBeVisible();
  const timeline = (await (await request.get(`${s.api_url}/customers/${id}/timeline?limit=5`, auth)).json()) as {
    items: { summary: string; kind: string; channel: string | null; direction: string | null }[];
  };
  const logged = timeline.items.find((e) => e.summary === said);
  expect([logged?.kind, logged?.channel, logged?.direction]).toEqual(["call", "phone", "outbound"]);
});
