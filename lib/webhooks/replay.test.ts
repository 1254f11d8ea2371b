import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { newId } from "@/lib/ids";
import { serializePayoutLink } from "@/lib/payout-links/serialize-payout-link";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { createFundedOrg, type OrgFixture } from "@/test/support/fixtures";
import { raceOrderedLocker } from "@/test/support/lock-order";
import { seedClaimedPayouts } from "@/test/support/payouts-fixtures";
import { GIVE_UP_AFTER_MS, runWebhookTick } from "./deliver";
import { getWebhookDelivery, listWebhookDeliveries } from "./deliveries";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "./endpoints";
import { listEvents, recordEvent } from "./events";
import { replayWebhookEvents, retryWebhookDelivery } from "./replay";
import { EVENT_TYPES, REPLAY_LIMITS, type EventType } from "./schemas";
import { sendTestWebhookEvent } from "./test-event";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 12 });
});
afterAll(async () => {
  await db.destroy();
});

/** A real HTTP receiver on 127.0.0.1; `answer` decides per request (n counts all requests). */
type Received = { headers: IncomingHttpHeaders; body: string };
type Answer = { status: number; body?: string } | "hang" | "close";
let receivers: { close: () => Promise<void> }[] = [];
function receiver(answer: (n: number, r: Received) => Answer) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      const a = answer(received.length, r);
      if (a === "hang") return;
      if (a === "close") return void req.socket.destroy(); // the connection drops without an answer
      res.writeHead(a.status).end(a.body ?? "");
    });
  });
  const ready = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)));
  const r = { received, ready, close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))) };
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
  // Every test starts with no pending deliveries anywhere, so its ticks see only its own.
  await db.prisma.webhookDelivery.updateMany({ where: { status: "pending" }, data: { status: "failed", nextAttemptAt: null } });
  await db.prisma.webhookEndpoint.updateMany({ where: { disabledAt: null }, data: { disabledAt: new Date() } });
});

async function endpointFor(org: OrgFixture, url: string, events: EventType[] = [...EVENT_TYPES]) {
  return createWebhookEndpoint(db.prisma, org.organizationId, { url, enabled_events: events }, { allowPrivate: true });
}

/** `count` payout_link.claimed events (one per seeded link), recorded the way the app does it. */
async function claimedEvents(org: OrgFixture, count: number, at?: Date): Promise<string[]> {
  const seeded = await seedClaimedPayouts(db.prisma, org, { count });
  const ids: string[] = [];
  for (const p of seeded) {
    ids.push(
      await db.prisma.$transaction(async (tx) => {
        const link = await tx.payoutLink.findUniqueOrThrow({ where: { id: p.linkId } });
        return recordEvent(tx, { organizationId: org.organizationId, type: "payout_link.claimed", data: serializePayoutLink(link), at });
      }),
    );
  }
  return ids;
}

// A generous timeout: a receiver in this process can be slow to answer on a busy machine, and only
// the test that makes it hang on purpose wants a timeout at all (it sets a short one for that round).
const tick = (now: Date = new Date(), timeoutMs = 10_000, concurrency?: number) =>
  runWebhookTick(db.prisma, { workerId: "test", now: () => now, allowPrivate: true, timeoutMs, concurrency, random: () => 0.5 });

/**
 * "Waits out" every pending backoff by making it due now. Signatures carry the real time (the
 * receiver's standardwebhooks check refuses timestamps 5 minutes off), so the clock is not faked here.
 */
const skipBackoff = () => db.prisma.webhookDelivery.updateMany({ where: { status: "pending" }, data: { nextAttemptAt: new Date(Date.now() - 1) } });

const rowsOf = (endpointId: string) => db.prisma.webhookDelivery.findMany({ where: { endpointId: endpointId.slice(3) }, orderBy: { id: "asc" } });

