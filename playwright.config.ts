import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = process.env.E2E_PORT ?? "3917";
export const moneyPort = process.env.E2E_MONEY_PORT ?? "3918";
// Debian's Chromium where it is installed (CI installs it; Playwright cannot download browsers on
// offline machines); otherwise Playwright's own browser, for machines that have it.
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "test-results/e2e-report" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: systemChromium
      ? {
          executablePath: systemChromium,
          args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        }
      : {},
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
    // The claim page's target: a small phone (375×667, touch), as well as a desktop.
    { name: "mobile", use: { ...devices["Pixel 7"], viewport: { width: 375, height: 667 } } },
  ],
  webServer: [
    {
      command: "node scripts/e2e-server.mjs",
      url: `http://127.0.0.1:${port}/api/openapi.json`,
      // A build when sources changed, seeding a fresh embedded database, then `next start`.
      timeout: 420_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: { E2E_PORT: port },
    },
    {
      // A second server whose in-process payout worker and webhook delivery run, for the spec that
      // follows the money from a browser claim to a verified settlement.created (e2e/money.spec.ts).
      // It waits for the first one's build (same folder) by starting after it.
      command: "node scripts/e2e-server.mjs",
      url: `http://127.0.0.1:${moneyPort}/api/openapi.json`,
      timeout: 420_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        E2E_PORT: moneyPort,
        E2E_FIXTURES: "test-results/e2e-money-fixtures.json",
        E2E_SERVER_LOG: "test-results/e2e-money-server.log",
        E2E_PAYOUT_WORKER: "on",
        SANDBOX_SETTLEMENT_DELAY_MS: "1000",
        PAYOUT_POLL_INTERVAL_MS: "200",
        WEBHOOK_POLL_INTERVAL_MS: "200",
        ALLOW_PRIVATE_WEBHOOK_URLS: "true",
      },
    },
  ],
});
