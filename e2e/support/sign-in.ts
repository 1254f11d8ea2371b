import { expect, type Page } from "@playwright/test";
import { E2E_OPERATORS, type E2EOperator } from "./operators";

/**
 * Signs `who` (the e2e organisation's admin by default) in through the real sign-in form, then
 * waits until the browser has left the sign-in page. `callbackUrl` is where to land (default
 * /dashboard/settings, a page every member may open).
 */
export async function signIn(page: Page, who: E2EOperator = E2E_OPERATORS.admin, options: { callbackUrl?: string } = {}) {
  const callbackUrl = options.callbackUrl ?? "/dashboard/settings";
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Signs out through the dashboard's own button. */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}