describe("a receiver that is down, then recovers", () => {
  it("500s, dropped connections and timeouts (one after the receiver processed it), then 200: every event is processed exactly once, verified with Webhook#verify", async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
    const N = 30;
    // The receiver as an operator would write it: verify, deduplicate on webhook-id, process, 2xx.
    const processed = new Map<string, number>();
    let secret = "";
    const perEvent = new Map<string, number>();
    let forged = 0;
    const r = receiver((_, req) => {
      let event: { id: string };
      try {
        event = new Webhook(secret).verify(req.body, req.headers as Record<string, string>) as { id: string };
      } catch {
        forged++;
        return { status: 400 };
      }
      const n = (perEvent.get(event.id) ?? 0) + 1;
      perEvent.set(event.id, n);
      if (n === 1) return { status: 500, body: "down" };
      if (n === 2) return "close";
      if (n === 3) {
        // Processes it, then is too slow to answer: the sender times out and will send it again.
        processed.set(event.id, (processed.get(event.id) ?? 0) + 1);
        return "hang";
      }
      if (!processed.has(event.id)) processed.set(event.id, 1); // dedupe: a repeat is acknowledged, not re-processed
      return { status: 200, body: "ok" };
    });
    const endpoint = await endpointFor(org, await r.ready, ["payout_link.claimed"]);
    secret = endpoint.secret;
    const eventIds = await claimedEvents(org, N);

    let rounds = 0;
    for (; rounds < 10; rounds++) {
      // The third attempt hangs: that round waits out a short timeout, all N at once.
      await (rounds === 2 ? tick(new Date(), 1_500, N) : tick());
      if ((await db.prisma.webhookDelivery.count({ where: { endpointId: endpoint.id.slice(3), status: "pending" } })) === 0) break;
      await skipBackoff();
    }
    expect(rounds).toBe(3); // 500, dropped, timed out, then delivered on the fourth attempt
    expect(forged).toBe(0);
    expect([...processed.keys()].sort()).toEqual(eventIds.map((id) => `evt_${id}`).sort());
    expect([...processed.values()].every((n) => n === 1)).toBe(true);
    // Four requests per event reached the receiver, all with the same webhook-id.
    expect(r.received).toHaveLength(4 * N);
    const rows = await rowsOf(endpoint.id);
    expect(rows.map((d) => [d.status, d.attemptCount])).toEqual(Array.from({ length: N }, () => ["delivered", 4]));
    const log = await getWebhookDelivery(db.prisma, org.organizationId, `whd_${rows[0].id}`);
    expect(log.attempts.map((a) => [a.attempt, a.status_code, a.error?.replace(/:.*/, "") ?? null])).toEqual([
      [1, 500, null],
      [2, null, "ECONNRESET"],
      [3, null, "timed out after 1500 ms"],
      [4, 200, null],
    ]);
    expect(log.attempts[0].response_excerpt).toBe("down");
  });
});

