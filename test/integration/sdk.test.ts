// The seed contract's example, through the SDK, against a real `next start` of the app.
// The tests run in order and share one organisation: each builds on the links the previous made.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, PayoutLinksError, type PayoutLink, type PayoutLinksClient } from "@/lib/sdk";
import { createFundedOrg, type OrgFixture } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/test-server";

const DEPOSIT = 1_000_000;
let server: TestServer<OrgFixture>;
let client: PayoutLinksClient;

beforeAll(async () => {
  server = await startTestServer((prisma) => createFundedOrg(prisma, { deposit: DEPOSIT }));
  client = createClient({ apiKey: server.fixtures.apiKey, baseUrl: server.baseUrl });
});

afterAll(async () => {
  await server?.stop();
});

async function rejection(promise: Promise<unknown>): Promise<PayoutLinksError> {
  const err = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PayoutLinksError);
  return err as PayoutLinksError;
}

describe("the SDK against the running API", () => {
  let link: PayoutLink;
  const created: PayoutLink[] = [];

  it("generatePayoutLink: a pending link with a URL carrying its token and an ISO expiry", async () => {
    const before = Date.now();
    const { data } = await client.generatePayoutLink({ amount: 25_000, currency: "USD", description: "Q3 referral bonus — order #4127" });
    link = data;
    created.push(data);
    expect(link.status).toBe("pending");
    expect(link.id).toMatch(/^plink_/);
    expect(link.amount).toBe(25_000);
    expect(link.currency).toBe("USD");
    expect(link.description).toBe("Q3 referral bonus — order #4127");
    expect(link.token.length).toBeGreaterThanOrEqual(22);
    expect(link.url).toContain(link.token);
    expect(link.url.startsWith(`${server.baseUrl}/claim/`)).toBe(true);
    expect(link.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(new Date(link.expires_at).toISOString()).toBe(link.expires_at);
    expect(Date.parse(link.expires_at)).toBeGreaterThan(before);
    expect(link.recipient_id).toBeNull();
    expect(link.transaction_id).toBeNull();
  });

  it("getPayoutLink by token and by id returns the same link", async () => {
    const byToken = await client.getPayoutLink(link.token);
    const byId = await client.getPayoutLink(link.id);
    expect(byToken.data).toEqual(link);
    expect(byId.data).toEqual(link);
  });

  it("getPayoutLink of an unknown link: payout_link_not_found, 404, with a request id", async () => {
    const err = await rejection(client.getPayoutLink("plink_01JZ8X5Q3W4E5R6T7Y8U9I0OPA"));
    expect(err).toMatchObject({ status: 404, code: "payout_link_not_found", type: "invalid_request_error" });
    expect(err.request_id).toMatch(/^req_/);
  });

  it("listPayoutLinks contains it", async () => {
    const { data: links, has_more, next_cursor } = await client.listPayoutLinks();
    expect(links.map((l) => l.id)).toContain(link.id);
    expect(has_more).toBe(false);
    expect(next_cursor).toBeNull();
    const { data: pending } = await client.listPayoutLinks({ status: "pending" });
    expect(pending.map((l) => l.id)).toContain(link.id);
  });

  it("listPayoutLinks.all walks every page with a small limit, newest first, no repeats", async () => {
    for (let i = 0; i < 4; i++) {
      created.push((await client.generatePayoutLink({ amount: 1_000 + i, currency: "USD", description: `page test ${i}` })).data);
    }
    const firstPage = await client.listPayoutLinks({ limit: 2 });
    expect(firstPage.data).toHaveLength(2);
    expect(firstPage.has_more).toBe(true);
    expect(firstPage.next_cursor).toBe(firstPage.data[1].id);

    const seen: string[] = [];
    for await (const l of client.listPayoutLinks.all({ limit: 2 })) seen.push(l.id);
    expect(seen).toEqual(created.map((l) => l.id).reverse());
  });

  it("cancelPayoutLink: the link reads cancelled, and cancelling again is payout_link_cancelled (409)", async () => {
    const { data } = await client.cancelPayoutLink(link.id);
    expect(data.id).toBe(link.id);
    expect(data.status).toBe("cancelled");
    expect(data.cancelled_at).not.toBeNull();
    expect((await client.getPayoutLink(link.token)).data.status).toBe("cancelled");

    const err = await rejection(client.cancelPayoutLink(link.token));
    expect(err).toMatchObject({ status: 409, code: "payout_link_cancelled", type: "invalid_request_error" });
    expect(err.request_id).toMatch(/^req_/);
  });

  it("getBalance: held covers the pending links, the cancelled link's hold is released", async () => {
    const held = created.filter((l) => l.id !== link.id).reduce((sum, l) => sum + l.amount, 0);
    const { data: balance } = await client.getBalance();
    expect(balance).toEqual({ object: "balance", available: DEPOSIT - held, held, pending: 0, currency: "USD" });
  });

  it("a bad amount (12.5) is amount_invalid with param amount, and holds nothing", async () => {
    const before = (await client.getBalance()).data;
    const err = await rejection(client.generatePayoutLink({ amount: 12.5, currency: "USD", description: "fractional" }));
    expect(err).toMatchObject({ status: 400, type: "invalid_request_error", code: "amount_invalid", param: "amount" });
    expect(err.request_id).toMatch(/^req_/);
    expect(err.message.length).toBeGreaterThan(0);
    expect((await client.getBalance()).data).toEqual(before);
  });

  it("the same Idempotency-Key and body replays the first link; with another body it is idempotency_key_reused", async () => {
    const idempotencyKey = `sdk-test-${Date.now()}`;
    const input = { amount: 5_000, currency: "USD" as const, description: "idempotent" };
    const first = await client.generatePayoutLink(input, { idempotencyKey });
    const again = await client.generatePayoutLink(input, { idempotencyKey });
    expect(again.data.id).toBe(first.data.id);
    const { data: balance } = await client.getBalance();
    const held = created.filter((l) => l.id !== link.id).reduce((sum, l) => sum + l.amount, 0) + 5_000;
    expect(balance.held).toBe(held);

    const err = await rejection(client.generatePayoutLink({ ...input, amount: 5_001 }, { idempotencyKey }));
    expect(err).toMatchObject({ status: 409, type: "idempotency_error", code: "idempotency_key_reused" });
  });

  it("a wrong API key is an authentication_error (401), not retried into anything else", async () => {
    const stranger = createClient({ apiKey: "sk_test_not_a_real_key", baseUrl: server.baseUrl });
    const err = await rejection(stranger.getBalance());
    expect(err).toMatchObject({ status: 401, type: "authentication_error" });
    expect(["api_key_invalid", "api_key_missing"]).toContain(err.code);
  });
});
