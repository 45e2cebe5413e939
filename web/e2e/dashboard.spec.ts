import { readFileSync } from "node:fs";

import { expect, test } from "@playwright/test";

import { asUser, check, signIn, stack } from "./stack";

const s = stack();

interface Board {
  runs: Record<string, string | null>;
  tables: { segments: { segment: string; now: number }[]; at_risk_customers: { customer_id: string; name: string }[] };
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
  expect(csv[0]).toBe("segment,now,before");
  expect(csv).toContain(`${first?.segment ?? ""},${first?.now ?? ""},${String((first as { before?: number } | undefined)?.before ?? "")}`);
  const activity = page.getByRole("region", { name: /^Done activities per rep, \d{4}-W\d{2}$/ });
  await expect(activity).toBeVisible(); // last week's, from the API's weekly activity index
  await expect(activity.getByText("Live from the tasks marked done that week")).toBeVisible();
  const atRisk = page.getByRole("region", { name: "High-value customers at risk of churning" });
  const someone = board.tables.at_risk_customers[0];
  if (someone) {
    await atRisk.getByRole("link", { name: someone.name || someone.customer_id }).click();
    await expect(page.getByRole("heading", { name: someone.name, level: 1 })).toBeVisible();
  } else {
    await expect(atRisk.getByText("Nothing in this run.")).toBeVisible();
  }
});
