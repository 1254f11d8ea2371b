// Helpers for the claim-page specs: fixtures written by the e2e server's seed, links created
// through the operator API, the sandbox Link dialog, screenshots and axe scans.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import type { E2EFixtures } from "./fixture-types";

let cached: E2EFixtures | undefined;

/** Read lazily: the file is written by the web server's start-up, after specs are collected. */
export function fixtures(): E2EFixtures {
  cached ??= JSON.parse(readFileSync(process.env.E2E_FIXTURES ?? "test-results/e2e-fixtures.json", "utf8")) as E2EFixtures;
  return cached;
}

export type CreatedLink = { token: string; url: string; path: string; amount: number; description: string };

export async function createLink(request: APIRequestContext, input: { amount?: number; description?: string } = {}): Promise<CreatedLink> {
  const amount = input.amount ?? 25_000;
  const description = input.description ?? "Q3 referral bonus — order #4127";
  const res = await request.post("/treasury/payout-link/generate", {
    headers: { Authorization: `Bearer ${fixtures().apiKey}` },
    data: { amount, currency: "USD", description },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { data } = (await res.json()) as { data: { token: string; url: string } };
  return { token: data.token, url: data.url, path: `/claim/${data.token}`, amount, description };
}

export async function linkStatus(request: APIRequestContext, token: string): Promise<string> {
  const res = await request.get(`/treasury/payout-link/${token}`, { headers: { Authorization: `Bearer ${fixtures().apiKey}` } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: { status: string } }).data.status;
}

export async function fillDetails(page: Page, name = "Alberta Charleson", email = "alberta@example.com") {
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Connect your bank/ })).toBeFocused();
}

/** The sandbox Link dialog, as a claimant goes through it. */
export function sandboxLink(page: Page) {
  const dialog = page.getByRole("dialog");
  return {
    dialog,
    async chooseBank(name = "First Platypus Bank") {
      await expect(dialog.getByRole("heading", { name: "Select your bank" })).toBeVisible();
      await dialog.getByRole("button", { name }).click();
    },
    async logIn(username: string, password: string) {
      await dialog.getByLabel("Username").fill(username);
      await dialog.getByLabel("Password").fill(password);
      await dialog.getByRole("button", { name: "Submit" }).click();
    },
    async chooseAccount(name: RegExp = /Checking/) {
      await expect(dialog.getByRole("heading", { name: "Select an account" })).toBeVisible();
      await dialog.getByRole("radio", { name }).check();
      await dialog.getByRole("button", { name: "Continue" }).click();
      await expect(dialog).toBeHidden();
    },
    async close() {
      await dialog.getByRole("button", { name: "Close" }).click();
      await expect(dialog).toBeHidden();
    },
  };
}

/** From step 2 ("Connect your bank") to the review step, through the sandbox with user_good. */
export async function connectGoodBank(page: Page) {
  await page.getByRole("button", { name: /Connect your bank|Try again/ }).click();
  const link = sandboxLink(page);
  await link.chooseBank();
  await link.logIn("user_good", "pass_good");
  await link.chooseAccount();
  await expect(page.getByRole("heading", { level: 2, name: /Review and submit/ })).toBeFocused();
}

/** test-results/screenshots/<state>-<project>.png: every claim state at both widths. */
export async function screenshot(page: Page, testInfo: TestInfo, state: string) {
  const dir = path.resolve("test-results/screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${state}-${testInfo.project.name}.png`), fullPage: true });
}

/** An axe scan of the page as it is now: no serious or critical violations. */
export async function expectAccessible(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe violations in state "${state}"`,
  ).toEqual([]);
}

/** Screenshot and accessibility scan of one state. */
export async function record(page: Page, testInfo: TestInfo, state: string) {
  await screenshot(page, testInfo, state);
  await expectAccessible(page, state);
}
