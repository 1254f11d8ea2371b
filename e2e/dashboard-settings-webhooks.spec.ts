// The webhooks settings page on the second e2e server (webhook delivery on, private URLs allowed):
// an admin adds an endpoint pointing at a local receiver, sends a test event, and the receiver gets
// it and verifies it with the `standardwebhooks` library; the delivery log then shows the attempt,
// and a retry delivers it again. Runs as the second organisation's admin.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { moneyPort } from "../playwright.config";
import { record } from "./support/claim";
import { E2E_OPERATORS } from "./support/operators";
import { signIn } from "./support/sign-in";

test.use({ baseURL: `http://127.0.0.1:${moneyPort}` });

test("add an endpoint, send a test event the receiver verifies, see it in the log, retry it", async ({ page }, testInfo) => {
  // Two deliveries through the worker's poll loop on a shared, loaded machine.
  test.setTimeout(90_000);
  const received: { body: string; headers: IncomingHttpHeaders }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, headers: req.headers });
      res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${testInfo.project.name}`;
    await signIn(page, E2E_OPERATORS.otherOrgAdmin, { callbackUrl: "/dashboard/settings/webhooks" });
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

    // Refused next to the field, what was typed kept.
    await page.getByLabel("Endpoint URL").fill("ftp://example.com/hook");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.locator("#url-error")).toHaveText(/https URL/);
    await expect(page.getByLabel("Endpoint URL")).toBeFocused();

    await page.getByLabel("Endpoint URL").fill(url);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);

    const card = page.getByTestId("webhook-endpoint").filter({ hasText: url });
    await expect(card).toBeVisible();
    // Reveal shows the same secret again, on an explicit click.
    await card.getByRole("button", { name: `Reveal secret of ${url}` }).click();
    await expect(card.getByTestId("webhook-secret")).toHaveText(secret);

    await card.getByRole("button", { name: `Send test event to ${url}` }).click();
    await expect(card.getByText(/Test event queued/)).toBeVisible();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const verify = (d: (typeof received)[number]) =>
      new Webhook(secret).verify(d.body, {
        "webhook-id": String(d.headers["webhook-id"]),
        "webhook-timestamp": String(d.headers["webhook-timestamp"]),
        "webhook-signature": String(d.headers["webhook-signature"]),
      }) as { type: string; data: { object: { object: string } } };
    const event = verify(received[0]);
    expect(event.type).toBe("webhook.test");
    expect(event.data.object.object).toBe("webhook_test");

    // The log shows the delivery and its attempt.
    await page.reload();
    const delivery = page.getByTestId("webhook-endpoint").filter({ hasText: url }).getByTestId("webhook-delivery").first();
    await expect(delivery).toContainText("webhook.test");
    await expect(delivery).toContainText("delivered");
    await delivery.getByText("1 attempt").click();
    await expect(delivery).toContainText("#1 · 200");
    await record(page, testInfo, "settings-webhooks");

    // Retry sends the same event (same webhook-id) again.
    await delivery.getByRole("button", { name: /Retry delivery/ }).click();
    await expect(delivery.getByText("Queued again.")).toBeVisible();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(received[1].headers["webhook-id"]).toBe(received[0].headers["webhook-id"]);
    expect(verify(received[1]).type).toBe("webhook.test");

    // Delete, after a confirmation.
    const cardAgain = page.getByTestId("webhook-endpoint").filter({ hasText: url });
    await cardAgain.getByRole("button", { name: `Delete ${url}` }).click();
    await cardAgain.getByRole("button", { name: "Confirm: delete endpoint" }).click();
    await expect(page.getByTestId("webhook-endpoint").filter({ hasText: url })).toHaveCount(0);
  } finally {
    receiver.close();
  }
});
