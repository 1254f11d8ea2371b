// The claimant's whole journey on /claim/[token] in a real browser, through the built-in sandbox
// bank's Link. Runs in both projects (desktop and a 375×667 phone).
import { expect, test } from "@playwright/test";
import { connectGoodBank, createLink, fillDetails, fixtures, linkStatus, record, sandboxLink } from "./support/claim";

test("a claimant claims a link: details, sandbox Link, review, submit, confirmation, status page", async ({ page, request }, testInfo) => {
  const link = await createLink(request);
  const response = await page.goto(link.path);
  expect(response?.status()).toBe(200);

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Rewards sent you $250.00");
  await expect(page.getByText(link.description)).toBeVisible();
  await expect(page.getByText("Sandbox — no real money").first()).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /Your details/ })).toBeVisible();
  await record(page, testInfo, "pending-details");

  // Step 1 refuses bad input with messages that say what to do, and focuses the first problem.
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Enter your full name.")).toBeVisible();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByLabel("Full name")).toBeFocused();
  await expect(page.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
  await record(page, testInfo, "pending-details-errors");
  await page.getByLabel("Full name").fill("Alberta Charleson");
  await page.getByLabel("Email").fill("alberta at example.com");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByLabel("Email")).toBeFocused();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByText("Enter your full name.")).toHaveCount(0);

  // Step 2 fetches its link token as soon as the claimant reaches it.
  const linkToken = page.waitForResponse((r) => r.url().includes("/link-token"));
  await page.getByLabel("Email").fill("alberta@example.com");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Connect your bank/ })).toBeFocused();
  expect((await linkToken).status()).toBe(200);
  await expect(page.getByRole("button", { name: "Connect your bank" })).toBeEnabled();
  await record(page, testInfo, "pending-bank");

  // The sandbox's Link dialog, like Plaid's.
  await page.getByRole("button", { name: "Connect your bank" }).click();
  const sandbox = sandboxLink(page);
  await sandbox.chooseBank("First Platypus Bank");
  await sandbox.logIn("user_good", "pass_good");
  await sandbox.chooseAccount(/Checking/);

  // Step 3: review shows the bank and only the last four digits.
  await expect(page.getByRole("heading", { level: 2, name: /Review and submit/ })).toBeFocused();
  const review = page.locator(".review-list");
  await expect(review).toContainText("First Platypus Bank");
  await expect(review).toContainText("••••0000");
  await expect(review).toContainText("$250.00");
  await expect(review).toContainText("Alberta Charleson");
  await expect(review).toContainText("alberta@example.com");
  await expect(page.locator("body")).not.toContainText("1111222233330000");
  await record(page, testInfo, "pending-review");

  const submit = page.waitForResponse((r) => r.url().endsWith("/submit"));
  await page.getByRole("button", { name: "Claim $250.00" }).click();
  expect((await submit).status()).toBe(200);
  await expect(page.getByRole("heading", { level: 2, name: "Claimed — $250.00 is on its way" })).toBeFocused();
  await expect(page.getByText("First Platypus Bank")).toBeVisible();
  await record(page, testInfo, "pending-confirmation");
  expect(await linkStatus(request, link.token)).toMatch(/^(claimed|completed)$/);

  // Coming back with the same link: the server-rendered status page.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/\$250\.00 (is on its way|has been paid)/);
  await expect(page.getByRole("list").filter({ hasText: "Claimed" })).toContainText("Payout initiated");
  await expect(page.locator("main")).toContainText("First Platypus Bank");
  await expect(page.locator("main")).toContainText("••••0000");
  expect(await page.content()).not.toContain("1111222233330000");
  await expect(page.getByRole("button", { name: /Claim/ })).toHaveCount(0);
});

test("a second browser on the same link is told it has already been claimed", async ({ page, browser, request }) => {
  const link = await createLink(request);

  // The second claimant has the page open and gets as far as review before the first submits.
  const other = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const second = await other.newPage();
  await second.goto(link.path);
  await fillDetails(second, "Someone Else", "someone@example.com");
  await connectGoodBank(second);

  await page.goto(link.path);
  await fillDetails(page);
  await connectGoodBank(page);
  await page.getByRole("button", { name: "Claim $250.00" }).click();
  await expect(page.getByRole("heading", { name: /is on its way/ })).toBeVisible();

  await second.getByRole("button", { name: "Claim $250.00" }).click();
  await expect(second.getByRole("heading", { level: 2, name: "This link has already been claimed" })).toBeFocused();
  await expect(second.getByRole("button", { name: /Claim/ })).toHaveCount(0);

  // A third browser opening the link now sees the status page and no claim form.
  const third = await other.newPage();
  await third.goto(link.path);
  await expect(third.getByText("This payout from Acme Rewards has been claimed")).toBeVisible();
  await expect(third.getByLabel("Full name")).toHaveCount(0);
  await other.close();
});

