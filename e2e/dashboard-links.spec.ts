// The operator's links pages in a real browser, signed in through the real sign-in form: create a
// link, copy it, see it claimed and paid (on the money server, whose worker pays), cancel, the
// viewer's refusal from the server, bulk creation from a CSV, a foreign link's 404, and an axe
// scan plus screenshots of every page at both widths (the desktop and mobile projects).
import { expect, test, type Browser, type Page } from "@playwright/test";
import { moneyPort } from "../playwright.config";
import { connectGoodBank, fillDetails, fixtures, record } from "./support/claim";
import { E2E_OPERATORS } from "./support/operators";
import { signIn } from "./support/sign-in";

async function createInForm(page: Page, amount: string, description: string) {
  await page.goto("/dashboard/links/new");
  await page.getByLabel("Amount (USD)").fill(amount);
  await page.getByLabel("Description").fill(description);
  await page.getByRole("button", { name: "Create link" }).click();
  const url = (await page.getByTestId("created-url").textContent())!.trim();
  const id = (await page.getByRole("link", { name: "View the link" }).getAttribute("href"))!.split("/").pop()!;
  return { url, id };
}

// Sign-in, a claim through the sandbox bank and a payout: longer than the default 30 s.
test.describe.configure({ timeout: 120_000 });

const row = (page: Page, id: string) => page.locator(`tr[data-link-id="${id}"]`);

