import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { cancelPayoutLink } from "@/lib/payout-links/cancel-payout-link";
import { expireDuePayoutLinks } from "@/lib/payout-links/expire-payout-links";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { SandboxRail } from "@/lib/payouts/sandbox-rail";
import { runPayoutTick } from "@/lib/payouts/worker";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { createFundedOrg, type OrgFixture } from "@/test/support/fixtures";
import { seedClaimedPayouts } from "@/test/support/payouts-fixtures";
import { GIVE_UP_AFTER_MS, retryDelayMs, runWebhookTick } from "./deliver";
import { createWebhookEndpoint, deleteWebhookEndpoint, rotateWebhookEndpointSecret } from "./endpoints";
import { recordEvent } from "./events";
import { EVENT_TYPES } from "./schemas";
import { isPrivateAddress, safeLookup } from "./url-safety";

let db: TestDatabase;
let org: OrgFixture;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 10 });
  org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
});
afterAll(async () => {
  await db.destroy();
});

/** A real HTTP receiver on 127.0.0.1 whose answer each test decides per request. */
type Received = { headers: IncomingHttpHeaders; body: string };
type Answer = { status: number; headers?: Record<string, string>; body?: string } | "hang";
function receiver(answer: (n: number, r: Received) => Answer) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      const a = answer(received.length, r);
      if (a === "hang") return; // never answers
      res.writeHead(a.status, a.headers).end(a.body ?? "");
    });
  });
  const ready = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)));
  return { received, ready, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}
let receivers: ReturnType<typeof receiver>[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
  // Each test starts from no pending deliveries, so ticks only see its own.
  await db.prisma.webhookDelivery.updateMany({ where: { status: "pending" }, data: { status: "failed", nextAttemptAt: null } });
  await db.prisma.webhookEndpoint.updateMany({ where: { disabledAt: null }, data: { disabledAt: new Date() } });
});
async function endpointAt(answer: (n: number, r: Received) => Answer, events: string[] = [...EVENT_TYPES]) {
  const r = receiver(answer);
  receivers.push(r);
  const url = await r.ready;
  const endpoint = await createWebhookEndpoint(db.prisma, org.organizationId, { url, enabled_events: events as never }, { allowPrivate: true });
  return { ...r, endpoint };
}

/** An event recorded the way the app's transactions do it. */
async function someEvent(at?: Date) {
  const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1 });
  return db.prisma.$transaction(async (tx) => {
    const link = await tx.payoutLink.findUniqueOrThrow({ where: { id: p.linkId } });
    const { serializePayoutLink } = await import("@/lib/payout-links/serialize-payout-link");
    return recordEvent(tx, { organizationId: org.organizationId, type: "payout_link.claimed", data: serializePayoutLink(link), at });
  });
}

const tick = (now: Date, extra: { allowPrivate?: boolean; timeoutMs?: number } = {}) =>
  runWebhookTick(db.prisma, { workerId: "test", now: () => now, allowPrivate: extra.allowPrivate ?? true, timeoutMs: extra.timeoutMs ?? 10_000, random: () => 0.5 });

