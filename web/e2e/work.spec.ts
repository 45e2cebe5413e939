import { expect, test } from "@playwright/test";

import { asUser, check, signIn, someCustomer, stack } from "./stack";

const s = stack();

function tomorrowAt(hour: number): string {
  const d = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test("sales plans a call with a reminder on the calendar and marks it done", async ({ page }) => {
  await signIn(page, s, "sales");
  await page.getByRole("link", { name: "Calendar" }).click();
  await expect(page.getByRole("heading", { name: "Calendar" })).toBeVisible();
  const subject = `Call the buyer ${Date.now()}`;
  await page.getByRole("button", { name: "New task" }).click();
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("When").fill(tomorrowAt(10));
  await page.getByRole("button", { name: "Save task" }).click();
  const reminders = page.getByRole("region", { name: "Reminders" });
  await expect(reminders.getByText(subject)).toBeVisible(); // 15 minutes before, the form's default
  await expect(page.getByRole("button", { name: new RegExp(subject) })).toBeVisible(); // on the week grid
  await check(page, "calendar");
  await page.getByRole("button", { name: new RegExp(subject) }).click();
  await expect(page.getByRole("dialog", { name: subject })).toContainText("Reminder");
  await page.getByLabel("Outcome").fill("Reached, sends the PO on Friday");
  await page.getByRole("button", { name: "Mark done" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(reminders.getByText(subject)).toHaveCount(0); // done: no reminder waits any more
});

test("a manager merges a duplicate into a customer and imports a CSV with a per-row report", async ({ page, request }) => {
  await signIn(page, s, "manager");
  const auth = await asUser(page);
  const stamp = Date.now();
  const make = async (name: string, email: string) =>
    (await (
      await request.post(`${s.api_url}/customers?force=true`, { ...auth, data: { kind: "company", name, emails: [email], address: { country: "DE" } } })
    ).json()) as { customer_id: string };
  const keep = await make(`Mergeable ${stamp} GmbH`, `office.${stamp}@merge.example`);
  const dup = await make(`Mergeable ${stamp} GmbH (old)`, `old.${stamp}@merge.example`);
  await page.goto(`${s.console_url}/customers/${keep.customer_id}`);
  await page.getByRole("button", { name: "Merge a duplicate" }).click();
  await page.getByLabel("Find the duplicate by name").fill(`Mergeable ${stamp}`);
  await page.getByRole("radio", { name: new RegExp(`\\(old\\)`) }).check();
  await check(page, "merge");
  await page.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByText(`Mergeable ${stamp} GmbH (old) was merged into this customer.`)).toBeVisible();
  const gone = await request.get(`${s.api_url}/customers/${dup.customer_id}`, auth);
  expect(gone.status()).toBe(410); // the duplicate now only points at the customer it was merged into
  expect(((await gone.json()) as { message: string }).message).toContain(`merged into ${keep.customer_id}`);
  await page.getByRole("button", { name: "Close" }).first().click();
  await expect(page.getByText(`old.${stamp}@merge.example`)).toBeVisible(); // the duplicate's email is here now

  await page.getByRole("link", { name: "Customers" }).click();
  await page.getByRole("link", { name: "Import customers" }).click();
  const csv = [
    "external_id,name,kind,emails,phones,country",
    `IMP-${stamp}-1,Import One ${stamp},company,one.${stamp}@import.example,,DE`,
    `IMP-${stamp}-2,Import Two ${stamp},company,two.${stamp}@import.example;sales.${stamp}@import.example,,PL`,
    `IMP-${stamp}-3,Import Three ${stamp},company,not-an-email,,DE`,
  ].join("\n");
  await page.locator('input[type="file"]').setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("3 rows: 2 created, 0 updated, 1 rejected.")).toBeVisible();
  const rejected = page.getByRole("table", { name: "Rejected rows" });
  await expect(rejected.getByRole("row")).toHaveCount(2);
  await expect(rejected.getByRole("row").nth(1)).toContainText("emails");
  await check(page, "import");
});

test("an agent messages a customer from the 360: marketing without consent is explained, a service message goes out", async ({ page, request }) => {
  await signIn(page, s, "agent");
  const customer = await someCustomer(page, request, s);
  await page.goto(`${s.console_url}/customers/${customer.customer_id}`);
  await page.getByRole("button", { name: "Send email or SMS" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("combobox", { name: "Template" }).click();
  await page.getByRole("option", { name: /^Following up on our call/ }).click();
  await dialog.getByText("Marketing", { exact: true }).click();
  const consent = dialog.getByRole("note");
  await expect(consent).toBeVisible();
  await check(page, "message");
  await dialog.getByRole("button", { name: "Send" }).click();
  const said = dialog.getByRole("status");
  const refused = (await consent.textContent())?.includes("has not agreed");
  if (refused) await expect(said).toHaveText("Not sent: no marketing consent.");
  else await expect(said).toHaveText(/^Sent: /);
  await dialog.getByText("Service message", { exact: true }).click();
  await dialog.getByLabel("Detail for the template ({detail})").fill("The spare parts ship on Monday.");
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(said).toHaveText(/^Sent: “Following up on our call, /);
});

test("an agent opens a case from the 360, raises its priority and takes it", async ({ page, request }) => {
  await signIn(page, s, "agent");
  const customer = await someCustomer(page, request, s);
  await page.goto(`${s.console_url}/customers/${customer.customer_id}`);
  await page.getByRole("button", { name: "Open a case" }).click();
  await page.getByLabel("Subject").fill(`Printer jams after the update ${Date.now()}`);
  await page.getByRole("button", { name: "Open case", exact: true }).click();
  await expect(page.getByRole("heading", { name: /^Printer jams after the update/ })).toBeVisible();
  await page.getByRole("combobox", { name: "Priority" }).click();
  await page.getByRole("option", { name: "High" }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByText("High", { exact: true }).first()).toBeVisible();
  await check(page, "case-settings");
});
