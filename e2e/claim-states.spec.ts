// Every state of /claim/[token] other than the pending flow: what the claimant reads, with and
// without JavaScript, screenshots at both widths and an axe scan of each.
import { expect, test } from "@playwright/test";
import { createLink, fixtures, linkStatus, record, screenshot } from "./support/claim";

test("an expired link says so and to contact the sender", async ({ page }, testInfo) => {
  const res = await page.goto(`/claim/${fixtures().links.expired.token}`);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This payout link has expired");
  await expect(page.locator("main")).toContainText("Contact Acme Rewards");
  await expect(page.locator("main")).toContainText("No money has been sent");
  await expect(page.getByLabel("Full name")).toHaveCount(0);
  // Says only what the claimant needs: not the description.
  await expect(page.locator("main")).not.toContainText("Expired seed link");
  await record(page, testInfo, "expired");
});

test("a cancelled link says so and to contact the sender", async ({ page }, testInfo) => {
  await page.goto(`/claim/${fixtures().links.cancelled.token}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This payout link was cancelled");
  await expect(page.locator("main")).toContainText("Acme Rewards cancelled this link");
  await expect(page.locator("main")).toContainText("Contact Acme Rewards");
  await expect(page.getByLabel("Full name")).toHaveCount(0);
  await record(page, testInfo, "cancelled");
});

test("a link whose earlier payout failed says so and can be claimed again", async ({ page }, testInfo) => {
  await page.goto(`/claim/${fixtures().links.retry.token}`);
  await expect(page.getByRole("status").filter({ hasText: "the bank could not complete it" })).toBeVisible();
  await expect(page.locator("main")).toContainText("no money was sent");
  await expect(page.getByLabel("Full name")).toBeVisible();
  await record(page, testInfo, "pending-after-failure");
});

for (const [state, heading, current] of [
  ["claimed", "$250.00 is on its way", "Payout initiated"],
  ["processing", "$250.00 is on its way", "Settled"],
  ["completed", "$250.00 has been paid", null],
] as const) {
  test(`a ${state} link shows its status timeline and the bank mask`, async ({ page }, testInfo) => {
    await page.goto(`/claim/${fixtures().links[state].token}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    const timeline = page.locator("ol.timeline");
    await expect(timeline.locator("li")).toHaveText([/^Claimed/, /^Payout initiated/, /^Settled/]);
    if (current) await expect(timeline.locator('li[aria-current="step"]')).toContainText(current);
    else await expect(timeline.locator('li[aria-current="step"]')).toHaveCount(0);
    await expect(page.locator("main")).toContainText(/First Platypus Bank account ending in ••••0000/);
    expect(await page.content()).not.toContain("1111222233330000");
    await record(page, testInfo, state);
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the status page is complete as server-rendered HTML", async ({ page }, testInfo) => {
    await page.goto(`/claim/${fixtures().links.processing.token}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("$250.00 is on its way");
    await expect(page.locator("ol.timeline li")).toHaveCount(3);
    await expect(page.locator("main")).toContainText(/First Platypus Bank account ending in ••••0000/);
    // The refresh link is a plain link back to the same page.
    await page.getByRole("link", { name: "Refresh status" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("$250.00 is on its way");
    // (axe needs JavaScript in the page; the same state is scanned above with it on.)
    await screenshot(page, testInfo, "processing-no-js");
  });

  test("a pending link explains that claiming needs JavaScript", async ({ page, request }) => {
    const link = await createLink(request);
    await page.goto(link.path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Rewards sent you $250.00");
    await expect(page.locator(".claim-noscript")).toBeVisible();
  });
});

test("a description with markup renders as plain text", async ({ page, request }, testInfo) => {
  const description = `<script>window.__injected = 1</script><img src=x onerror="window.__injected = 2"><b>bold</b> & "quotes"`;
  const link = await createLink(request, { description });
  await page.goto(link.path);
  await expect(page.locator(".claim-description")).toHaveText(description);
  await expect(page.locator(".claim-description *")).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBeUndefined();
  await record(page, testInfo, "pending-markup-description");
});

test("unknown and malformed tokens get a plain not-found page", async ({ page }, testInfo) => {
  for (const token of ["A".repeat(43), "not-a-token", "%3Cscript%3E", `${fixtures().links.claimed.token}x`]) {
    const res = await page.goto(`/claim/${token}`);
    expect(res?.status(), token).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payout link not found");
    await expect(page.locator("body")).not.toContainText("Acme");
    await expect(page.locator("body")).not.toContainText("Sandbox");
  }
  await record(page, testInfo, "not-found");
});

test("opening a link (GET and HEAD, as mail scanners do) never changes it", async ({ request }) => {
  const link = await createLink(request);
  for (let i = 0; i < 3; i++) {
    expect((await request.get(link.path)).status()).toBe(200);
    expect((await request.head(link.path)).status()).toBe(200);
  }
  expect(await linkStatus(request, link.token)).toBe("pending");
});