describe("events are written in the same transaction as the change (outbox)", () => {
  it("the worker's settle writes payout_link.completed and settlement.created (the settled transaction, with its link id), one delivery per subscribed endpoint", async () => {
    const subscribed = await endpointAt(() => ({ status: 200 }), ["settlement.created"]);
    const other = await endpointAt(() => ({ status: 200 }), ["payout.failed"]);
    const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1, amount: 4_321 });
    const rail = new SandboxRail(db.prisma, { delayMs: 0 });
    for (let i = 0; i < 3; i++) await runPayoutTick(db.prisma, rail, { workerId: "w" });
    const events = await db.prisma.event.findMany({ where: { organizationId: org.organizationId, payload: { path: ["id"], equals: `txn_${p.transactionId}` } } });
    expect(events.map((e) => e.type)).toEqual(["settlement.created"]);
    expect(events[0].payload).toMatchObject({ object: "transaction", status: "settled", amount: 4_321, payout_link_id: `plink_${p.linkId}` });
    const completed = await db.prisma.event.findMany({ where: { type: "payout_link.completed", payload: { path: ["id"], equals: `plink_${p.linkId}` } } });
    expect(completed).toHaveLength(1);
    expect(completed[0].payload).toMatchObject({ object: "payout_link", status: "completed", transaction_id: `txn_${p.transactionId}` });
    const deliveries = await db.prisma.webhookDelivery.findMany({ where: { eventId: { in: [events[0].id, completed[0].id] } } });
    expect(deliveries.map((d) => d.endpointId)).toEqual([subscribed.endpoint.id.replace(/^we_/, "")]);
    void other;
  });

  it("a settle that rolls back (its link is no longer claimed by it) writes no event", async () => {
    const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1 });
    const rail = new SandboxRail(db.prisma, { delayMs: 0 });
    // Behind the worker's back: settle's transaction finds the link not claimed by it and throws.
    await db.prisma.payoutLink.update({ where: { id: p.linkId }, data: { status: "cancelled" } });
    const before = await db.prisma.event.count();
    const r = await runPayoutTick(db.prisma, rail, { workerId: "w" });
    expect(r.errors).toBe(1);
    expect(await db.prisma.event.count()).toBe(before);
    expect((await db.prisma.transaction.findUniqueOrThrow({ where: { id: p.transactionId } })).status).toBe("processing");
  });

  it("a transaction that throws after recordEvent leaves neither the event nor its deliveries", async () => {
    await endpointAt(() => ({ status: 200 }));
    const [events, deliveries] = [await db.prisma.event.count(), await db.prisma.webhookDelivery.count()];
    await expect(
      db.prisma.$transaction(async (tx) => {
        await recordEvent(tx, { organizationId: org.organizationId, type: "payout.failed", data: {} as never });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect([await db.prisma.event.count(), await db.prisma.webhookDelivery.count()]).toEqual([events, deliveries]);
  });

  it("cancel, the sweeper, a failed and a returned payout each write their event", async () => {
    const actor = { organizationId: org.organizationId, actor: "test" };
    const a = await generatePayoutLink(db.prisma, actor, { amount: 100, currency: "USD", description: "to cancel" });
    await cancelPayoutLink(db.prisma, actor, a.id);
    const b = await generatePayoutLink(db.prisma, actor, { amount: 100, currency: "USD", description: "to expire" });
    await expireDuePayoutLinks(db.prisma, { now: new Date(Date.parse(b.expires_at) + 1) });
    const [failed] = await seedClaimedPayouts(db.prisma, org, { count: 1, accountNumber: "9999000000000002" });
    const [ret] = await seedClaimedPayouts(db.prisma, org, { count: 1, accountNumber: "9999000000000003" });
    let t = Date.now();
    const rail = new SandboxRail(db.prisma, { delayMs: 0, now: () => new Date(t) });
    for (let i = 0; i < 6; i++, t += 2_000) await runPayoutTick(db.prisma, rail, { workerId: "w", now: () => new Date(t) });

    const typeOf = async (type: string, id: string) =>
      (await db.prisma.event.findMany({ where: { type, payload: { path: ["id"], equals: id } } })).map((e) => e.payload as Record<string, unknown>);
    expect(await typeOf("payout_link.cancelled", a.id)).toEqual([expect.objectContaining({ status: "cancelled", object: "payout_link" })]);
    expect(await typeOf("payout_link.expired", b.id)).toEqual([expect.objectContaining({ status: "expired" })]);
    expect(await typeOf("payout.failed", `txn_${failed.transactionId}`)).toEqual([expect.objectContaining({ status: "failed", failure_reason: expect.any(String) })]);
    expect(await typeOf("payout.returned", `txn_${ret.transactionId}`)).toEqual([expect.objectContaining({ status: "returned" })]);
  });
});

describe("delivery", () => {
  it("POSTs the event with Standard Webhooks headers that the standardwebhooks library verifies; webhook-id is the event id", async () => {
    const r = await endpointAt(() => ({ status: 204 }));
    const eventId = await someEvent();
    expect(await tick(new Date())).toMatchObject({ leased: 1, delivered: 1 });
    expect(r.received).toHaveLength(1);
    const { headers, body } = r.received[0];
    const verified = new Webhook(r.endpoint.secret).verify(body, headers as Record<string, string>) as { id: string; type: string; data: { object: { object: string } } };
    expect(verified).toMatchObject({ id: `evt_${eventId}`, object: "event", type: "payout_link.claimed", data: { object: { object: "payout_link" } } });
    expect(headers["webhook-id"]).toBe(`evt_${eventId}`);
    expect(headers["content-type"]).toBe("application/json");
    // Another secret does not verify it (the check above can fail).
    const { secret: other } = await rotateWebhookEndpointSecret(db.prisma, org.organizationId, r.endpoint.id);
    expect(() => new Webhook(other).verify(body, headers as Record<string, string>)).toThrow();
    const delivery = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { eventId } });
    expect(delivery).toMatchObject({ status: "delivered", attemptCount: 1, lastStatusCode: 204, nextAttemptAt: null, leaseOwner: null });
  });

  it("a receiver down for the first attempts (500) gets it on a retry, with the same webhook-id; every attempt is logged", async () => {
    const r = await endpointAt((n) => (n <= 2 ? { status: 500, body: "down for maintenance" } : { status: 200, body: "ok" }));
    const t0 = Date.now();
    const eventId = await someEvent(new Date(t0));
    expect(await tick(new Date(t0))).toMatchObject({ delivered: 0, retrying: 1 });
    const after1 = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { eventId } });
    expect(after1).toMatchObject({ status: "pending", attemptCount: 1, lastStatusCode: 500, lastResponse: "down for maintenance" });
    expect(after1.nextAttemptAt!.getTime()).toBe(t0 + retryDelayMs(1, () => 0.5));
    expect((await tick(new Date(t0 + 1_000))).leased).toBe(0); // not due yet
    expect(await tick(new Date(t0 + 6_000))).toMatchObject({ retrying: 1 });
    expect(await tick(new Date(t0 + 6_000 + 31_000))).toMatchObject({ delivered: 1 });
    expect(r.received.map((x) => x.headers["webhook-id"])).toEqual([`evt_${eventId}`, `evt_${eventId}`, `evt_${eventId}`]);
    const last = r.received[2];
    expect(new Webhook(r.endpoint.secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({ id: `evt_${eventId}` });
    const attempts = await db.prisma.webhookDeliveryAttempt.findMany({ where: { delivery: { eventId } }, orderBy: { id: "asc" } });
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 500], [2, 500], [3, 200]]);
    for (const a of attempts) expect(a.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("a 301 is not delivered (redirects are not followed) and a receiver that never answers times out; both are retried", async () => {
    const moved = await endpointAt(() => ({ status: 301, headers: { location: "https://example.com/elsewhere" } }));
    const hang = await endpointAt(() => "hang");
    const eventId = await someEvent();
    // Long enough for the 301 to arrive on a busy machine; the hanging one is cut off at it.
    expect(await tick(new Date(), { timeoutMs: 2_000 })).toMatchObject({ leased: 2, delivered: 0, retrying: 2 });
    const rows = await db.prisma.webhookDelivery.findMany({ where: { eventId } });
    const of = (e: { endpoint: { id: string } }) => rows.find((d) => `we_${d.endpointId}` === e.endpoint.id)!;
    expect(of(moved)).toMatchObject({ status: "pending", lastStatusCode: 301, deliveredAt: null });
    expect(of(hang)).toMatchObject({ status: "pending", lastStatusCode: null, lastError: "timed out after 2000 ms" });
    expect(moved.received).toHaveLength(1);
    expect(hang.received).toHaveLength(1);
  });

  it("keeps retrying for at least 24 hours, then gives up as failed", async () => {
    const r = await endpointAt(() => ({ status: 503 }));
    const t0 = Date.now();
    const eventId = await someEvent(new Date(t0));
    let t = t0;
    for (let i = 0; i < 40; i++) {
      const row = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { eventId } });
      if (row.status !== "pending") break;
      t = Math.max(t, row.nextAttemptAt!.getTime());
      await tick(new Date(t));
    }
    const row = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { eventId } });
    expect(row.status).toBe("failed");
    const attempts = await db.prisma.webhookDeliveryAttempt.findMany({ where: { deliveryId: row.id }, orderBy: { id: "asc" } });
    expect(attempts.length).toBe(r.received.length);
    const penultimate = attempts[attempts.length - 2].createdAt.getTime();
    expect(penultimate - t0).toBeLessThan(GIVE_UP_AFTER_MS);
    expect(attempts[attempts.length - 1].createdAt.getTime() - t0).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS);
    // The backoff grows: 5 s, 30 s, 2 min, … and no wait is longer than 6 h (+ jitter).
    const gaps = attempts.slice(1).map((a, i) => a.createdAt.getTime() - attempts[i].createdAt.getTime());
    expect(gaps.slice(0, 4)).toEqual([5_000, 30_000, 120_000, 600_000]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(6 * 3_600_000 * 1.2);
  });

  it("a deleted endpoint gets nothing more", async () => {
    const r = await endpointAt(() => ({ status: 500 }));
    const eventId = await someEvent();
    await tick(new Date());
    await deleteWebhookEndpoint(db.prisma, org.organizationId, r.endpoint.id);
    await tick(new Date(Date.now() + 60_000));
    expect(r.received).toHaveLength(1);
    expect(await db.prisma.webhookDelivery.findFirstOrThrow({ where: { eventId } })).toMatchObject({ status: "failed", lastError: "endpoint deleted" });
    // and it gets no new deliveries
    await someEvent();
    expect(await db.prisma.webhookDelivery.count({ where: { endpointId: r.endpoint.id.slice(3), status: "pending" } })).toBe(0);
  });
});

