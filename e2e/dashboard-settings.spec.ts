// The admin settings pages in Chromium at 1280 and 375 px: API keys (create → the API accepts the
// key → revoke → the API refuses it), limits (exact dollars, refusals next to the field, keyboard
// only), branding (shown on the claim page with a readable button), funding (balance and ledger),
// viewers refused. Mutations run as the second organisation's admin so the first organisation's
// fixtures, which other specs use, stay as seeded. Every page gets an axe scan and a screenshot.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { record, sandboxLink } from "./support/claim";
import { E2E_OPERATORS } from "./support/operators";
import { signIn } from "./support/sign-in";

const SETTINGS = "/dashboard/settings";
const admin = E2E_OPERATORS.otherOrgAdmin;

async function createKeyInDashboard(page: Page, name: string): Promise<string> {
  await page.goto(`${SETTINGS}/api-keys`);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key-secret").textContent()) ?? "";
  expect(secret).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
  return secret;
}

async function apiGet(request: APIRequestContext, path: string, key: string) {
  const res = await request.get(path, { headers: { Authorization: `Bearer ${key}` } });
  return { status: res.status(), body: (await res.json()) as { data?: unknown; error?: { code: string } } };
}

test.describe("settings: API keys", () => {
  test("create a key, call the API with it, revoke it, the API refuses it", async ({ page, request }, testInfo) => {
    await signIn(page, admin, { callbackUrl: `${SETTINGS}/api-keys` });
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    // Refused next to the field, nothing created.
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#key-name-error")).toContainText("Name the key");

    const name = `E2E key ${testInfo.project.name} ${Date.now()}`;
    const secret = await createKeyInDashboard(page, name);
    await expect(page.getByText("this is the only time the full key is shown")).toBeVisible();
    await expect(page.getByRole("heading", { name: `New key “${name}”` })).toBeFocused();
    await record(page, testInfo, "settings-api-keys-created");

    const ok = await apiGet(request, "/treasury/balance", secret);
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ currency: "USD" });

    // The list shows the prefix (never the key), and after a reload the key is gone from the page.
    await page.reload();
    const row = page.getByTestId("api-key-row").filter({ has: page.getByRole("rowheader", { name }) });
    await expect(row).toContainText(secret.slice(0, 13));
    await expect(page.getByText(secret)).toHaveCount(0);
    await expect(row).toContainText("treasury");

    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    await expect(row.getByRole("button", { name: `Confirm: revoke ${name}` })).toBeFocused();
    await row.getByRole("button", { name: `Confirm: revoke ${name}` }).click();
    await expect(row).toContainText("Revoked");

    const refused = await apiGet(request, "/treasury/balance", secret);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.code).toBe("api_key_revoked");
    await record(page, testInfo, "settings-api-keys");
  });
});

