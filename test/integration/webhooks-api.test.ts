import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { cancelPayoutLink } from "@/lib/payout-links/cancel-payout-link";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { createClient, PayoutLinksError, type PayoutLinksClient } from "@/lib/sdk";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { createFundedOrg } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/test-server";
import { awaitRoomInWindow } from "../support/rate-window";

// The delivery log, replay, retry and test-event routes over HTTP against a running server with its
// in-process webhook delivery: bad input table-driven (exact status, code and param, nothing
// changed), then the SDK's webhook and event methods end to end with a local receiver that verifies
// every delivery with the standardwebhooks library.

type Received = { headers: IncomingHttpHeaders; body: string };
const received: Received[] = [];
let receiver: Server;
let receiverUrl = "";

type Fixtures = {
  apiKey: string;
  otherApiKey: string;
  /** Org A's endpoint, subscribed to payout_link.cancelled; its deliveries are all settled (none pending). */
  endpointId: string;
  deliveryId: string;
  cancelledEventId: string;
  expiredTypeEventId: string;
  /** Org B's endpoint, delivery and event. */
  otherEndpointId: string;
  otherDeliveryId: string;
  otherEventId: string;
  deletedEndpointId: string;
  deletedDeliveryId: string;
};
let server: TestServer<Fixtures>;

