import { expect, test } from "@playwright/test";

import { check, signIn, stack } from "./stack";

const s = stack();

test("an admin creates a sales user, who signs in with the one-time password, sets their own and gets to work", async ({ page }) => {
  await signIn(page, s, "admin");
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await expect(page.getByRole("cell", { name: s.users["sales"] ?? "" })).toBeVisible(); // the pool's users are listed
  const email = `new.rep.${Date.now()}@crm.example`;
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create user" }).click();
  const created = page.getByRole("status");
  await expect(created).toContainText(`${email} can sign in now`);
  const oneTime = (await created.locator("code").textContent()) ?? "";
  expect(oneTime).toMatch(/^[A-Za-z0-9]{16}$/);
  await check(page, "users");
  await expect(page.getByRole("row", { name: new RegExp(email.replace(/\./g, "\\.")) })).toContainText("Must set a password");
  await page.getByRole("button", { name: "Sign out" }).click();

  await page.getByLabel("Email").fill(email);
  await page.locator("input[autocomplete=current-password]").fill(oneTime);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("This was a one-time password. Choose your own to go on.")).toBeVisible();
  await page.locator("input[autocomplete=new-password]").fill("lowercase-only-2026"); // no capital letter
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The user pool refuses this password");
  await page.locator("input[autocomplete=new-password]").fill("My-own-Passw0rd-2026");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible(); // a sales rep's first screen
  await expect(page.getByText(email)).toBeVisible();
});