test.describe("on the money server (payout worker on)", () => {
  test.use({ baseURL: `http://127.0.0.1:${moneyPort}`, permissions: ["clipboard-read", "clipboard-write"] });

  test("create a link in the form, copy its URL, claim it elsewhere, watch it go claimed then completed", async ({ page, browser }, testInfo) => {
    await signIn(page, E2E_OPERATORS.operator, { callbackUrl: "/dashboard/links/new" });

    // The form refuses what it must, next to the field, before anything is created.
    await page.goto("/dashboard/links/new");
    await page.getByLabel("Amount (USD)").fill("12.345");
    await page.getByLabel("Description").fill("x".repeat(1001));
    await expect(page.getByText("1001 / 1000 characters — 1 too many")).toBeVisible();
    await page.getByRole("button", { name: "Create link" }).click();
    await expect(page.getByText("Use at most two digits after the point (cents).")).toBeVisible();
    await expect(page.getByLabel("Amount (USD)")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("description must be at most 1000 characters")).toBeVisible();
    await page.getByLabel("Amount (USD)").fill("1,000.00");
    await page.getByLabel("Description").fill("ok");
    await page.getByRole("button", { name: "Create link" }).click();
    await expect(page.getByText("Enter the amount in dollars and cents, digits only, like 1000.00 (no $ or commas).")).toBeVisible();

    const description = `Dashboard e2e ${Date.now()}`;
    const { url, id } = await createInForm(page, "42.10", description);
    await expect(page.getByRole("heading", { name: "Link created for $42.10" })).toBeVisible();
    await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
    await page.getByRole("button", { name: "Copy URL" }).click();
    await expect(page.getByText("Copied")).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(url);
    expect(copied).toMatch(/\/claim\/[A-Za-z0-9_-]{43}$/);

    // The claimant, in a browser of their own, with the copied URL.
    const claimant = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
    const claimPage = await claimant.newPage();
    await claimPage.goto(copied);
    await fillDetails(claimPage, "Clara Claimant", "clara@example.com");
    await connectGoodBank(claimPage);
    await claimPage.getByRole("button", { name: "Claim $42.10" }).click();
    await expect(claimPage.getByRole("heading", { name: /is on its way/ })).toBeVisible();
    await claimant.close();

    // The table: found by the claimant's email, claimed and then completed once the worker pays.
    await page.goto(`/dashboard/links?q=${encodeURIComponent("clara@example.com")}`);
    await expect(row(page, id)).toContainText(/Claimed|Completed/);
    await expect(row(page, id)).toContainText("Clara Claimant");
    await expect
      .poll(async () => {
        await page.reload();
        return row(page, id).locator("[data-status]").getAttribute("data-status");
      }, { timeout: 30_000 })
      .toBe("completed");
    await record(page, testInfo, "dashboard-links-search");

    await page.goto(`/dashboard/links/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("$42.10");
    await expect(page.locator("[data-status]").first()).toHaveAttribute("data-status", "completed");
    await expect(page.getByText("Clara Claimant")).toBeVisible();
    await expect(page.getByText(/First Platypus Bank ••••0000/)).toBeVisible();
    await expect(page.getByTestId("transaction-status")).toHaveText("settled");
    await expect(page.getByRole("list").filter({ hasText: "Payout settled" })).toContainText("Claimed");
    await expect(page.getByRole("button", { name: "Cancel link" })).toHaveCount(0);
    await expect(page.getByTestId("claim-url")).toHaveCount(0);
    await record(page, testInfo, "dashboard-link-completed");
  });
});

async function signedIn(browser: Browser, page: Page, who: (typeof E2E_OPERATORS)[keyof typeof E2E_OPERATORS]) {
  const context = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const other = await context.newPage();
  await signIn(other, who);
  return { context, page: other };
}

test("cancel a link behind a confirmation; a viewer sees no cancel and the server refuses one anyway", async ({ page, browser }, testInfo) => {
  await signIn(page, E2E_OPERATORS.operator, { callbackUrl: "/dashboard/links" });
  const { id } = await createInForm(page, "15", "To be cancelled");
  await page.goto(`/dashboard/links/${id}`);
  await expect(page.getByTestId("claim-url")).toContainText("/claim/");
  await record(page, testInfo, "dashboard-link-pending");
  await page.getByRole("button", { name: "Cancel link" }).click();
  await expect(page.getByRole("dialog")).toContainText("Cancel this $15.00 link?");
  await record(page, testInfo, "dashboard-link-cancel-dialog");
  await page.getByRole("button", { name: "Yes, cancel the link" }).click();
  // The page re-renders from the server: cancelled, with no cancel button and no URL any more.
  await expect(page.locator("[data-status]").first()).toHaveAttribute("data-status", "cancelled");
  await expect(page.getByRole("button", { name: "Cancel link" })).toHaveCount(0);
  await expect(page.getByTestId("claim-url")).toHaveCount(0);
  await expect(page.getByRole("list").filter({ hasText: "Cancelled" }).first()).toBeVisible();

  // A second pending link. The viewer's page offers no cancel.
  const second = await createInForm(page, "16", "The viewer cannot cancel this");
  const viewer = await signedIn(browser, page, E2E_OPERATORS.viewer);
  await viewer.page.goto(`/dashboard/links/${second.id}`);
  await expect(viewer.page.getByRole("heading", { level: 1 })).toContainText("$16.00");
  await expect(viewer.page.getByRole("button", { name: "Cancel link" })).toHaveCount(0);

  // The operator's page, with the viewer's session swapped in: the server action itself refuses.
  await page.goto(`/dashboard/links/${second.id}`);
  await page.context().clearCookies();
  await page.context().addCookies(await viewer.context.cookies());
  await page.getByRole("button", { name: "Cancel link" }).click();
  await page.getByRole("button", { name: "Yes, cancel the link" }).click();
  await expect(page.getByText("Your role in this organisation does not allow this.")).toBeVisible();
  await viewer.page.reload();
  await expect(viewer.page.locator("[data-status]").first()).toHaveAttribute("data-status", "pending");
  await viewer.context.close();
});

test("bulk: a bad file is refused row by row, a good one creates its links once", async ({ page }, testInfo) => {
  await signIn(page, E2E_OPERATORS.operator, { callbackUrl: "/dashboard/links/bulk" });
  await page.goto("/dashboard/links/bulk");
  await record(page, testInfo, "dashboard-bulk");
  const upload = async (name: string, text: string) => {
    await page.getByLabel("CSV file", { exact: true }).setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });
    await page.getByRole("button", { name: "Create links" }).click();
  };
  await upload("bad.csv", "amount,description\n10.00,ok\n12.345,too precise\n$5,dollar sign\n");
  const problems = page.getByRole("alert").filter({ hasText: "Nothing was created" });
  await expect(problems).toContainText("Nothing was created: 2 problems in the file.");
  await expect(problems).toContainText("Line 3, amount: Use at most two digits after the point (cents).");
  await expect(problems).toContainText("Line 4, amount:");
  await record(page, testInfo, "dashboard-bulk-errors");

  const tag = `bulk${Date.now()}`;
  const csv = `\uFEFFamount,description,recipient_email,metadata.batch\r\n1.00,"${tag} one, first",one@example.com,B\r\n2.50,${tag} two,,B\r\n3,"${tag} three",,B\r\n`;
  await upload("links.csv", csv);
  await expect(page.getByRole("status")).toContainText("Created 3 links for $6.50.");
  // The same upload submitted again: nothing new.
  await page.getByRole("button", { name: "Create links" }).click();
  await expect(page.getByRole("status")).toContainText("Already created from this upload: 3 links for $6.50.");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download the created links/ }).click();
  const file = await (await download).path();
  const text = (await import("node:fs")).readFileSync(file, "utf8");
  expect(text.split("\r\n")[0]).toBe("id,url,amount,description,expires_at,recipient_email");
  expect(text).toContain(`"${tag} one, first"`);

  await page.goto(`/dashboard/links?q=${tag}`);
  await expect(page.locator("tbody tr")).toHaveCount(3);
});

test("every page passes axe and is captured at this width; a foreign link is a 404", async ({ page }, testInfo) => {
  await signIn(page, E2E_OPERATORS.admin, { callbackUrl: "/dashboard" });
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("available-balance")).toContainText("$");
  await record(page, testInfo, "dashboard-overview");

  await page.goto("/dashboard/links");
  await expect(page.locator("tbody tr").first()).toBeVisible();
  await record(page, testInfo, "dashboard-links");
  await page.goto("/dashboard/links?status=expired");
  await expect(page.locator("tbody tr [data-status]").first()).toHaveAttribute("data-status", "expired");
  await page.goto("/dashboard/links?q=no-such-words-anywhere");
  await expect(page.getByText("No links match.")).toBeVisible();
  await record(page, testInfo, "dashboard-links-empty");

  await page.goto("/dashboard/links/new");
  await record(page, testInfo, "dashboard-new");

  // CSV export of a filtered set, through the session.
  const exported = await page.request.get("/dashboard/links/export?status=cancelled");
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-type"]).toContain("text/csv");
  const lines = (await exported.text()).trim().split("\r\n");
  expect(lines[0]).toBe("id,amount,currency,description,status,created_at,expires_at,sent_to,recipient_id,recipient_name,recipient_email");
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) expect(line).toContain(",cancelled,");

  const foreign = await page.goto(`/dashboard/links/${fixtures().otherOrganization.linkId}`);
  expect(foreign?.status()).toBe(404);
});