/** Link events of one organisation: `count` links cancelled (payout_link.cancelled), written by the app's own functions. */
async function cancelledLinks(prisma: PrismaClient, organizationId: string, count: number) {
  for (let i = 0; i < count; i++) {
    const link = await generatePayoutLink(prisma, { organizationId, actor: "test" }, { amount: 100 + i, currency: "USD", description: `link ${i}` });
    await cancelPayoutLink(prisma, { organizationId, actor: "test" }, link.id);
  }
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  receiverUrl = await new Promise<string>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`)));
  server = await startTestServer(
    async (prisma) => {
      const a = await createFundedOrg(prisma, { deposit: 1_000_000 });
      const b = await createFundedOrg(prisma, { deposit: 1_000_000, name: "Other Org" });
      // The table's endpoints point at a port nothing listens on; their deliveries are settled as failed
      // so the running worker leaves them alone and "nothing changed" can be checked exactly.
      const nowhere = "http://127.0.0.1:9/hook";
      const ea = await createWebhookEndpoint(prisma, a.organizationId, { url: nowhere, enabled_events: ["payout_link.cancelled"] }, { allowPrivate: true });
      const eb = await createWebhookEndpoint(prisma, b.organizationId, { url: nowhere, enabled_events: ["payout_link.cancelled"] }, { allowPrivate: true });
      const gone = await createWebhookEndpoint(prisma, a.organizationId, { url: nowhere, enabled_events: ["payout_link.cancelled"] }, { allowPrivate: true });
      await cancelledLinks(prisma, a.organizationId, 2);
      await cancelledLinks(prisma, b.organizationId, 1);
      const expiredType = await prisma.$transaction(async (tx) => {
        const { recordEvent } = await import("@/lib/webhooks/events");
        const link = await tx.payoutLink.findFirstOrThrow({ where: { organizationId: a.organizationId } });
        const { serializePayoutLink } = await import("@/lib/payout-links/serialize-payout-link");
        return recordEvent(tx, { organizationId: a.organizationId, type: "payout_link.expired", data: serializePayoutLink(link) });
      });
      await deleteWebhookEndpoint(prisma, a.organizationId, gone.id);
      await prisma.webhookDelivery.updateMany({ data: { status: "failed", nextAttemptAt: null, attemptCount: 1 } });
      const of = (endpointId: string) => prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpointId.slice(3) }, orderBy: { id: "desc" } });
      const [da, db, dg] = await Promise.all([of(ea.id), of(eb.id), of(gone.id)]);
      return {
        apiKey: a.apiKey,
        otherApiKey: b.apiKey,
        endpointId: ea.id,
        deliveryId: `whd_${da.id}`,
        cancelledEventId: `evt_${da.eventId}`,
        expiredTypeEventId: `evt_${expiredType}`,
        otherEndpointId: eb.id,
        otherDeliveryId: `whd_${db.id}`,
        otherEventId: `evt_${db.eventId}`,
        deletedEndpointId: gone.id,
        deletedDeliveryId: `whd_${dg.id}`,
      };
    },
    {
      RUN_WORKER_IN_WEB: "true",
      WEBHOOK_DELIVERY: "on",
      WEBHOOK_POLL_INTERVAL_MS: "100",
      ALLOW_PRIVATE_WEBHOOK_URLS: "true",
    },
  );
});
afterAll(async () => {
  await server?.stop();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
});

const api = async (method: string, path: string, body?: unknown, apiKey = server.fixtures.apiKey, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
};

describe("bad input on the delivery log, replay, retry and test routes", () => {
  it("is refused with the exact status, code and param, and changes nothing", async () => {
    const f = server.fixtures;
    const ep = `/treasury/webhook-endpoints/${f.endpointId}`;
    const day = 24 * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const now = Date.now();
    const unknownEndpoint = "we_01JZ8X5Q3W4E5R6T7Y8U9I0OPE";
    const unknownDelivery = "whd_01JZ8X5Q3W4E5R6T7Y8U9I0OPE";
    const unknownEvent = "evt_01JZ8X5Q3W4E5R6T7Y8U9I0OPE";
    const cases: [string, string, unknown, number, string, string | undefined][] = [
      ["GET", `/treasury/webhook-endpoints/${unknownEndpoint}`, undefined, 404, "webhook_endpoint_not_found", "id"],
      ["GET", "/treasury/webhook-endpoints/not-an-id", undefined, 404, "webhook_endpoint_not_found", "id"],
      ["GET", `/treasury/webhook-endpoints/${f.otherEndpointId}`, undefined, 404, "webhook_endpoint_not_found", "id"],
      ["GET", `/treasury/webhook-endpoints/${f.deletedEndpointId}`, undefined, 404, "webhook_endpoint_not_found", "id"],
      ["GET", `${ep}?limit=1`, undefined, 400, "parameter_unknown", "limit"],
      ["GET", `${ep}/deliveries?status=sent`, undefined, 400, "status_invalid", "status"],
      ["GET", `${ep}/deliveries?limit=0`, undefined, 400, "limit_invalid", "limit"],
      ["GET", `${ep}/deliveries?limit=1.5`, undefined, 400, "limit_invalid", "limit"],
      ["GET", `${ep}/deliveries?starting_after=garbage`, undefined, 400, "cursor_invalid", "starting_after"],
      ["GET", `${ep}/deliveries?starting_after=${f.otherDeliveryId}`, undefined, 400, "cursor_invalid", "starting_after"],
      ["GET", `${ep}/deliveries?starting_after=${f.deletedDeliveryId}`, undefined, 400, "cursor_invalid", "starting_after"],
      ["GET", `${ep}/deliveries?event_id=42`, undefined, 400, "parameter_invalid", "event_id"],
      ["GET", `${ep}/deliveries?event_type=payout.exploded`, undefined, 400, "event_type_invalid", "event_type"],
      ["GET", `${ep}/deliveries?status=failed&status=pending`, undefined, 400, "parameter_invalid", "status"],
      ["GET", `${ep}/deliveries?secret=1`, undefined, 400, "parameter_unknown", "secret"],
      ["GET", `/treasury/webhook-endpoints/${f.otherEndpointId}/deliveries`, undefined, 404, "webhook_endpoint_not_found", "id"],
      ["GET", `/treasury/webhook-deliveries/${unknownDelivery}`, undefined, 404, "webhook_delivery_not_found", "id"],
      ["GET", "/treasury/webhook-deliveries/evt_nope", undefined, 404, "webhook_delivery_not_found", "id"],
      ["GET", `/treasury/webhook-deliveries/${f.otherDeliveryId}`, undefined, 404, "webhook_delivery_not_found", "id"],
      ["POST", `/treasury/webhook-deliveries/${unknownDelivery}/retry`, undefined, 404, "webhook_delivery_not_found", "id"],
      ["POST", `/treasury/webhook-deliveries/${f.otherDeliveryId}/retry`, undefined, 404, "webhook_delivery_not_found", "id"],
      ["POST", `/treasury/webhook-deliveries/${f.deletedDeliveryId}/retry`, undefined, 409, "webhook_endpoint_deleted", "id"],
      ["POST", `/treasury/webhook-deliveries/${f.deliveryId}/retry?now=1`, undefined, 400, "parameter_unknown", "now"],
      ["POST", `${ep}/replay`, {}, 400, "parameter_missing", "since"],
      ["POST", `${ep}/replay`, { until: iso(now) }, 400, "parameter_missing", "since"],
      ["POST", `${ep}/replay`, { since: iso(now), until: iso(now - day) }, 400, "replay_window_invalid", "until"],
      ["POST", `${ep}/replay`, { since: iso(now), until: iso(now) }, 400, "replay_window_invalid", "until"],
      ["POST", `${ep}/replay`, { since: iso(now - 8 * day), until: iso(now) }, 400, "replay_window_invalid", "until"],
      ["POST", `${ep}/replay`, { since: iso(now + day) }, 400, "replay_window_invalid", "since"],
      ["POST", `${ep}/replay`, { since: "yesterday" }, 400, "replay_window_invalid", "since"],
      ["POST", `${ep}/replay`, { since: now }, 400, "replay_window_invalid", "since"],
      ["POST", `${ep}/replay`, { since: iso(now - day), include_delivered: "yes" }, 400, "parameter_invalid", "include_delivered"],
      ["POST", `${ep}/replay`, { since: iso(now - day), only_failed: true }, 400, "parameter_unknown", "only_failed"],
      ["POST", `${ep}/replay`, { event_ids: [] }, 400, "event_ids_invalid", "event_ids"],
      ["POST", `${ep}/replay`, { event_ids: f.cancelledEventId }, 400, "event_ids_invalid", "event_ids"],
      ["POST", `${ep}/replay`, { event_ids: Array(101).fill(f.cancelledEventId) }, 400, "event_ids_invalid", "event_ids"],
      ["POST", `${ep}/replay`, { event_ids: [f.cancelledEventId, 7] }, 400, "event_ids_invalid", "event_ids.1"],
      ["POST", `${ep}/replay`, { event_ids: [unknownEvent] }, 404, "event_not_found", "event_ids.0"],
      ["POST", `${ep}/replay`, { event_ids: [f.cancelledEventId, "plink_x"] }, 404, "event_not_found", "event_ids.1"],
      ["POST", `${ep}/replay`, { event_ids: [f.otherEventId] }, 404, "event_not_found", "event_ids.0"],
      ["POST", `${ep}/replay`, { event_ids: [f.cancelledEventId, f.expiredTypeEventId] }, 400, "event_not_replayable", "event_ids.1"],
      ["POST", `${ep}/replay`, { event_ids: [f.cancelledEventId], since: iso(now - day) }, 400, "parameter_invalid", "since"],
      ["POST", `${ep}/replay`, { event_ids: [f.cancelledEventId], include_delivered: true }, 400, "parameter_invalid", "include_delivered"],
      ["POST", `${ep}/replay`, "{\"since\": ", 400, "invalid_json", undefined],
      ["POST", `/treasury/webhook-endpoints/${f.otherEndpointId}/replay`, { since: iso(now - day) }, 404, "webhook_endpoint_not_found", "id"],
      ["POST", `/treasury/webhook-endpoints/${f.deletedEndpointId}/replay`, { since: iso(now - day) }, 404, "webhook_endpoint_not_found", "id"],
      ["POST", `/treasury/webhook-endpoints/${unknownEndpoint}/test`, undefined, 404, "webhook_endpoint_not_found", "id"],
      ["POST", `/treasury/webhook-endpoints/${f.otherEndpointId}/test`, undefined, 404, "webhook_endpoint_not_found", "id"],
      ["POST", `/treasury/webhook-endpoints/${f.deletedEndpointId}/test`, undefined, 404, "webhook_endpoint_not_found", "id"],
      ["GET", `${ep}/replay`, undefined, 405, "method_not_allowed", undefined],
      ["DELETE", `/treasury/webhook-deliveries/${f.deliveryId}`, undefined, 405, "method_not_allowed", undefined],
    ];
    const snapshot = async () => {
      const [deliveries, gone, tests, events] = await Promise.all([
        api("GET", `${ep}/deliveries?limit=100`),
        api("GET", `/treasury/webhook-deliveries/${f.deletedDeliveryId}`),
        api("GET", "/treasury/events?type=webhook.test"),
        api("GET", "/treasury/events?limit=100"),
      ]);
      return { deliveries: deliveries.body, gone: gone.body, tests: tests.body, events: events.body };
    };
    const before = await snapshot();
    expect(before.deliveries.data.map((d: { status: string }) => d.status)).toEqual(["failed", "failed"]);
    for (const [method, path, body, status, code, param] of cases) {
      const label = `${method} ${path} ${JSON.stringify(body)?.slice(0, 100)}`;
      const res = await api(method, path, body);
      expect(res.status, label).toBe(status);
      expect(res.body.error?.code, label).toBe(code);
      expect(res.body.error?.param, label).toBe(param);
    }
    expect(await snapshot()).toEqual(before);
    // The same requests are fine for the organisation that owns them.
    const theirs = await api("GET", `/treasury/webhook-deliveries/${f.otherDeliveryId}`, undefined, f.otherApiKey);
    expect(theirs.status).toBe(200);
  });
});

describe("test events are capped per endpoint", () => {
  it("the 11th in a minute is a 429 rate_limited with Retry-After that queues nothing, is not stored under its Idempotency-Key, and another endpoint keeps its own count", async () => {
    // Subscribed to an event nothing in this file produces, and deleted at the end, so the other
    // tests' receivers see exactly their own deliveries.
    const create = async () =>
      (await api("POST", "/treasury/webhook-endpoints", { url: receiverUrl, enabled_events: ["deposit.failed"] })).body.data.id as string;
    const [capped, other] = [await create(), await create()];
    // The count is per wall-clock minute: start well inside one so all eleven land in it.
    await awaitRoomInWindow(60);
    const send = (endpointId: string, headers: Record<string, string> = {}) => api("POST", `/treasury/webhook-endpoints/${endpointId}/test`, undefined, undefined, headers);
    for (let i = 0; i < 10; i++) expect((await send(capped)).status).toBe(201);
    const refused = await send(capped, { "Idempotency-Key": "test-event-over-the-cap" });
    expect([refused.status, refused.body.error.code, refused.body.error.type]).toEqual([429, "rate_limited", "rate_limit_error"]);
    expect(refused.body.error.message).toMatch(/at most 10 test events per endpoint per minute/i);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    const queued = await api("GET", `/treasury/webhook-endpoints/${capped}/deliveries?event_type=webhook.test&limit=100`);
    expect(queued.body.data).toHaveLength(10);
    if (server.prisma) {
      // A refusal about timing is not kept for replays: the same key retried after the wait runs.
      expect(await server.prisma.idempotencyRecord.count({ where: { key: "test-event-over-the-cap" } })).toBe(0);
    }
    expect((await send(other)).status).toBe(201);
    for (const id of [capped, other]) expect((await api("DELETE", `/treasury/webhook-endpoints/${id}`)).status).toBe(200);
  });
});

describe("the SDK's webhook and event methods against the running server", () => {
  let client: PayoutLinksClient;
  beforeAll(() => {
    client = createClient({ apiKey: server.fixtures.apiKey, baseUrl: server.baseUrl, retryBaseDelayMs: 10 });
  });

  async function waitFor<T>(what: string, find: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = await find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("creating an endpoint survives a lost response: the retry gets the same endpoint and secret, and only one exists; the stored replay keeps no secret in clear", async () => {
    let dropped = 0;
    const flaky = createClient({
      apiKey: server.fixtures.apiKey,
      baseUrl: server.baseUrl,
      retryBaseDelayMs: 10,
      // The first answer is lost on the way back, after the server has acted on the request.
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (dropped++ === 0) {
          await res.text();
          throw new TypeError("fetch failed: socket hang up");
        }
        return res;
      },
    });
    const url = `${receiverUrl}?case=lost-response`;
    const { data } = await flaky.createWebhookEndpoint({ url, enabled_events: ["payout_link.cancelled"] }, { idempotencyKey: "create-hook-1" });
    expect(dropped).toBe(2);
    expect(data).toMatchObject({ object: "webhook_endpoint", url, enabled_events: ["payout_link.cancelled"] });
    expect(data.secret).toMatch(/^whsec_/);
    const all = [];
    for await (const e of client.listWebhookEndpoints.all({ limit: 1 })) all.push(e);
    expect(all.filter((e) => e.url === url).map((e) => e.id)).toEqual([data.id]);
    // The same key once more, over plain HTTP: a replay, same secret.
    const again = await api("POST", "/treasury/webhook-endpoints", { url, enabled_events: ["payout_link.cancelled"] }, undefined, { "Idempotency-Key": "create-hook-1" });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.data).toEqual(data);
    const other = await api("POST", "/treasury/webhook-endpoints", { url, enabled_events: ["payout.failed"] }, undefined, { "Idempotency-Key": "create-hook-1" });
    expect([other.status, other.body.error.code]).toEqual([409, "idempotency_key_reused"]);
    if (server.prisma) {
      const records = await server.prisma.idempotencyRecord.findMany({ where: { key: "create-hook-1" } });
      expect(records).toHaveLength(1);
      const stored = JSON.stringify(records[0].responseBody);
      expect(stored).not.toContain(data.secret);
      expect(stored).not.toContain(data.secret.slice("whsec_".length));
      expect(stored).toContain("secret_ciphertext");
    } else {
      expect(server.database.kind).toBe("embedded"); // the server owns the embedded database while it runs
    }
    await client.deleteWebhookEndpoint(data.id);
  });

  it("get, test event (verified), delivery log, rotate, replay, retry, events, delete", async () => {
    const { data: endpoint } = await client.createWebhookEndpoint({ url: receiverUrl, enabled_events: ["payout_link.cancelled"] });
    expect((await client.getWebhookEndpoint(endpoint.id)).data).toEqual({
      id: endpoint.id,
      object: "webhook_endpoint",
      url: receiverUrl,
      enabled_events: ["payout_link.cancelled"],
      created_at: endpoint.created_at,
    });
    const mine = (id: string) => received.filter((r) => r.headers["webhook-id"] === id);

    // A test event, delivered to this endpoint only and verified with its secret.
    const { data: test } = await client.sendTestWebhookEvent(endpoint.id);
    expect(test).toMatchObject({ object: "webhook_delivery", endpoint_id: endpoint.id, event_type: "webhook.test", status: "pending" });
    const delivered = await waitFor("the test event", async () => {
      const { data } = await client.getWebhookDelivery(test.id);
      return data.status === "delivered" ? data : undefined;
    });
    expect(delivered.attempts).toEqual([expect.objectContaining({ attempt: 1, status_code: 200, response_excerpt: "ok", error: null })]);
    expect(mine(test.event_id)).toHaveLength(1);
    const wh = new Webhook(endpoint.secret);
    expect(wh.verify(mine(test.event_id)[0].body, mine(test.event_id)[0].headers as Record<string, string>)).toMatchObject({ type: "webhook.test" });

    // A real event: a link cancelled through the SDK.
    const { data: link } = await client.generatePayoutLink({ amount: 1_234, currency: "USD", description: "to cancel" });
    await client.cancelPayoutLink(link.id);
    const { data: events } = await client.listEvents({ type: "payout_link.cancelled", limit: 1 });
    const event = events[0];
    expect(event.data.object).toMatchObject({ id: link.id, status: "cancelled" });
    expect((await client.getEvent(event.id)).data).toEqual(event);
    await waitFor("the cancelled event", () => (mine(event.id).length ? true : undefined));

    // The log, newest first, filtered, and across pages.
    const log = await client.listWebhookDeliveries(endpoint.id);
    expect(log.data.map((d) => d.event_id)).toEqual([event.id, test.event_id]);
    expect((await client.listWebhookDeliveries(endpoint.id, { event_type: "webhook.test" })).data.map((d) => d.id)).toEqual([test.id]);
    const every = [];
    for await (const d of client.listWebhookDeliveries.all(endpoint.id, { limit: 1 })) every.push(d.id);
    expect(every).toEqual(log.data.map((d) => d.id));

    // Rotate, then replay the event and retry the test: both signed with the new secret.
    const { data: rotated } = await client.rotateWebhookEndpointSecret(endpoint.id);
    expect(rotated.secret).not.toBe(endpoint.secret);
    const { data: replay } = await client.replayWebhookEvents(endpoint.id, { event_ids: [event.id] });
    expect(replay).toMatchObject({ object: "webhook_replay", endpoint_id: endpoint.id, queued: 1 });
    const retried = await client.retryWebhookDelivery(test.id);
    expect(retried.data.status).toBe("pending");
    await waitFor("the replay and the retry", () => (mine(event.id).length === 2 && mine(test.event_id).length === 2 ? true : undefined));
    const newer = new Webhook(rotated.secret);
    for (const r of [mine(event.id)[1], mine(test.event_id)[1]]) {
      expect(newer.verify(r.body, r.headers as Record<string, string>)).toMatchObject({ id: r.headers["webhook-id"] });
      expect(() => wh.verify(r.body, r.headers as Record<string, string>)).toThrow();
    }
    expect((await client.getWebhookDelivery(test.id)).data.attempts.map((a) => a.attempt)).toEqual([1, 2]);

    // Events across pages; test events only when asked for.
    const types = [];
    for await (const e of client.listEvents.all({ limit: 2 })) types.push(e.type);
    expect(types).not.toContain("webhook.test");
    expect(types).toContain("payout_link.cancelled");
    expect((await client.listEvents({ type: "webhook.test" })).data.map((e) => e.id)).toContain(test.event_id);

    // Errors carry code and param; a deleted endpoint is gone.
    const err = await client.replayWebhookEvents(endpoint.id, { since: new Date().toISOString(), until: new Date(0).toISOString() }).catch((e) => e);
    expect(err).toBeInstanceOf(PayoutLinksError);
    expect([err.status, err.code, err.param]).toEqual([400, "replay_window_invalid", "until"]);
    expect((await client.deleteWebhookEndpoint(endpoint.id)).data.id).toBe(endpoint.id);
    const gone = await client.getWebhookEndpoint(endpoint.id).catch((e) => e);
    expect([gone.status, gone.code, gone.param]).toEqual([404, "webhook_endpoint_not_found", "id"]);
  });
});