test.describe("settings: limits", () => {
  test("dollars to exact cents, refusals next to the field, keyboard only; the API applies the cap", async ({ page, request }, testInfo) => {
    await signIn(page, admin, { callbackUrl: `${SETTINGS}/limits` });
    await expect(page.getByRole("heading", { level: 1, name: "Limits" })).toBeVisible();
    await record(page, testInfo, "settings-limits");
    const cap = page.getByLabel("Per-link cap (USD)");
    for (const [bad, message] of [
      ["12.345", /two decimal places/],
      ["-5", /without a sign/],
      ["1,000.00", /thousands separators/],
      ["$5", /currency symbol/],
      ["abc", /like 250 or 250\.00/],
    ] as const) {
      await cap.fill(bad);
      await cap.press("Enter"); // submits the form: no mouse needed
      await expect(page.locator("#max_link_amount-error")).toHaveText(message);
      await expect(cap).toHaveAttribute("aria-invalid", "true");
      await expect(cap).toBeFocused();
      // What was typed stays, to be corrected.
      await expect(cap).toHaveValue(bad);
    }
    await cap.fill("123.45");
    const ttl = page.getByLabel("Default link lifetime (hours)");
    await cap.press("Tab");
    await expect(ttl).toBeFocused();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("48");
    await page.keyboard.press("Enter");
    await expect(page.getByText("Limits saved.")).toBeVisible();
    await expect(page.getByText("Now $123.45")).toBeVisible();

    const key = await createKeyInDashboard(page, `Limits key ${testInfo.project.name}`);
    const over = await request.post("/treasury/payout-link/generate", {
      headers: { Authorization: `Bearer ${key}` },
      data: { amount: 12_346, currency: "USD", description: "Above the new cap" },
    });
    expect(over.status()).toBe(400);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe("amount_too_large");
    const atCap = await request.post("/treasury/payout-link/generate", {
      headers: { Authorization: `Bearer ${key}` },
      data: { amount: 12_345, currency: "USD", description: "At the new cap" },
    });
    expect(atCap.status()).toBe(201);
    const link = (await atCap.json()).data as { expires_at: string; created_at: string };
    expect(Date.parse(link.expires_at) - Date.parse(link.created_at)).toBe(48 * 3600 * 1000);

    // Put the default back for the other project's run.
    await page.goto(`${SETTINGS}/limits`);
    await page.getByLabel("Per-link cap (USD)").fill("5000.00");
    await page.getByLabel("Default link lifetime (hours)").fill("168");
    await page.getByRole("button", { name: "Save limits" }).click();
    await expect(page.getByText("Limits saved.")).toBeVisible();
  });
});

test.describe("settings: branding", () => {
  test("an http logo is refused next to the field; name, accent and support email show on the claim page", async ({ page, request }, testInfo) => {
    await signIn(page, admin, { callbackUrl: `${SETTINGS}/branding` });
    await expect(page.getByRole("heading", { level: 1, name: "Branding" })).toBeVisible();
    await page.getByLabel("Display name").fill("Globex Rewards");
    await page.getByLabel("Logo URL").fill("http://example.com/logo.png");
    await page.getByLabel("Accent colour", { exact: true }).fill("#facc15");
    await page.getByLabel("Support email").fill("help@globex.test");
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByLabel("Logo URL")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#logo_url-error")).toHaveText("The logo URL must start with https://.");
    await expect(page.getByLabel("Logo URL")).toBeFocused();

    await page.getByLabel("Logo URL").fill("");
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByText("Branding saved.")).toBeVisible();
    await record(page, testInfo, "settings-branding");

    const key = await createKeyInDashboard(page, `Branding key ${testInfo.project.name}`);
    const created = await request.post("/treasury/payout-link/generate", {
      headers: { Authorization: `Bearer ${key}` },
      data: { amount: 1_500, currency: "USD", description: "Branded link" },
    });
    expect(created.status()).toBe(201);
    const { url } = (await created.json()).data as { url: string };
    await page.goto(new URL(url).pathname);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Globex Rewards sent you");
    await expect(page.locator(".claim-brand")).toContainText("Globex Rewards");
    await expect(page.getByRole("link", { name: "help@globex.test" })).toHaveAttribute("href", "mailto:help@globex.test");
    // A yellow accent gets black text: readable (about 12.8:1).
    const button = page.getByRole("button", { name: "Continue" });
    await expect(button).toHaveCSS("background-color", "rgb(250, 204, 21)");
    await expect(button).toHaveCSS("color", "rgb(0, 0, 0)");
    await record(page, testInfo, "settings-branding-claim-page");
  });
});

