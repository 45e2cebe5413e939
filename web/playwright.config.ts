import { defineConfig } from "@playwright/test";

/** Runs against a local stack that is already up (the e2e test session starts it and passes its state file in
 * CRM_STATE_FILE); Debian's Chromium, no browser download. */
export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"]],
  outputDir: process.env.CRM_ARTIFACTS ? `${process.env.CRM_ARTIFACTS}/results` : "test-results",
  use: {
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    trace: "off",
  },
});