describe("URL safety", () => {
  const refused = async (url: string, allowPrivate = false) => {
    const err = await createWebhookEndpoint(db.prisma, org.organizationId, { url, enabled_events: ["settlement.created"] }, { allowPrivate }).catch((e) => e);
    return err instanceof AppError ? { code: err.code, param: err.param } : { accepted: true };
  };

  it("refuses private, loopback and link-local addresses, http, credentials and 2 KB URLs outside development", async () => {
    for (const url of [
      "http://93.184.216.34/hook",
      "https://127.0.0.1/hook",
      "https://localhost/hook",
      "https://api.localhost/hook",
      "https://10.1.2.3/hook",
      "https://172.16.0.1/hook",
      "https://192.168.1.1/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/hook",
      "https://[fe80::1]/hook",
      "https://[fd00::1]/hook",
      "https://[::ffff:127.0.0.1]/hook",
      "https://2130706433/hook", // 127.0.0.1 as one number
      "https://0x7f.1/hook",
      "https://user:pass@example.com/hook",
      "https://example.com/" + "a".repeat(2_000),
      "ftp://example.com/hook",
      "not a url",
    ]) {
      expect(await refused(url), url).toEqual({ code: "url_invalid", param: "url" });
    }
    expect(await refused("https://93.184.216.34/hook")).toEqual({ accepted: true });
  });

  it("allows http and private addresses when ALLOW_PRIVATE_WEBHOOK_URLS applies, but never credentials", async () => {
    expect(await refused("http://127.0.0.1:9/hook", true)).toEqual({ accepted: true });
    expect(await refused("http://u:p@127.0.0.1:9/hook", true)).toEqual({ code: "url_invalid", param: "url" });
  });

  it("re-checks at delivery: an endpoint on a private address is not contacted by a worker that does not allow them", async () => {
    const r = await endpointAt(() => ({ status: 200 }));
    const eventId = await someEvent();
    expect(await tick(new Date(), { allowPrivate: false })).toMatchObject({ delivered: 0, retrying: 1 });
    expect(r.received).toHaveLength(0);
    expect((await db.prisma.webhookDelivery.findFirstOrThrow({ where: { eventId } })).lastError).toMatch(/^refused: /);
  });

  it("the socket's DNS lookup refuses names that resolve to private addresses (DNS rebinding)", async () => {
    const result = await new Promise<{ err: NodeJS.ErrnoException | null }>((resolve) => safeLookup(false)("localhost", {}, (err) => resolve({ err })));
    expect(result.err?.code).toBe("EPRIVATEADDRESS");
    const allowed = await new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
      safeLookup(true)("localhost", {}, (err, address) => resolve({ err, address })),
    );
    expect(allowed.err).toBeNull();
    expect(["127.0.0.1", "::1"]).toContain(allowed.address);
  });

  it("classifies addresses", () => {
    for (const a of ["127.0.0.1", "10.0.0.1", "100.64.0.1", "169.254.1.1", "172.31.255.255", "192.168.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "::ffff:7f00:1", "224.0.0.1"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) expect(isPrivateAddress(a), a).toBe(false);
  });
});