describe("replay", () => {
  /** An endpoint whose deliveries of `n` events were all given up (24 h of 500s, compressed). */
  async function givenUp(n: number) {
    const org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
    let up = false;
    const r = receiver(() => (up ? { status: 200 } : { status: 500 }));
    const endpoint = await endpointFor(org, await r.ready, ["payout_link.claimed", "payout.failed"]);
    const eventIds = await claimedEvents(org, n);
    await tick(new Date(Date.now() + GIVE_UP_AFTER_MS + 1_000)); // one attempt, a day late: given up at once
    expect((await rowsOf(endpoint.id)).map((d) => d.status)).toEqual(Array(n).fill("failed"));
    return { org, r, endpoint, eventIds, recover: () => (up = true) };
  }

  it("a window re-queues the failed deliveries in place (history kept, new 24 h window), they are delivered, and a second replay queues nothing new", async () => {
    const { org, r, endpoint, eventIds, recover } = await givenUp(5);
    recover();
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const replay = await replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { since });
    expect(replay).toMatchObject({ object: "webhook_replay", endpoint_id: endpoint.id, queued: 5, since, until: expect.any(String) });
    const rows = await rowsOf(endpoint.id);
    expect(rows.map((d) => [d.status, d.attemptCount, d.attemptsBeforeReplay])).toEqual(Array(5).fill(["pending", 1, 1]));
    expect(rows.every((d) => d.replayedAt !== null && d.nextAttemptAt!.getTime() <= Date.now())).toBe(true);
    expect(await tick()).toMatchObject({ delivered: 5 });
    const ids = r.received.slice(5).map((x) => x.headers["webhook-id"]);
    expect(ids.sort()).toEqual(eventIds.map((id) => `evt_${id}`).sort());
    const log = await getWebhookDelivery(db.prisma, org.organizationId, `whd_${rows[0].id}`);
    expect(log).toMatchObject({ status: "delivered", attempt_count: 2, replayed_at: expect.any(String) });
    expect(log.attempts.map((a) => [a.attempt, a.status_code])).toEqual([[1, 500], [2, 200]]);
    // Delivered now: the same window again queues nothing; with include_delivered it re-sends them.
    expect((await replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { since })).queued).toBe(0);
    expect((await replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { since, include_delivered: true })).queued).toBe(5);
  });

  it("a replayed delivery that keeps failing gets a fresh backoff (5 s first) and 24 hours from the replay", async () => {
    const { org, endpoint } = await givenUp(1);
    const t0 = Date.now();
    await replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { since: new Date(t0 - 3_600_000).toISOString() }, new Date(t0));
    await tick(new Date(t0));
    const [row] = await rowsOf(endpoint.id);
    expect(row).toMatchObject({ status: "pending", attemptCount: 2 });
    expect(row.nextAttemptAt!.getTime() - t0).toBe(5_000);
  });

  it("replays are idempotent and race safely: 10 concurrent replays of one window re-queue each delivery, and one tick sends each event once", async () => {
    const { org, r, endpoint, recover } = await givenUp(8);
    recover();
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const results = await Promise.all(Array.from({ length: 10 }, () => replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { since })));
    expect(results.every((x) => x.queued === 8)).toBe(true); // each found them pending or failed: same end state
    const rows = await rowsOf(endpoint.id);
    expect(new Set(rows.map((d) => d.status))).toEqual(new Set(["pending"]));
    expect(await tick()).toMatchObject({ leased: 8, delivered: 8 });
    expect(r.received.length).toBe(8 + 8);
  });

  it("PostgreSQL: locks deliveries in id order, so it cannot deadlock with another transaction doing the same (whatever order the rows sit in on disk)", async () => {
    if (db.kind !== "postgresql") {
      // PGlite has one connection: the open transaction below would hold it, so this race cannot happen there.
      expect(db.kind).toBe("embedded");
      return;
    }
    const { org, endpoint } = await givenUp(2);
    const [first, second] = await rowsOf(endpoint.id);
    // Move the first row's latest version after the second's, where a scan in physical order (the
    // bitmap or sequential scan a handful of ids gets) reaches it last. VACUUM FULL rewrites the
    // table without free slots (earlier tests' dead rows would let a new version land anywhere);
    // next_attempt_at is indexed, so the update is not HOT and the index follows the new version.
    await db.prisma.$executeRawUnsafe("VACUUM FULL webhook_deliveries");
    await db.prisma.webhookDelivery.update({ where: { id: first.id }, data: { nextAttemptAt: new Date(0) } }); // still failed: nothing sends it
    const [onDisk] = await db.prisma.$queryRaw<{ id: string }[]>`SELECT id FROM webhook_deliveries WHERE id IN (${first.id}, ${second.id}) ORDER BY ctid LIMIT 1`;
    expect(onDisk.id).toBe(second.id);

    // Another transaction takes the rows in id order: the first, then (once the replay waits) the second.
    const race = await raceOrderedLocker(db.prisma, { table: "webhook_deliveries", ids: [first.id, second.id], blockedStatement: "UPDATE webhook_deliveries" }, () =>
      replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { since: new Date(Date.now() - 3_600_000).toISOString() }),
    );
    expect(race.blocked).toBe(true);
    // A replay that had locked the second row first would have been in a cycle with the other
    // transaction, and PostgreSQL would have aborted one of them (40P01).
    expect(race.other.status).toBe("fulfilled");
    expect(race.result).toMatchObject({ status: "fulfilled", value: { queued: 2 } });
    expect((await rowsOf(endpoint.id)).map((d) => d.status)).toEqual(["pending", "pending"]);
  });

  it("leaves a delivery being attempted right now alone", async () => {
    const { org, endpoint } = await givenUp(2);
    const [a, b] = await rowsOf(endpoint.id);
    await db.prisma.webhookDelivery.update({ where: { id: a.id }, data: { status: "pending", leaseOwner: "other", leaseExpiresAt: new Date(Date.now() + 60_000) } });
    const replay = await replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { since: new Date(Date.now() - 3_600_000).toISOString() });
    expect(replay.queued).toBe(1);
    expect(await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ leaseOwner: "other", replayedAt: null });
    expect(await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ status: "pending", leaseOwner: null });
  });

  it("event_ids re-sends exactly those, delivered or not; only subscribed types after the endpoint was created", async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
    const r = receiver(() => ({ status: 200 }));
    const before = await claimedEvents(org, 1, new Date(Date.now() - 60_000)); // before the endpoint existed
    const endpoint = await endpointFor(org, await r.ready, ["payout_link.claimed"]);
    const ids = await claimedEvents(org, 3);
    await tick();
    expect(r.received).toHaveLength(3);
    const replay = await replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { event_ids: [`evt_${ids[0]}`, `evt_${ids[2]}`, `evt_${ids[0]}`] });
    expect(replay).toMatchObject({ queued: 2, since: null, until: null });
    await tick();
    expect(r.received.slice(3).map((x) => x.headers["webhook-id"]).sort()).toEqual([`evt_${ids[0]}`, `evt_${ids[2]}`].sort());

    // A type the endpoint does not take, an event from before it existed, another organisation's event.
    const other = await createFundedOrg(db.prisma, { deposit: 1_000_000 });
    const [foreign] = await claimedEvents(other, 1);
    const [cancelled] = await db.prisma.$transaction(async (tx) => {
      const link = await tx.payoutLink.findFirstOrThrow({ where: { organizationId: org.organizationId } });
      return [await recordEvent(tx, { organizationId: org.organizationId, type: "payout_link.cancelled", data: serializePayoutLink(link) })];
    });
    const refusal = (event_ids: string[]) => replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { event_ids }).catch((e: AppError) => [e.code, e.param]);
    expect(await refusal([`evt_${ids[1]}`, `evt_${cancelled}`])).toEqual(["event_not_replayable", "event_ids.1"]);
    expect(await refusal([`evt_${before[0]}`])).toEqual(["event_not_replayable", "event_ids.0"]);
    expect(await refusal([`evt_${ids[1]}`, `evt_${foreign}`])).toEqual(["event_not_found", "event_ids.1"]);
    expect(await refusal(["evt_nope"])).toEqual(["event_not_found", "event_ids.0"]);
    // Refusals queued nothing.
    expect((await rowsOf(endpoint.id)).map((d) => d.status)).toEqual(["delivered", "delivered", "delivered"]);
  });

  it(`is bounded: a window with more than ${REPLAY_LIMITS.maxEvents} events to re-send is refused and queues nothing`, async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
    const r = receiver(() => ({ status: 500 }));
    const endpoint = await endpointFor(org, await r.ready, ["payout.failed"]);
    const at = new Date();
    // Bulk-written events with failed deliveries, as 24 hours of refusals would leave them.
    const events = Array.from({ length: REPLAY_LIMITS.maxEvents + 1 }, (_, i) => ({
      id: newId(at.getTime() + i),
      organizationId: org.organizationId,
      type: "payout.failed",
      payload: {},
      createdAt: new Date(at.getTime() + i),
    }));
    await db.prisma.event.createMany({ data: events });
    await db.prisma.webhookDelivery.createMany({
      data: events.map((e) => ({ id: newId(at.getTime()), eventId: e.id, endpointId: endpoint.id.slice(3), status: "failed" as const, nextAttemptAt: null, attemptCount: 9 })),
    });
    const window = { since: new Date(at.getTime() - 1).toISOString(), until: new Date(at.getTime() + 60_000).toISOString() };
    const err = await replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, window).catch((e) => e);
    expect([err.code, err.param]).toEqual(["replay_too_large", "since"]);
    expect(await db.prisma.webhookDelivery.count({ where: { endpointId: endpoint.id.slice(3), status: "pending" } })).toBe(0);
    // One event fewer fits.
    const narrower = { ...window, until: new Date(at.getTime() + REPLAY_LIMITS.maxEvents).toISOString() };
    expect((await replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, narrower)).queued).toBe(REPLAY_LIMITS.maxEvents);
  });

  it("gives an event that has no delivery row for a subscribed endpoint (committed while the endpoint was being created) one", async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
    const r = receiver(() => ({ status: 200 }));
    const endpoint = await endpointFor(org, await r.ready, ["payout_link.claimed"]);
    const [eventId] = await claimedEvents(org, 1);
    await db.prisma.webhookDeliveryAttempt.deleteMany({ where: { delivery: { eventId } } });
    await db.prisma.webhookDelivery.deleteMany({ where: { eventId } });
    const replay = await replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { since: new Date(Date.now() - 60_000).toISOString() });
    expect(replay.queued).toBe(1);
    await tick();
    expect(r.received.map((x) => x.headers["webhook-id"])).toEqual([`evt_${eventId}`]);
  });

  it("retry re-sends one delivery now (a delivered one too), keeps its history; a deleted endpoint's delivery is refused", async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
    const r = receiver(() => ({ status: 200 }));
    const endpoint = await endpointFor(org, await r.ready, ["payout_link.claimed"]);
    await claimedEvents(org, 1);
    await tick();
    const [row] = await rowsOf(endpoint.id);
    const retried = await retryWebhookDelivery(db.prisma, org.organizationId, `whd_${row.id}`);
    expect(retried).toMatchObject({ id: `whd_${row.id}`, status: "pending", attempt_count: 1, delivered_at: null });
    expect(await retryWebhookDelivery(db.prisma, org.organizationId, `whd_${row.id}`)).toMatchObject({ status: "pending" }); // repeatable
    await tick();
    expect(r.received).toHaveLength(2);
    expect((await getWebhookDelivery(db.prisma, org.organizationId, `whd_${row.id}`)).attempts.map((a) => a.attempt)).toEqual([1, 2]);
    await deleteWebhookEndpoint(db.prisma, org.organizationId, endpoint.id);
    const err = await retryWebhookDelivery(db.prisma, org.organizationId, `whd_${row.id}`).catch((e) => e);
    expect([err.code, err.param]).toEqual(["webhook_endpoint_deleted", "id"]);
    const replayErr = await replayWebhookEvents(db.prisma, org.organizationId, endpoint.id, { since: new Date(Date.now() - 60_000).toISOString() }).catch((e) => e);
    expect([replayErr.code, replayErr.param]).toEqual(["webhook_endpoint_not_found", "id"]);
    // The log of a deleted endpoint stays readable by delivery id.
    expect((await getWebhookDelivery(db.prisma, org.organizationId, `whd_${row.id}`)).status).toBe("delivered");
  });
});

