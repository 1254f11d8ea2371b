import { expect, test } from "@playwright/test";
import { record } from "./support/claim";
import { E2E_OPERATORS } from "./support/operators";
import { signIn, signOut } from "./support/sign-in";
import { fixtures } from "./support/claim";

test.describe("dashboard sign-in", () => {
  test("a signed-out visitor to the dashboard is sent to sign-in and comes back after signing in", async ({ page }, testInfo) => {
    await page.goto("/dashboard/settings?from=test");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard%2Fsettings%3Ffrom%3Dtest$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in to the dashboard" })).toBeVisible();
    await record(page, testInfo, "sign-in");

    await page.getByLabel("Email").fill(E2E_OPERATORS.admin.email.toUpperCase()); // emails are case-insensitive
    await page.getByLabel("Password").fill(E2E_OPERATORS.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard\/settings\?from=test$/);
    await expect(page.getByTestId("organization-name")).toHaveText(fixtures().organizationName);
    await expect(page.getByTestId("signed-in-user")).toHaveText(E2E_OPERATORS.admin.name);
    await expect(page.getByTestId("member-role")).toHaveText("admin");
    await expect(page.getByText("Sandbox — no real money")).toBeVisible();
    for (const name of ["Overview", "Links", "New link", "Bulk", "Settings"]) {
      await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name, exact: true })).toBeVisible();
    }
  });

  test("a wrong password and an unknown email get the same message, and no session", async ({ page }) => {
    for (const [email, password] of [
      [E2E_OPERATORS.admin.email, "not-the-password-at-all"],
      ["nobody@acme.test", "whatever-password-1"],
    ]) {
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.locator("#sign-in-error")).toHaveText("The email or password is wrong.");
      await expect(page).toHaveURL(/\/sign-in/);
    }
    await page.goto("/dashboard/settings");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  });

  test("sign-out ends the session", async ({ page }) => {
    await signIn(page);
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await signOut(page);
    await page.goto("/dashboard/settings");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard%2Fsettings$/);
  });

  test("signing in without a callbackUrl lands on the dashboard overview", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(E2E_OPERATORS.viewer.email);
    await page.getByLabel("Password").fill(E2E_OPERATORS.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("the sign-in page is not an open redirect", async ({ page }) => {
    await page.goto("/sign-in?callbackUrl=" + encodeURIComponent("https://evil.example/steal"));
    await page.getByLabel("Email").fill(E2E_OPERATORS.viewer.email);
    await page.getByLabel("Password").fill(E2E_OPERATORS.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/);
  });
});
