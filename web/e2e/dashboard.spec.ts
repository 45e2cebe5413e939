import { readFileSync } from "node:fs";

import { expect, type Page, test } from "@playwright/test";

import { asUser, check, signIn, stack } from "./stack";

const s = stack();

interface Board {
  runs: Record<string, string | null>;
  tables: {
    segments: { segment: string; now: number; before: number; revenue: number }[];
    at_risk_customers: { customer_id: string; name: string }[];
    basket_rules: { antecedent: string; consequent: string; orders_both: number }[];
    rfm_grid: { r_score: number; fm_score: number; segment: string; customers: number }[];
    price_effects: { sku: string; uplift: number | null }[];
    campaign_uplift: { name: string; mailed: number; holdout: number }[];
  };
}

test("a manager reads the dashboard: each figure names its run, its numbers and CSV a click away, and an at-risk customer opens the 360", async ({ page, request }) => {
  test.setTimeout(360_000);
  await signIn(page, s, "manager");
  const auth = await asUser(page);
  // the stack's first analytics run (and its reports) may still be going: the dashboard appears when it is done
  await expect.poll(async () => (await request.get(`${s.api_url}/analytics/dashboard`, auth)).status(), { timeout: 300_000 }).toBe(200);
  const board = (await (await request.get(`${s.api_url}/analytics/dashboard`, auth)).json()) as Board;
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  const segments = page.getByRole("region", { name: "Customers per RFM segment, now and a period ago" });
  await expect(segments.getByText(`From the job run of ${board.runs["rfm"] ?? ""}`)).toBeVisible();
  await expect(segments.locator(".recharts-surface")).toBeVisible();
  await check(page, "dashboard");
  await segments.getByRole("button", { name: "Numbers" }).click();
  const first = board.tables.segments[0];
  await expect(segments.getByRole("row", { name: new RegExp(`^${first?.segment ?? ""} ${first?.now ?? ""} `) })).toBeVisible();
  const saved = page.waitForEvent("download");
  await segments.getByRole("button", { name: "Download CSV" }).click();
  const csv = readFileSync((await (await saved).path()) ?? "", "utf8").split("\r\n");
  expect(csv[0]).toBe("segment,now,before,revenue");
  expect(csv).toContain(`${first?.segment ?? ""},${first?.now ?? ""},${first?.before ?? ""},${first?.revenue ?? ""}`);
  const activity = page.getByRole("region", { name: /^Done activities per rep, \d{4}-W\d{2}$/ });
  await expect(activity).toBeVisible(); // last week's, from the API's weekly activity index
  await expect(activity.getByText("Live from the tasks marked done that week")).toBeVisible();
  await insights(page, board);
  const atRisk = page.getByRole("region", { name: "High-value customers at risk of churning" });
  const someone = board.tables.at_risk_customers[0];
  if (someone) {
    await atRisk.getByRole("link", { name: someone.name || someone.customer_id }).click();
    await expect(page.getByRole("heading", { name: someone.name, level: 1 })).toBeVisible();
  } else {
    await expect(atRisk.getByText("Nothing in this run.")).toBeVisible();
  }
});

/** Seasonality, basket rules, price-cut intervals and campaign uplift, as the jobs computed them. */
async function insights(page: Page, board: Board) {
  const grid = page.getByRole("table", { name: "Customers by recency score and frequency-spend score" });
  const biggest = [...board.tables.rfm_grid].sort((a, b) => b.customers - a.customers)[0];
  expect(biggest).toBeDefined();
  const row = grid.getByRole("row", { name: new RegExp(`^R ${biggest?.r_score ?? ""} `) });
  const cell = row.getByRole("cell").nth((biggest?.fm_score ?? 1) - 1);
  await expect(cell.locator("p")).toHaveText([biggest?.segment ?? "", String(biggest?.customers ?? ""), /^[\d,.]+ EUR$/]);
  const season = page.getByRole("region", { name: "Seasonal index per calendar month (1 = an average month)" });
  await expect(season.getByText(`From the job run of ${board.runs["seasonality"] ?? ""}`)).toBeVisible();
  await expect(season.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const rules = page.getByRole("region", { name: "Strongest basket rules (bought together more than by chance)" });
  const rule = board.tables.basket_rules[0];
  expect(rule).toBeDefined();
  await expect(rules.getByRole("row", { name: new RegExp(`^${rule?.antecedent ?? ""} ${rule?.consequent ?? ""} ${rule?.orders_both ?? ""} `) })).toBeVisible();
  const price = page.getByRole("region", { name: /^Price cuts: sales uplift/ });
  const measured = board.tables.price_effects.filter((p) => p.uplift !== null).length;
  expect(measured).toBeGreaterThan(0);
  await expect(price.locator(".recharts-errorBar")).toHaveCount(measured); // each bar carries its 95 % interval
  const campaigns = page.getByRole("region", { name: "Campaign conversion: mailed vs holdout" });
  await campaigns.getByRole("button", { name: "Numbers" }).click();
  const spring = board.tables.campaign_uplift.find((c) => c.name === "Spring offer");
  await expect(campaigns.getByRole("row", { name: new RegExp(`^Spring offer ${spring?.mailed ?? "-"} ${spring?.holdout ?? "-"} `) })).toBeVisible();
  await check(page, "dashboard-insights");
}