test.describe("settings: funding", () => {
  test("balance and ledger history, formatted", async ({ page }, testInfo) => {
    await signIn(page, admin, { callbackUrl: `${SETTINGS}/funding` });
    await expect(page.getByRole("heading", { level: 1, name: "Funding" })).toBeVisible();
    await expect(page.getByTestId("balance-available")).toHaveText(/^\$[0-9,]+\.[0-9]{2}$/);
    await expect(page.getByTestId("balance-held")).toHaveText(/^\$[0-9,]+\.[0-9]{2}$/);
    const deposit = page.getByTestId("ledger-entry").filter({ hasText: "Deposit" }).last();
    await expect(deposit).toContainText("+$1,000.00");
    // Local time shown, the exact UTC instant on hover.
    await expect(deposit.locator("time")).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    await record(page, testInfo, "settings-funding");

    // Link the funding bank through the sandbox Link dialog (react-plaid-link, as on the claim page).
    const sourcesBefore = await page.getByTestId("funding-source").count();
    await page.getByRole("button", { name: "Link a bank account" }).click();
    const link = sandboxLink(page);
    await link.chooseBank();
    await link.logIn("user_good", "pass_good");
    await link.chooseAccount();
    await expect(page.getByText(/^Linked First Platypus Bank ····\d{4}\.$/)).toBeVisible();
    await expect(page.getByTestId("funding-source")).toHaveCount(sourcesBefore + 1);

    // Add funds in dollars: refused next to the field, then exact cents on the balance.
    const available = async () => Number(((await page.getByTestId("balance-available").textContent()) ?? "").replace(/[$,.]/g, ""));
    const before = await available();
    const amount = page.getByLabel("Amount (USD)");
    await amount.fill("12.345");
    await amount.press("Enter");
    await expect(page.locator("#amount-error")).toHaveText(/two decimal places/);
    await expect(amount).toBeFocused();
    await amount.fill("1234.56");
    await page.getByRole("button", { name: "Add funds" }).click();
    await expect(page.getByText("$1,234.56 added to your balance.")).toBeVisible();
    await expect.poll(available).toBe(before + 123_456);
    await expect(page.getByTestId("deposit").first()).toContainText("$1,234.56");
    await record(page, testInfo, "settings-funding-after-deposit");

    await page.goto(`${SETTINGS}/funding?before=not-a-cursor`);
    await expect(page.getByText("That page of the history does not exist.")).toBeVisible();
  });
});

test.describe("settings: content security policy", () => {
  test("only the funding page lets Plaid Link in; the other dashboard pages allow no third party", async ({ page }, testInfo) => {
    await signIn(page, admin, { callbackUrl: `${SETTINGS}/funding` });
    const policyOf = async (path: string) => (await page.request.get(path)).headers()["content-security-policy"] ?? "";
    const funding = await policyOf(`${SETTINGS}/funding`);
    expect(funding).toMatch(/script-src [^;]*https:\/\/cdn\.plaid\.com/);
    expect(funding).toMatch(/frame-src https:\/\/cdn\.plaid\.com/);
    expect(funding).toMatch(/connect-src [^;]*https:\/\/production\.plaid\.com/);
    for (const path of [`${SETTINGS}/api-keys`, "/dashboard", "/dashboard/links"]) {
      const policy = await policyOf(path);
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(policy, path).not.toContain("plaid.com");
    }
    // The settings index, scanned and photographed like every other dashboard page.
    await page.goto(SETTINGS);
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await record(page, testInfo, "settings-index");
  });
});

test.describe("settings: roles", () => {
  for (const who of ["viewer", "operator"] as const) {
    test(`a ${who} is refused every admin settings page`, async ({ page }, testInfo) => {
      await signIn(page, E2E_OPERATORS[who]);
      for (const [slug, title] of [
        ["api-keys", "API keys"],
        ["webhooks", "Webhooks"],
        ["branding", "Branding"],
        ["limits", "Limits"],
        ["funding", "Funding"],
      ] as const) {
        await page.goto(`${SETTINGS}/${slug}`);
        await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
        await expect(page.getByRole("status").filter({ hasText: "Only admins can" })).toContainText(`You are ${who === "operator" ? "an" : "a"} ${who}`);
        await expect(page.getByRole("button", { name: /Create key|Save|Add endpoint/ })).toHaveCount(0);
      }
      await record(page, testInfo, `settings-refused-${who}`);
    });
  }
});
