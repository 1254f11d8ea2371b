import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { createFundedOrg } from "../support/fixtures";
import { linkThroughSandbox } from "../support/sandbox-bank";
import { startTestServer, type TestServer } from "../support/test-server";

// Webhooks through a running server with its in-process payout worker and webhook delivery (as
// `npm start` runs them on the embedded database, or with RUN_WORKER_IN_WEB on PostgreSQL): the
// endpoints API, then links claimed through the sandbox bank → the sandbox rail settles them at
// zero delay → a local receiver gets a `settlement.created` it verifies with the standardwebhooks
// library. Prints the time from submit to the verified event (p50/p95).
const CLAIMS = 20;
const POLL_MS = 100;
type Fixtures = { apiKey: string; links: { id: string; token: string }[] };
let server: TestServer<Fixtures>;

type Delivery = { at: number; headers: Record<string, string>; body: string };
const deliveries: Delivery[] = [];
let receiver: Server;
let receiverUrl: string;
let waiters: (() => void)[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      deliveries.push({ at: performance.now(), headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
      for (const w of waiters) w();
      waiters = [];
    });
  });
  receiverUrl = await new Promise<string>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`)));
  server = await startTestServer(
    async (prisma) => {
      const org = await createFundedOrg(prisma, { deposit: 10_000_000 });
      const links = [];
      for (let i = 0; i < CLAIMS; i++) {
        const link = await generatePayoutLink(prisma, { organizationId: org.organizationId, actor: "test" }, { amount: 1_000 + i, currency: "USD", description: `webhook ${i}` });
        links.push({ id: link.id, token: link.token });
      }
      return { apiKey: org.apiKey, links };
    },
    {
      PAYOUT_WORKER: "on",
      RUN_WORKER_IN_WEB: "true",
      SANDBOX_SETTLEMENT_DELAY_MS: "0",
      PAYOUT_POLL_INTERVAL_MS: String(POLL_MS),
      WEBHOOK_DELIVERY: "on",
      WEBHOOK_POLL_INTERVAL_MS: String(POLL_MS),
      ALLOW_PRIVATE_WEBHOOK_URLS: "true",
      CLAIM_RATE_LIMIT_PER_IP: "1000",
    },
  );
});
afterAll(async () => {
  await server?.stop();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
});

const api = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${server.fixtures.apiKey}`, ...(init.body ? { "Content-Type": "application/json" } : {}), ...init.headers },
  });
  return { status: res.status, body: await res.json() };
};
const post = (path: string, body?: unknown) => api(path, { method: "POST", ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe("webhook endpoints API", () => {
  it("refuses bad input with a code and the param, and writes nothing", async () => {
    const cases: [unknown, string, string][] = [
      [{ url: "https://user:secret@example.com/hook", enabled_events: ["settlement.created"] }, "url_invalid", "url"],
      [{ url: "https://example.com/" + "a".repeat(2_000), enabled_events: ["settlement.created"] }, "url_invalid", "url"],
      [{ url: "ftp://example.com/hook", enabled_events: ["settlement.created"] }, "url_invalid", "url"],
      [{ url: "https://example.com/hook", enabled_events: ["settlement.made"] }, "event_type_invalid", "enabled_events.0"],
      [{ url: "https://example.com/hook", enabled_events: [] }, "event_type_invalid", "enabled_events"],
      [{ url: "https://example.com/hook" }, "parameter_missing", "enabled_events"],
      [{ url: "https://example.com/hook", enabled_events: ["settlement.created"], secret: "x" }, "parameter_unknown", "secret"],
    ];
    for (const [body, code, param] of cases) {
      const res = await post("/treasury/webhook-endpoints", body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error, JSON.stringify(body).slice(0, 80)).toMatchObject({ code, param });
    }
    expect((await api("/treasury/webhook-endpoints")).body.data).toEqual([]);
    const badType = await api("/treasury/events?type=payout_link.exploded");
    expect([badType.status, badType.body.error.code, badType.body.error.param]).toEqual([400, "event_type_invalid", "type"]);
  });

  it("creates (secret shown once), lists without the secret, rotates and deletes", async () => {
    const created = await post("/treasury/webhook-endpoints", { url: "https://example.com/hook", enabled_events: ["payout.failed", "payout.returned"] });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ object: "webhook_endpoint", url: "https://example.com/hook", enabled_events: ["payout.failed", "payout.returned"] });
    expect(created.body.data.id).toMatch(/^we_/);
    expect(created.body.data.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await api("/treasury/webhook-endpoints");
    expect(list.body.data).toEqual([expect.objectContaining({ id: created.body.data.id })]);
    expect(list.body.data[0]).not.toHaveProperty("secret");
    const rotated = await post(`/treasury/webhook-endpoints/${created.body.data.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.secret).toMatch(/^whsec_/);
    expect(rotated.body.data.secret).not.toBe(created.body.data.secret);
    expect((await api(`/treasury/webhook-endpoints/${created.body.data.id}`, { method: "DELETE" })).status).toBe(200);
    const again = await api(`/treasury/webhook-endpoints/${created.body.data.id}`, { method: "DELETE" });
    expect([again.status, again.body.error.code]).toEqual([404, "webhook_endpoint_not_found"]);
    expect((await api("/treasury/webhook-endpoints")).body.data).toEqual([]);
  });
});

describe("settlement.created reaches the operator's receiver", () => {
  it(`${CLAIMS} links claimed through the sandbox bank: each settles and the receiver gets a verified settlement.created for it`, async () => {
    const created = await post("/treasury/webhook-endpoints", { url: receiverUrl, enabled_events: ["settlement.created", "payout_link.claimed"] });
    expect(created.status).toBe(201);
    const wh = new Webhook(created.body.data.secret);

    const latencies: number[] = [];
    for (const link of server.fixtures.links) {
      const item = await linkThroughSandbox(server.baseUrl);
      const started = performance.now();
      const res = await fetch(`${server.baseUrl}/treasury/payout-link/${link.token}/submit`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: server.baseUrl },
        body: JSON.stringify({ name: "Alberta Bobbeth Charleson", email: "a@example.com", public_token: item.publicToken, account_id: item.accounts[0].id }),
      });
      expect(res.status).toBe(200);
      const settlement = await waitFor(15_000, () =>
        deliveries.find((d) => {
          const event = JSON.parse(d.body);
          return event.type === "settlement.created" && event.data.object.payout_link_id === link.id;
        }),
      );
      latencies.push(settlement.at - started);
      const event = wh.verify(settlement.body, settlement.headers) as { id: string; data: { object: Record<string, unknown> } };
      expect(event.data.object).toMatchObject({ object: "transaction", status: "settled", payout_link_id: link.id, rail: "sandbox" });
      expect(settlement.headers["webhook-id"]).toBe(event.id);
    }

    // Every delivery verifies with the library, and none is a duplicate.
    const ids = deliveries.map((d) => (wh.verify(d.body, d.headers) as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
    const types = deliveries.map((d) => JSON.parse(d.body).type);
    expect(types.filter((t) => t === "payout_link.claimed")).toHaveLength(CLAIMS);

    // The same events are listed for reconciliation, newest first, filterable by type.
    const listed = await api(`/treasury/events?type=settlement.created&limit=100`);
    expect(listed.body.data).toHaveLength(CLAIMS);
    expect(listed.body.data.map((e: { data: { object: { payout_link_id: string } } }) => e.data.object.payout_link_id)).toEqual(
      server.fixtures.links.map((l) => l.id).reverse(),
    );
    const one = await api(`/treasury/events/${listed.body.data[0].id}`);
    expect(one.body.data).toEqual(listed.body.data[0]);
    expect(JSON.parse(deliveries.find((d) => d.headers["webhook-id"] === one.body.data.id)!.body)).toEqual(one.body.data);
    const completed = await api(`/treasury/events?type=payout_link.completed&limit=100`);
    expect(completed.body.data).toHaveLength(CLAIMS);
    expect((await api("/treasury/events/evt_01JZ8X5Q3W4E5R6T7Y8U9I0OPF")).body.error.code).toBe("event_not_found");

    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    console.log(
      `\n▶ submit → verified settlement.created (${server.database.kind}, sandbox rail at 0 ms, payout and webhook polls every ${POLL_MS} ms, ${CLAIMS} claims one at a time): ` +
        `p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms\n`,
    );
  });
});

async function waitFor<T>(ms: number, find: () => T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out; received: ${deliveries.map((d) => JSON.parse(d.body).type).join(", ")}\n${server.logs().slice(-2000)}`);
    await new Promise<void>((r) => {
      waiters.push(r);
      setTimeout(r, 200);
    });
  }
}