describe("test events and the delivery log", () => {
  it("a test event goes to that one endpoint only, signed, through the delivery log, and stays out of the default events list", async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
    const a = receiver(() => ({ status: 200, body: "thanks" }));
    const b = receiver(() => ({ status: 200 }));
    const ea = await endpointFor(org, await a.ready, ["settlement.created"]);
    await endpointFor(org, await b.ready, ["settlement.created"]);
    const delivery = await sendTestWebhookEvent(db.prisma, org.organizationId, ea.id);
    expect(delivery).toMatchObject({ object: "webhook_delivery", endpoint_id: ea.id, event_type: "webhook.test", status: "pending", attempt_count: 0 });
    await tick();
    expect(b.received).toHaveLength(0);
    expect(a.received).toHaveLength(1);
    const event = new Webhook(ea.secret).verify(a.received[0].body, a.received[0].headers as Record<string, string>);
    expect(event).toMatchObject({ id: delivery.event_id, type: "webhook.test", data: { object: { object: "webhook_test", endpoint_id: ea.id } } });
    const log = await getWebhookDelivery(db.prisma, org.organizationId, delivery.id);
    expect(log).toMatchObject({ status: "delivered", attempts: [{ attempt: 1, status_code: 200, response_excerpt: "thanks", error: null }] });
    expect((await listEvents(db.prisma, org.organizationId, {})).data.map((e) => e.type)).not.toContain("webhook.test");
    expect((await listEvents(db.prisma, org.organizationId, { type: "webhook.test" })).data.map((e) => e.id)).toEqual([delivery.event_id]);
  });

  it("caps test events at 10 per endpoint per minute: the 11th is rate_limited and writes nothing; the next minute is open again", async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
    const r = receiver(() => ({ status: 200 }));
    const endpoint = await endpointFor(org, await r.ready, ["settlement.created"]);
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 60_000);
    const at = (ms: number) => new Date(minute.getTime() + ms);
    for (let i = 0; i < 10; i++) await sendTestWebhookEvent(db.prisma, org.organizationId, endpoint.id, at(i * 1_000));
    const tests = () => db.prisma.event.count({ where: { organizationId: org.organizationId, type: "webhook.test" } });
    expect(await tests()).toBe(10);
    const err = await sendTestWebhookEvent(db.prisma, org.organizationId, endpoint.id, at(45_000)).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect([err.code, err.status, err.retryAfterSeconds]).toEqual(["rate_limited", 429, 15]);
    expect(await tests()).toBe(10);
    expect(await db.prisma.webhookDelivery.count({ where: { endpointId: endpoint.id.slice(3) } })).toBe(10);
    await sendTestWebhookEvent(db.prisma, org.organizationId, endpoint.id, at(60_000));
    expect(await tests()).toBe(11);
  });

  it("lists an endpoint's deliveries newest first, by status, event and type, a page at a time", async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
    const r = receiver((n) => (n % 2 ? { status: 200 } : { status: 500 }));
    const endpoint = await endpointFor(org, await r.ready, ["payout_link.claimed"]);
    const ids = await claimedEvents(org, 4);
    await db.prisma.webhookDelivery.updateMany({ where: { eventId: { in: ids } }, data: { nextAttemptAt: new Date(Date.now() + 3_600_000) } });
    for (const id of ids) {
      await db.prisma.webhookDelivery.updateMany({ where: { eventId: id }, data: { nextAttemptAt: new Date() } });
      await tick(); // one at a time so the receiver's alternation maps onto the events in order
    }
    const test = await sendTestWebhookEvent(db.prisma, org.organizationId, endpoint.id);
    const all = await listWebhookDeliveries(db.prisma, org.organizationId, endpoint.id, {});
    expect(all.data.map((d) => d.event_id)).toEqual([test.event_id, ...ids.map((id) => `evt_${id}`).reverse()]);
    const page1 = await listWebhookDeliveries(db.prisma, org.organizationId, endpoint.id, { limit: 2 });
    const page2 = await listWebhookDeliveries(db.prisma, org.organizationId, endpoint.id, { limit: 2, starting_after: page1.next_cursor! });
    expect([...page1.data, ...page2.data].map((d) => d.id)).toEqual(all.data.slice(0, 4).map((d) => d.id));
    expect(page1.has_more).toBe(true);
    const pending = await listWebhookDeliveries(db.prisma, org.organizationId, endpoint.id, { status: "pending" });
    expect(pending.data.map((d) => d.event_id)).toEqual([test.event_id, `evt_${ids[3]}`, `evt_${ids[1]}`]);
    expect((await listWebhookDeliveries(db.prisma, org.organizationId, endpoint.id, { event_id: `evt_${ids[2]}` })).data).toHaveLength(1);
    expect((await listWebhookDeliveries(db.prisma, org.organizationId, endpoint.id, { event_type: "webhook.test" })).data.map((d) => d.id)).toEqual([test.id]);
    // Another endpoint's delivery is not a cursor here.
    const other = await endpointFor(org, await r.ready, ["payout_link.claimed"]);
    const otherTest = await sendTestWebhookEvent(db.prisma, org.organizationId, other.id);
    const err = await listWebhookDeliveries(db.prisma, org.organizationId, endpoint.id, { starting_after: otherTest.id }).catch((e) => e);
    expect([err.code, err.param]).toEqual(["cursor_invalid", "starting_after"]);
  });
});

