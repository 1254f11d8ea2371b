import { expect, test } from "@playwright/test";

test("the home page says it is a sandbox and leads to the API reference", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Payout Links" })).toBeVisible();
  await expect(page.getByText("Sandbox — no real money")).toBeVisible();

  await page.getByRole("link", { name: "/api/openapi.json" }).click();
  const doc = JSON.parse((await page.locator("body").innerText()).trim());
  expect(doc.openapi).toMatch(/^3\.1\./);
  expect(Object.keys(doc.paths)).toContain("/treasury/payout-link/generate");
});
