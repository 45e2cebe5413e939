import { readFileSync } from "node:fs";

import { expect, test, type Page } from "@playwright/test";

import { asUser, check, signIn, stack } from "./stack";

const s = stack();

async function portalSignIn(page: Page) {
  await page.goto(`${s.console_url}/me/signin`);
  await expect(page.getByRole("heading", { name: "Customer portal: sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(s.users["customer"] ?? "");
  await page.locator("input[autocomplete=current-password]").fill(s.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "My orders" })).toBeVisible();
}

test("a customer signs in to the portal, opens a case, follows the answer, manages newsletters and downloads their data", async ({ page, browser, request }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await portalSignIn(page);
  await expect(page.getByRole("table")).toBeVisible(); // the demo customer has orders, with invoices
  await check(page, "me-orders");

  await page.getByRole("button", { name: "Navigation" }).click();
  await page.getByRole("link", { name: "My cases" }).click();
  const subject = `Filter does not fit ${Date.now()}`;
  const form = page.getByRole("form", { name: "Ask us something" });
  await form.getByLabel("Subject").fill(subject);
  await form.getByLabel("What happened?").fill("The new filter is 2 mm too wide.");
  await form.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("We have your case and will answer soon.")).toBeVisible();
  await check(page, "me-cases");
  await page.getByRole("link", { name: subject }).click();
  await page.waitForURL(/\/me\/cases\/[\w-]+$/);
  const caseId = page.url().split("/").pop() ?? "";

  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, s, "agent");
  const agent = await asUser(staff);
  for (const [path, data] of [
    ["comments", { body: "Internal: wrong batch?", public: false }],
    ["comments", { body: "Could you send the filter's part number?", public: true }],
    ["status", { status: "pending" }],
  ] as const) {
    expect((await request.post(`${s.api_url}/cases/${caseId}/${path}`, { ...agent, data })).ok()).toBe(true);
  }
  await page.reload();
  const talk = page.getByRole("region", { name: "Conversation" });
  await expect(talk).toContainText("Could you send the filter's part number?");
  await expect(talk).not.toContainText("Internal"); // internal notes stay inside
  await expect(page.getByText("waiting for you")).toBeVisible();
  await page.getByLabel("Your reply").fill("It is FX-200.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(talk).toContainText("It is FX-200.");
  await expect(page.getByText("in progress")).toBeVisible(); // the reply opened the case again
  await check(page, "me-case");

  await page.goto(`${s.console_url}/me/chat`);
  const chat = page.getByRole("log");
  await page.getByLabel("Your message").fill("When are you open");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(chat).toContainText("Assistant: We are open");
  await page.getByLabel("Your message").fill("I want to speak to someone");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("A colleague takes over; they see what we talked about.")).toBeVisible();
  await check(page, "me-chat");

  await page.goto(`${s.console_url}/me/help`);
  await page.getByRole("textbox", { name: "Search the help" }).fill("return a wrong delivery");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Returning a wrong or damaged delivery" }).click(); // a demo article
  await expect(page.getByText("Report a wrong or damaged delivery within 14 days.", { exact: false })).toBeVisible();
  await page.getByRole("button", { name: "Yes" }).click();
  await expect(page.getByText("Thank you for the feedback.")).toBeVisible();
  await check(page, "me-help");

  await page.goto(`${s.console_url}/me/settings`);
  const lists = page.getByRole("region", { name: /Newsletters to/ });
  const first = lists.getByRole("switch").first();
  const was = await first.isChecked();
  await first.click(); // saved at once: the switch follows the answer
  await expect(first).toBeChecked({ checked: !was });
  await page.reload();
  await expect(page.getByRole("region", { name: /Newsletters to/ }).getByRole("switch").first()).toBeChecked({ checked: !was });
  const consent = page.getByRole("region", { name: "Marketing by" });
  await consent.getByRole("switch", { name: "Email" }).setChecked(true);
  await consent.getByRole("button", { name: "Save my choice" }).click();
  await expect(consent.getByText("Saved.")).toBeVisible();
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download my data" }).click();
  const file = await (await downloading).path();
  const data = JSON.parse(readFileSync(file, "utf8")) as { customer_id: string; cases: { subject: string }[] };
  expect(data.cases.map((c) => c.subject)).toContain(subject);
  await check(page, "me-settings");

  const others = await request.get(`${s.api_url}/cases?status=open&limit=20`, agent);
  const foreign = ((await others.json()) as { items: { case_id: string; customer_id: string }[] }).items.find((c) => c.customer_id !== data.customer_id);
  if (foreign) {
    await page.goto(`${s.console_url}/me/cases/${foreign.case_id}`);
    await expect(page.getByRole("alert")).toHaveText("Not found."); // another customer's case: as if absent
  }
});
