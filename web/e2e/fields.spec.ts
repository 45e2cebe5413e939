import { expect, test } from "@playwright/test";

import { asUser, check, signIn, stack } from "./stack";

const s = stack();

test("an admin adds a contract-end date and a region to customers; sales fills them in and reads them in the 360", async ({ browser, page, request }) => {
  const run = Date.now() % 100000;
  await signIn(page, s, "admin");
  await page.getByRole("link", { name: "Custom fields" }).click();
  await expect(page.getByRole("heading", { name: "Custom fields", level: 1 })).toBeVisible();
  const add = page.getByRole("form", { name: "New field" });

  await add.getByRole("textbox", { name: "Key" }).fill(`contract_end_${run}`);
  await expect(async () => {
    await add.getByRole("combobox", { name: "Type" }).click();
    await page.getByRole("option", { name: "Date", exact: true }).click({ timeout: 2_000 });
  }).toPass();
  await add.getByRole("textbox", { name: "Label (English)" }).fill(`Contract end ${run}`);
  await add.getByRole("textbox", { name: "Label (Polish)" }).fill(`Koniec umowy ${run}`);
  await add.getByRole("button", { name: "Add field" }).click();
  const list = page.getByRole("table", { name: "Defined fields" });
  await expect(list.getByRole("row", { name: new RegExp(`Contract end ${run} contract_end_${run} Date`) })).toBeVisible();

  await add.getByRole("textbox", { name: "Key" }).fill(`region_${run}`);
  await expect(async () => {
    await add.getByRole("combobox", { name: "Type" }).click();
    await page.getByRole("option", { name: "One of a list", exact: true }).click({ timeout: 2_000 });
  }).toPass();
  await add.getByRole("textbox", { name: "Label (English)" }).fill(`Region ${run}`);
  await add.getByRole("textbox", { name: "Options" }).fill("north = North\nsouth = South");
  await add.getByRole("checkbox", { name: "Filterable" }).check();
  await add.getByRole("button", { name: "Add field" }).click();
  await expect(list.getByRole("row", { name: new RegExp(`Region ${run} region_${run} One of a list Filterable`) })).toBeVisible();
  await add.getByRole("textbox", { name: "Key" }).fill(`Bad Key ${run}`); // the API's rule, shown at the field
  await add.getByRole("textbox", { name: "Label (English)" }).fill("Bad");
  await add.getByRole("button", { name: "Add field" }).click();
  await expect(add.getByRole("textbox", { name: "Key" })).toHaveAttribute("aria-invalid", "true");
  await check(page, "custom-fields");
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  const sales = await (await browser.newContext()).newPage();
  await signIn(sales, s, "sales");
  await sales.getByRole("link", { name: "New customer" }).click();
  await expect(sales.getByRole("heading", { name: "New customer" })).toBeVisible();
  const name = `Custom Fields ${run} GmbH`;
  await sales.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await sales.getByLabel(`Contract end ${run}`).fill("2027-03-31");
  await expect(async () => {
    await sales.getByRole("combobox", { name: `Region ${run}` }).click();
    await sales.getByRole("option", { name: "North", exact: true }).click({ timeout: 2_000 });
  }).toPass();
  await sales.getByRole("button", { name: "Create customer" }).click();
  await expect(sales.getByRole("heading", { name, level: 1 })).toBeVisible();
  const values = sales.getByRole("table", { name: "Custom fields" });
  await expect(values.getByRole("row", { name: `Contract end ${run} 2027-03-31` })).toBeVisible();
  await expect(values.getByRole("row", { name: `Region ${run} North` })).toBeVisible();
  await check(sales, "customer-360-custom-fields");

  // the API holds the typed values, and the filterable one finds the customer through the index
  const id = sales.url().split("/customers/")[1] ?? "";
  const saved = (await (await request.get(`${s.api_url}/customers/${id}`, await asUser(sales))).json()) as { custom: Record<string, unknown> };
  expect(saved.custom).toEqual({ [`contract_end_${run}`]: "2027-03-31", [`region_${run}`]: "north" });
  await expect
    .poll(async () => {
      const found = await request.get(`${s.api_url}/settings/fields/customer/region_${run}/records?value=north`, await asUser(sales));
      return ((await found.json()) as { items: { record_id: string }[] }).items.map((m) => m.record_id);
    }, { timeout: 30_000 })
    .toEqual([id]);

  // an edit changes one value and clears the other
  await sales.getByRole("button", { name: "Edit" }).click();
  await sales.getByLabel(`Contract end ${run}`).fill("");
  await expect(async () => {
    await sales.getByRole("combobox", { name: `Region ${run}` }).click();
    await sales.getByRole("option", { name: "South", exact: true }).click({ timeout: 2_000 });
  }).toPass();
  await sales.getByRole("button", { name: "Save changes" }).click();
  await expect(values.getByRole("row", { name: `Region ${run} South` })).toBeVisible();
  await expect(values.getByRole("row", { name: new RegExp(`Contract end ${run}`) })).toHaveCount(0);
});
