import { expect, test } from "@playwright/test";
import { E2E_OPERATORS } from "./support/operators";
import { signIn, signOut } from "./support/sign-in";
import { fixtures, record } from "./support/claim";
import { awaitRoomInWindow } from "../test/support/rate-window";

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

  test("keyboard only: tab to the fields, type, Enter; the focused elements are visibly outlined", async ({ page }) => {
    await page.goto("/sign-in?callbackUrl=%2Fdashboard%2Fsettings");
    await page.keyboard.press("Tab");
    while (!(await page.getByLabel("Email").evaluate((el) => el === document.activeElement))) await page.keyboard.press("Tab");
    await page.keyboard.type(E2E_OPERATORS.operator.email);
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Password")).toBeFocused();
    const outline = await page.getByLabel("Password").evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe("solid");
    await page.keyboard.type(E2E_OPERATORS.operator.password);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboard\/settings$/);
    await expect(page.getByTestId("member-role")).toHaveText("operator");
  });

  test("the sign-in page is not an open redirect", async ({ page }) => {
    await page.goto("/sign-in?callbackUrl=" + encodeURIComponent("https://evil.example/steal"));
    await page.getByLabel("Email").fill(E2E_OPERATORS.viewer.email);
    await page.getByLabel("Password").fill(E2E_OPERATORS.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/);
  });
});

test.describe("sign-in limits and session lifetime", () => {
  test("too many attempts for one email are refused with a wait, even with the right password", async ({ page }) => {
    const who = E2E_OPERATORS.rateLimited;
    // The limit counts per 15 clock minutes: the attempts and the last sign-in must share a window.
    test.setTimeout(60_000);
    await awaitRoomInWindow(15 * 60, 20_000);
    // Most attempts straight at next-auth's endpoint (what the form posts), the last through the form.
    for (let i = 0; i < 15; i++) {
      const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
      const res = await page.request.post("/api/auth/callback/credentials", {
        form: { email: who.email, password: `wrong-password-${i}`, csrfToken, json: "true" },
      });
      const { url } = (await res.json()) as { url: string };
      if (new URL(url).searchParams.get("error")?.startsWith("RateLimited")) break;
    }
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#sign-in-error")).toHaveText(/^Too many sign-in attempts\. Try again in (1[0-5]|[1-9]) minutes?\.$/);
    await page.goto("/dashboard/settings");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a session ends SESSION_MAX_AGE_SECONDS after sign-in, however the cookie's own expiry reads", async ({ page, context }) => {
    const { decode, encode } = await import("next-auth/jwt");
    await signIn(page, E2E_OPERATORS.viewer);
    await expect(page.getByTestId("member-role")).toHaveText("viewer");
    const cookie = (await context.cookies()).find((c) => c.name === "next-auth.session-token");
    expect(cookie).toBeDefined();
    const secret = fixtures().sessionSecret;
    const token = await decode({ token: cookie!.value, secret });
    expect(token?.signedInAt).toBeGreaterThan(Date.now() - 60_000);

    // The same session, signed in 12 h + 1 min ago, re-sealed with a fresh JWT expiry.
    const aged = await encode({ token: { ...token!, signedInAt: Date.now() - (12 * 3600 + 60) * 1000 }, secret, maxAge: 3600 });
    await context.addCookies([{ ...cookie!, value: aged }]);
    await page.goto("/dashboard/settings");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard%2Fsettings&error=SessionExpired$/);
    await expect(page.locator("#sign-in-error")).toHaveText("Your session has ended. Sign in again to continue.");

    // A cookie sealed with another secret is no session at all.
    const forged = await encode({ token: { ...token!, signedInAt: Date.now() }, secret: "not-the-server-secret-0123456789abcdef", maxAge: 3600 });
    await context.addCookies([{ ...cookie!, value: forged }]);
    await page.goto("/dashboard/settings");
    await expect(page).toHaveURL(/\/sign-in/);

    // Control: the original cookie still works.
    await context.addCookies([cookie!]);
    await page.goto("/dashboard/settings");
    await expect(page.getByTestId("member-role")).toHaveText("viewer");
  });
});
