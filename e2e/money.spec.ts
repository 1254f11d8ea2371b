// Follows the money end to end on the second e2e server (in-process payout worker and webhook
// delivery on, sandbox rail settling after 1 s): a link is claimed in the browser, the worker pays
// it, the operator's endpoint receives a settlement.created that the `standardwebhooks` library
// itself verifies, and the claimant's page then says the money has been paid.
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { moneyPort } from "../playwright.config";
import { fillDetails, connectGoodBank } from "./support/claim";

test.use({ baseURL: `http://127.0.0.1:${moneyPort}` });

const apiKey = () => (JSON.parse(readFileSync("test-results/e2e-money-fixtures.json", "utf8")) as { apiKey: string }).apiKey;

test("a link claimed in the browser is paid, and the operator gets a verified settlement.created", async ({ page, request }) => {
  const received: { body: string; headers: IncomingHttpHeaders }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  try {
    const auth = { Authorization: `Bearer ${apiKey()}` };
    const endpoint = await request.post("/treasury/webhook-endpoints", {
      headers: auth,
      data: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, enabled_events: ["settlement.created"] },
    });
    expect(endpoint.status(), await endpoint.text()).toBe(201);
    const { secret } = (await endpoint.json()).data as { secret: string };

    const generated = await request.post("/treasury/payout-link/generate", {
      headers: auth,
      data: { amount: 4_200, currency: "USD", description: "Referral bonus" },
    });
    expect(generated.status()).toBe(201);
    const link = (await generated.json()).data as { id: string; token: string };

    await page.goto(`/claim/${link.token}`);
    await fillDetails(page);
    await connectGoodBank(page);
    await page.getByRole("button", { name: "Claim $42.00" }).click();

    // The worker settles it and the delivery arrives, signed.
    const forThisLink = () => received.find((d) => JSON.parse(d.body).data?.object?.payout_link_id === link.id);
    await expect.poll(() => forThisLink() !== undefined, { timeout: 30_000 }).toBe(true);
    const delivery = forThisLink()!;
    const event = new Webhook(secret).verify(delivery.body, {
      "webhook-id": String(delivery.headers["webhook-id"]),
      "webhook-timestamp": String(delivery.headers["webhook-timestamp"]),
      "webhook-signature": String(delivery.headers["webhook-signature"]),
    }) as { type: string; data: { object: { status: string; amount: number } } };
    expect(event.type).toBe("settlement.created");
    expect(event.data.object).toMatchObject({ status: "settled", amount: 4_200 });

    const status = await request.get(`/treasury/payout-link/${link.id}`, { headers: auth });
    expect(((await status.json()).data as { status: string }).status).toBe("completed");

    await page.goto(`/claim/${link.token}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("$42.00 has been paid");
  } finally {
    receiver.close();
  }
});