test("a failing sandbox password shows the error; the claimant retries and succeeds", async ({ page, request }, testInfo) => {
  const link = await createLink(request);
  await page.goto(link.path);
  await fillDetails(page);
  await page.getByRole("button", { name: "Connect your bank" }).click();

  // Wrong credentials: Link says so and keeps the claimant on its login screen.
  const sandbox = sandboxLink(page);
  await sandbox.chooseBank();
  await sandbox.logIn("user_good", "error_INVALID_CREDENTIALS");
  await expect(sandbox.dialog.getByRole("alert")).toContainText("INVALID_CREDENTIALS");

  // Giving up there: the page explains in its own words and offers to try again.
  await sandbox.close();
  const problem = page.locator(".claim-error");
  await expect(problem).toHaveText("The username or password was not accepted by your bank. Check them and try again.");
  await expect(page.getByRole("button", { name: "Try again" })).toBeFocused();
  await record(page, testInfo, "pending-bank-error");

  // Retrying with the right password works, and the claim goes through.
  await page.getByRole("button", { name: "Try again" }).click();
  await sandbox.chooseBank();
  await sandbox.logIn("user_good", "pass_good");
  await sandbox.chooseAccount();
  await expect(page.getByRole("heading", { level: 2, name: /Review and submit/ })).toBeFocused();
  await page.getByRole("button", { name: "Claim $250.00" }).click();
  await expect(page.getByRole("heading", { name: "Claimed — $250.00 is on its way" })).toBeVisible();
  expect(await linkStatus(request, link.token)).toMatch(/^(claimed|completed)$/);
});

test("a bank that is down ends in a message and a way to try again", async ({ page, request }) => {
  const link = await createLink(request);
  await page.goto(link.path);
  await fillDetails(page);
  await page.getByRole("button", { name: "Connect your bank" }).click();
  const sandbox = sandboxLink(page);
  await sandbox.chooseBank();
  await sandbox.logIn("user_good", "error_INSTITUTION_DOWN");
  await expect(sandbox.dialog.getByRole("alert")).toContainText("INSTITUTION_DOWN");
  await sandbox.close();
  await expect(page.locator(".claim-error")).toHaveText("Your bank isn't responding right now. Try again in a few minutes, or choose another bank.");
  await expect(page.getByRole("button", { name: "Try again" })).toBeEnabled();
  expect(await linkStatus(request, link.token)).toBe("pending");
});

test("closing Link without finishing explains how to continue", async ({ page, request }) => {
  const link = await createLink(request);
  await page.goto(link.path);
  await fillDetails(page);
  await page.getByRole("button", { name: "Connect your bank" }).click();
  const sandbox = sandboxLink(page);
  await sandbox.chooseBank();
  await sandbox.close();
  await expect(page.locator(".claim-error")).toHaveText("You closed the bank connection before it finished. Connect your bank to continue.");
  await connectGoodBank(page);
  // Details can still be edited from the review, and the bank is kept.
  await page.getByRole("button", { name: "Edit your details" }).click();
  await expect(page.getByLabel("Full name")).toHaveValue("Alberta Charleson");
  await page.getByLabel("Full name").fill("Alberta B. Charleson");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Review and submit/ })).toBeFocused();
  await expect(page.locator(".review-list")).toContainText("Alberta B. Charleson");
});

test("a link cancelled while the claimant is on the page ends in the cancelled message", async ({ page, request }) => {
  const link = await createLink(request);
  await page.goto(link.path);
  await fillDetails(page);
  await connectGoodBank(page);
  const cancel = await request.post(`/treasury/payout-link/${link.token}/cancel`, { headers: { Authorization: `Bearer ${fixtures().apiKey}` } });
  expect(cancel.status()).toBe(200);
  await page.getByRole("button", { name: "Claim $250.00" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "This payout link was cancelled" })).toBeFocused();
  await expect(page.getByText("Acme Rewards cancelled this link")).toBeVisible();
});

test("submit refusals: a spent bank connection asks to reconnect; an expired link (410) ends the flow", async ({ page, request }) => {
  const link = await createLink(request);
  await page.goto(link.path);
  await fillDetails(page);
  await connectGoodBank(page);

  // The server says the bank connection can't be used (e.g. the public token expired meanwhile).
  const submitUrl = `**/treasury/payout-link/${link.token}/submit`;
  await page.route(submitUrl, (route) =>
    route.fulfill({
      status: 400,
      contentType: "application/json",
      body: JSON.stringify({ error: { type: "invalid_request_error", code: "public_token_invalid", message: "The bank connection expired or was already used. Connect your bank again.", param: "public_token", request_id: "req_test" } }),
    }),
  );
  await page.getByRole("button", { name: "Claim $250.00" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Connect your bank/ })).toBeFocused();
  await expect(page.locator(".claim-error")).toHaveText("The bank connection expired or was already used. Connect your bank again.");
  await page.unroute(submitUrl);

  // Too many attempts: the wait is spelled out and the claimant stays on the review.
  await connectGoodBank(page);
  await page.route(submitUrl, (route) =>
    route.fulfill({
      status: 429,
      headers: { "Retry-After": "17" },
      contentType: "application/json",
      body: JSON.stringify({ error: { type: "rate_limit_error", code: "rate_limited", message: "Too many requests.", request_id: "req_test" } }),
    }),
  );
  await page.getByRole("button", { name: "Claim $250.00" }).click();
  await expect(page.locator(".claim-error")).toHaveText("Too many attempts. Please wait 17 seconds and try again.");
  await expect(page.getByRole("button", { name: "Claim $250.00" })).toBeEnabled();

  // The link expired while the claimant was on the page: 410 Gone.
  await page.unroute(submitUrl);
  await page.route(submitUrl, (route) =>
    route.fulfill({
      status: 410,
      contentType: "application/json",
      body: JSON.stringify({ error: { type: "invalid_request_error", code: "payout_link_expired", message: "This payout link has expired.", param: "token", request_id: "req_test" } }),
    }),
  );
  await page.getByRole("button", { name: "Claim $250.00" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "This payout link has expired" })).toBeFocused();
  await expect(page.getByText("Contact Acme Rewards and ask for a new link.")).toBeVisible();
  expect(await linkStatus(request, link.token)).toBe("pending");
});
