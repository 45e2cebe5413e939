import { expect, test } from "@playwright/test";

import { asUser, check, signIn, someCustomer, stack } from "./stack";
import { workspaceHost } from "./workspace";

const s = stack();

test("inside the agent workspace, an incoming contact pops its verified caller's 360 and open case", async ({ page, request }) => {
  await signIn(page, s, "agent");
  const customer = await someCustomer(page, request, s);
  const opened = await request.post(`${s.api_url}/cases`, {
    ...(await asUser(page)),
    data: { customer_id: customer.customer_id, subject: "Toner arrived damaged", channel: "phone", category: "complaint" },
  });
  const caseId = ((await opened.json()) as { case_id: string }).case_id;
  // the attributes the ACD and IVR hooks set on the call
  const attributes = {
    crm_customer_id: customer.customer_id,
    crm_verified: customer.customer_id,
    crm_open_case_id: caseId,
    crm_vip: "false",
    crm_route_reason: "open case: its owner's queue",
  };
  await page.route(`${s.console_url}/workspace-simulated`, (route) =>
    route.fulfill({ contentType: "text/html", body: workspaceHost(attributes) }),
  );
  await page.goto(`${s.console_url}/workspace-simulated`);
  const app = page.frameLocator('iframe[title="CRM screen pop"]');
  await expect(app.getByText("Waiting for a contact from the agent workspace…")).toBeVisible();
  const contactId = `sim-${Date.now()}`;
  await expect.poll(() => page.evaluate((id) => (window as unknown as { offer(id: string): number }).offer(id), contactId)).toBeGreaterThan(0);
  await expect(app.getByRole("heading", { name: `Contact ${contactId}` })).toBeVisible();
  await expect(app.getByText("Verified by the IVR")).toBeVisible();
  await expect(app.getByText("Routed here: open case: its owner's queue")).toBeVisible();
  await expect(app.getByRole("heading", { name: customer.name, level: 1 })).toBeVisible();
  await expect(app.getByRole("link", { name: "Open case of this customer" })).toHaveAttribute("href", `/cases/${caseId}`);
  await check(page, "screen-pop-workspace");
  await app.getByRole("button", { name: "Plan a callback" }).click();
  await expect(app.getByText("Callback planned in one hour.")).toBeVisible();
});
