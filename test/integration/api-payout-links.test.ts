import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { getBalance } from "@/lib/ledger/balance";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { cancelPayoutLink } from "@/lib/payout-links/cancel-payout-link";
import { expireDuePayoutLinks } from "@/lib/payout-links/expire-payout-links";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { getPayoutLink } from "@/lib/payout-links/get-payout-link";
import { listPayoutLinks } from "@/lib/payout-links/list-payout-links";
import { createTestDatabase } from "../support/database";
import { createFundedOrg, type OrgFixture } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/test-server";

// The operator API's happy paths over HTTP against a real `next start`.

const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_TTL_MS = 7 * DAY_MS;
const LAPSED_AMOUNT = 3_000;
const internalId = (publicId: string) => publicId.replace(/^plink_/, "");

async function seed(prisma: PrismaClient) {
  const main = await createFundedOrg(prisma, { name: "Main", deposit: 10_000_000, maxLinkAmount: 500_000 });
  const pager = await createFundedOrg(prisma, { name: "Pager", deposit: 1_000_000 });
  const racer = await createFundedOrg(prisma, { name: "Racer", deposit: 1_000_000 });
  const twin = await createFundedOrg(prisma, { name: "Twin", deposit: 1_000_000 });
  const expiry = await createFundedOrg(prisma, { name: "Expiry", deposit: 100_000 });
  // A link already past expires_at before the server starts (the only way on the embedded backend,
  // whose database belongs to the server process): still `pending` in its row, still held.
  const lapsed = await generatePayoutLink(
    prisma,
    { organizationId: expiry.organizationId, actor: "test:seed" },
    { amount: LAPSED_AMOUNT, currency: "USD", description: "lapsed before the sweeper ran" },
  );
  await prisma.payoutLink.update({ where: { id: internalId(lapsed.id) }, data: { expiresAt: new Date(Date.now() - 60_000) } });
  return { main, pager, racer, twin, expiry, lapsedId: lapsed.id };
}
type Fixtures = Awaited<ReturnType<typeof seed>>;

let server: TestServer<Fixtures>;
let f: Fixtures;
const requestIds: string[] = [];

beforeAll(async () => {
  // The embedded server sweeps expiries in-process; hold it off so "expired before the sweeper"
  // is what the tests observe.
  server = await startTestServer(seed, { SWEEP_INTERVAL_MS: "3600000" });
  f = server.fixtures;
});

afterAll(async () => {
  if (server?.prisma) expect(await verifyLedger(server.prisma)).toEqual([]);
  await server?.stop();
});

type ApiResponse = { status: number; headers: Headers; json: any };

/** One API call; checks what every API response carries (Request-Id, no-store, JSON). */
async function api(
  org: OrgFixture,
  method: "GET" | "POST",
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { Authorization: `Bearer ${org.apiKey}`, ...options.headers };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const requestId = res.headers.get("request-id");
  expect(requestId, `${method} ${path}`).toMatch(/^req_[A-Za-z0-9_-]{8,}$/);
  requestIds.push(requestId!);
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("content-type")).toMatch(/^application\/json\b/);
  return { status: res.status, headers: res.headers, json: JSON.parse(text) };
}

const generate = (org: OrgFixture, body: Record<string, unknown>, headers?: Record<string, string>) =>
  api(org, "POST", "/treasury/payout-link/generate", { body, headers });
const getLink = (org: OrgFixture, ref: string) => api(org, "GET", `/treasury/payout-link/${ref}`);
const cancel = (org: OrgFixture, ref: string, headers?: Record<string, string>) => api(org, "POST", `/treasury/payout-link/${ref}/cancel`, { headers });
const list = (org: OrgFixture, query = "") => api(org, "GET", `/treasury/payout-link${query ? `?${query}` : ""}`);

async function balance(org: OrgFixture) {
  const res = await api(org, "GET", "/treasury/balance");
  expect(res.status).toBe(200);
  expect(Object.keys(res.json)).toEqual(["data"]);
  expect(Object.keys(res.json.data).sort()).toEqual(["available", "currency", "held", "object", "pending"]);
  expect(res.json.data).toMatchObject({ object: "balance", currency: "USD" });
  return res.json.data as { available: number; held: number };
}

/** Every page of a list, following next_cursor. */
async function listAll(org: OrgFixture, query: string, limit: number, startingAfter: string | null = null) {
  const pages: { ids: string[]; has_more: boolean; next_cursor: string | null }[] = [];
  let cursor: string | null = startingAfter;
  do {
    const res = await list(org, [query, `limit=${limit}`, cursor ? `starting_after=${cursor}` : ""].filter(Boolean).join("&"));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["data", "has_more", "next_cursor"]);
    const ids = (res.json.data as { id: string }[]).map((l) => l.id);
    pages.push({ ids, has_more: res.json.has_more, next_cursor: res.json.next_cursor });
    cursor = res.json.has_more ? res.json.next_cursor : null;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return pages;
}

const PAYOUT_LINK_FIELDS = [
  "amount",
  "cancelled_at",
  "claimed_at",
  "completed_at",
  "created_at",
  "currency",
  "description",
  "expires_at",
  "id",
  "metadata",
  "object",
  "recipient_id",
  "status",
  "token",
  "transaction_id",
  "url",
];

describe("generate", () => {
  it("returns 201 with every PayoutLink field, expiring in 7 days by default", async () => {
    const body = { amount: 25_000, currency: "USD", description: "Q3 referral bonus — order #4127", metadata: { order: "4127", ref: "q3" } };
    const t0 = Date.now();
    const res = await generate(f.main, body);
    const t1 = Date.now();
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(Object.keys(res.json)).toEqual(["data"]);
    const link = res.json.data;
    expect(Object.keys(link).sort()).toEqual(PAYOUT_LINK_FIELDS);
    expect(link.id).toMatch(/^plink_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(link.object).toBe("payout_link");
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.url).toBe(`${server.baseUrl}/claim/${link.token}`);
    expect(link.amount).toBe(25_000);
    expect(link.currency).toBe("USD");
    expect(link.description).toBe(body.description);
    expect(link.status).toBe("pending");
    expect(link.metadata).toEqual(body.metadata);
    for (const field of ["claimed_at", "completed_at", "cancelled_at", "recipient_id", "transaction_id"]) expect(link[field], field).toBeNull();
    const created = Date.parse(link.created_at);
    expect(new Date(created).toISOString()).toBe(link.created_at);
    expect(created).toBeGreaterThanOrEqual(t0 - 1000);
    expect(created).toBeLessThanOrEqual(t1 + 1000);
    expect(new Date(Date.parse(link.expires_at)).toISOString()).toBe(link.expires_at);
    expect(Date.parse(link.expires_at) - created).toBe(DEFAULT_TTL_MS);
  });

  it("honours expires_in_seconds, defaults metadata to {}, and never reuses a token or id", async () => {
    const a = await generate(f.main, { amount: 100, currency: "USD", description: "short-lived", expires_in_seconds: 3600 });
    const b = await generate(f.main, { amount: 100, currency: "USD", description: "short-lived" });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(Date.parse(a.json.data.expires_at) - Date.parse(a.json.data.created_at)).toBe(3600_000);
    expect(Math.abs(Date.parse(a.json.data.expires_at) - (Date.now() + 3600_000))).toBeLessThan(60_000);
    expect(a.json.data.metadata).toEqual({});
    expect(a.json.data.id).not.toBe(b.json.data.id);
    expect(a.json.data.token).not.toBe(b.json.data.token);
  });

  it("GET by token and GET by id return the same object that generate returned", async () => {
    const created = await generate(f.main, { amount: 4_127, currency: "USD", description: "read back", metadata: { z: "last", a: "first" } });
    expect(created.status).toBe(201);
    const link = created.json.data;
    const byToken = await getLink(f.main, link.token);
    const byId = await getLink(f.main, link.id);
    expect(byToken.status).toBe(200);
    expect(byId.status).toBe(200);
    expect(byToken.json).toEqual({ data: link });
    expect(byId.json).toEqual({ data: link });
  });
});

describe("balance, cancel", () => {
  it("generate holds the amount, cancel releases it and returns the cancelled link", async () => {
    const start = await balance(f.main);
    const created = await generate(f.main, { amount: 12_345, currency: "USD", description: "to cancel" });
    expect(created.status).toBe(201);
    const link = created.json.data;
    expect(await balance(f.main)).toEqual({ ...start, available: start.available - 12_345, held: start.held + 12_345 });

    const t0 = Date.now();
    const cancelled = await cancel(f.main, link.token);
    const t1 = Date.now();
    expect(cancelled.status, JSON.stringify(cancelled.json)).toBe(200);
    const data = cancelled.json.data;
    expect(Object.keys(data).sort()).toEqual(PAYOUT_LINK_FIELDS);
    expect(data.status).toBe("cancelled");
    const at = Date.parse(data.cancelled_at);
    expect(at).toBeGreaterThanOrEqual(t0 - 1000);
    expect(at).toBeLessThanOrEqual(t1 + 1000);
    // Everything else is unchanged.
    expect({ ...data, status: "pending", cancelled_at: null }).toEqual(link);
    expect(await balance(f.main)).toEqual(start);

    // Reads agree, and a second cancel is a 409 that changes nothing.
    expect((await getLink(f.main, link.id)).json).toEqual({ data });
    const again = await cancel(f.main, link.id);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("payout_link_cancelled");
    expect(await balance(f.main)).toEqual(start);
  });

  it("cancel by id works as by token", async () => {
    const start = await balance(f.main);
    const link = (await generate(f.main, { amount: 500, currency: "USD", description: "cancel by id" })).json.data;
    const res = await cancel(f.main, link.id);
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: link.id, token: link.token, status: "cancelled" });
    expect(await balance(f.main)).toEqual(start);
  });
});

describe("a pending link past expires_at reads as expired before any sweeper runs", () => {
  it("seeded past expiry: GET says expired, list filters agree, the hold stays until the sweep", async () => {
    const res = await getLink(f.expiry, f.lapsedId);
    expect(res.status).toBe(200);
    expect(res.json.data.status).toBe("expired");
    expect(Date.parse(res.json.data.expires_at)).toBeLessThan(Date.now());
    const fresh = (await generate(f.expiry, { amount: 1_000, currency: "USD", description: "still pending" })).json.data;

    const expired = (await list(f.expiry, "status=expired")).json.data.map((l: { id: string }) => l.id);
    const pending = (await list(f.expiry, "status=pending")).json.data.map((l: { id: string }) => l.id);
    expect(expired).toEqual([f.lapsedId]);
    expect(pending).toEqual([fresh.id]);
    const all = (await list(f.expiry)).json.data as { id: string; status: string }[];
    expect(all.map((l) => [l.id, l.status])).toEqual([
      [fresh.id, "pending"],
      [f.lapsedId, "expired"],
    ]);
    expect(await balance(f.expiry)).toEqual({ object: "balance", available: 100_000 - LAPSED_AMOUNT - 1_000, held: LAPSED_AMOUNT + 1_000, pending: 0, currency: "USD" });
    const refused = await cancel(f.expiry, f.lapsedId);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("payout_link_expired");
  });

  it("PostgreSQL: expires_at moved into the past while the server runs, then swept", async () => {
    // The embedded database belongs to the server process, so this half needs PostgreSQL; the
    // lib-level test below covers the same on either backend.
    const prisma = server.prisma;
    if (!prisma) {
      expect(server.database.kind).toBe("embedded");
      return;
    }
    const start = await balance(f.main);
    const link = (await generate(f.main, { amount: 7_000, currency: "USD", description: "will lapse" })).json.data;
    expect((await list(f.main, "status=pending&limit=100")).json.data.map((l: { id: string }) => l.id)).toContain(link.id);
    await prisma.payoutLink.update({ where: { id: internalId(link.id) }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect((await getLink(f.main, link.token)).json.data.status).toBe("expired");
    expect((await list(f.main, "status=expired&limit=100")).json.data.map((l: { id: string }) => l.id)).toContain(link.id);
    expect((await list(f.main, "status=pending&limit=100")).json.data.map((l: { id: string }) => l.id)).not.toContain(link.id);
    // Read-only until the sweeper: the row is still pending and the hold is still there.
    expect((await prisma.payoutLink.findUniqueOrThrow({ where: { id: internalId(link.id) } })).status).toBe("pending");
    expect(await balance(f.main)).toEqual({ ...start, available: start.available - 7_000, held: start.held + 7_000 });

    expect(await expireDuePayoutLinks(prisma)).toBeGreaterThanOrEqual(1);
    expect((await prisma.payoutLink.findUniqueOrThrow({ where: { id: internalId(link.id) } })).status).toBe("expired");
    expect((await getLink(f.main, link.id)).json.data.status).toBe("expired");
    expect(await balance(f.main)).toEqual(start);
    expect(await verifyLedger(prisma)).toEqual([]);
  });

  it("lib level, on either backend: get, list filters, cancel and the sweeper", async () => {
    const db = await createTestDatabase();
    try {
      const org = await createFundedOrg(db.prisma, { deposit: 50_000 });
      const actor = { organizationId: org.organizationId, actor: "test" };
      const lapsing = await generatePayoutLink(db.prisma, actor, { amount: 10_000, currency: "USD", description: "lapsing" });
      const live = await generatePayoutLink(db.prisma, actor, { amount: 5_000, currency: "USD", description: "live" });
      await db.prisma.payoutLink.update({ where: { id: internalId(lapsing.id) }, data: { expiresAt: new Date(Date.now() - 1000) } });

      expect((await getPayoutLink(db.prisma, org.organizationId, lapsing.token)).status).toBe("expired");
      expect((await listPayoutLinks(db.prisma, org.organizationId, { status: "expired" })).data.map((l) => l.id)).toEqual([lapsing.id]);
      expect((await listPayoutLinks(db.prisma, org.organizationId, { status: "pending" })).data.map((l) => l.id)).toEqual([live.id]);
      expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: 35_000, held: 15_000 });
      const refusal = await cancelPayoutLink(db.prisma, actor, lapsing.id).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).code).toBe("payout_link_expired");

      expect(await expireDuePayoutLinks(db.prisma)).toBe(1);
      expect(await expireDuePayoutLinks(db.prisma)).toBe(0);
      expect((await getPayoutLink(db.prisma, org.organizationId, lapsing.id)).status).toBe("expired");
      expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: 45_000, held: 5_000 });
      expect(await verifyLedger(db.prisma)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

describe("list", () => {
  let created: { id: string; created_at: string }[] = [];

  beforeAll(async () => {
    // Sequential, so creation order is id order (ULIDs carry the millisecond).
    for (let i = 0; i < 7; i++) {
      const res = await generate(f.pager, { amount: 1_000 + i, currency: "USD", description: `page item ${i}` });
      expect(res.status).toBe(201);
      created.push(res.json.data);
      await new Promise((r) => setTimeout(r, 3));
    }
  });

  it("is newest first; pages of 3 follow next_cursor with no duplicates or gaps", async () => {
    const newestFirst = created.map((l) => l.id).reverse();
    const pages = await listAll(f.pager, "", 3);
    expect(pages.map((p) => p.ids.length)).toEqual([3, 3, 1]);
    expect(pages.map((p) => p.has_more)).toEqual([true, true, false]);
    expect(pages.map((p) => p.next_cursor)).toEqual([pages[0].ids[2], pages[1].ids[2], null]);
    expect(pages.flatMap((p) => p.ids)).toEqual(newestFirst);

    const whole = await list(f.pager);
    expect(whole.json.has_more).toBe(false);
    expect(whole.json.next_cursor).toBeNull();
    const items = whole.json.data as { id: string; created_at: string }[];
    expect(items.map((l) => l.id)).toEqual(newestFirst);
    for (let i = 1; i < items.length; i++) expect(Date.parse(items[i - 1].created_at)).toBeGreaterThanOrEqual(Date.parse(items[i].created_at));
    expect(items).toEqual([...created].reverse().map((l) => expect.objectContaining(l)));
  });

  it("has_more is exact at the boundary", async () => {
    const seven = await list(f.pager, "limit=7");
    expect([seven.json.data.length, seven.json.has_more, seven.json.next_cursor]).toEqual([7, false, null]);
    const six = await list(f.pager, "limit=6");
    expect([six.json.data.length, six.json.has_more, six.json.next_cursor]).toEqual([6, true, six.json.data[5].id]);
    const last = await list(f.pager, `limit=6&starting_after=${six.json.next_cursor}`);
    expect(last.json.data.map((l: { id: string }) => l.id)).toEqual([created[0].id]);
    expect(last.json.has_more).toBe(false);
  });

  it("a link created while paging does not shift the pages already being read", async () => {
    const first = await list(f.pager, "limit=2");
    const newcomer = (await generate(f.pager, { amount: 999, currency: "USD", description: "arrives mid-pagination" })).json.data;
    try {
      const rest = await listAll(f.pager, "", 2, first.json.next_cursor);
      const seen = [...first.json.data.map((l: { id: string }) => l.id), ...rest.flatMap((p) => p.ids)];
      expect(seen).toEqual(created.map((l) => l.id).reverse());
      expect(seen).not.toContain(newcomer.id);
    } finally {
      expect((await cancel(f.pager, newcomer.id)).status).toBe(200);
    }
  });

  it("filters by status, across pages", async () => {
    // Cancel three of the seven; the newcomer above is cancelled too.
    const toCancel = [created[1], created[3], created[5]];
    for (const l of toCancel) expect((await cancel(f.pager, l.id)).status).toBe(200);

    const cancelledPages = await listAll(f.pager, "status=cancelled", 2);
    const cancelledIds = cancelledPages.flatMap((p) => p.ids);
    expect(cancelledIds).toHaveLength(4);
    expect(cancelledIds.slice(1)).toEqual(toCancel.map((l) => l.id).reverse());
    expect(new Set(cancelledIds).size).toBe(4);
    expect(cancelledPages.at(-1)!.has_more).toBe(false);

    const pendingIds = (await listAll(f.pager, "status=pending", 2)).flatMap((p) => p.ids);
    expect(pendingIds).toEqual([created[6], created[4], created[2], created[0]].map((l) => l.id));

    for (const status of ["cancelled", "pending"]) {
      const res = await list(f.pager, `status=${status}&limit=100`);
      for (const l of res.json.data as { status: string }[]) expect(l.status).toBe(status);
    }
    for (const status of ["claimed", "completed", "expired"]) {
      const res = await list(f.pager, `status=${status}`);
      expect([res.status, res.json.data, res.json.has_more, res.json.next_cursor]).toEqual([200, [], false, null]);
    }
  });

  it("an organisation sees only its own links", async () => {
    const mine = new Set(created.map((l) => l.id));
    const theirs = (await list(f.main, "limit=100")).json.data as { id: string }[];
    expect(theirs.length).toBeGreaterThan(0);
    for (const l of theirs) expect(mine.has(l.id)).toBe(false);
  });
});

describe("Idempotency-Key", () => {
  it("the same key and body replays the first response and creates one link", async () => {
    const body = { amount: 2_500, currency: "USD", description: "idempotent", metadata: { b: "2", a: "1" } };
    const headers = { "Idempotency-Key": "order-4127-attempt" };
    const start = await balance(f.twin);
    const before = (await list(f.twin, "limit=100")).json.data.length;

    const first = await generate(f.twin, body, headers);
    const second = await generate(f.twin, body, headers);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("request-id")).not.toBe(first.headers.get("request-id"));

    expect((await list(f.twin, "limit=100")).json.data.length).toBe(before + 1);
    expect(await balance(f.twin)).toEqual({ ...start, available: start.available - 2_500, held: start.held + 2_500 });
    if (server.prisma) {
      // Whoever can read the database must not be able to claim the link: the stored answer keeps the token sealed.
      const record = await server.prisma.idempotencyRecord.findUniqueOrThrow({
        where: { organizationId_key: { organizationId: f.twin.organizationId, key: "order-4127-attempt" } },
      });
      expect(JSON.stringify(record.responseBody)).not.toContain(first.json.data.token);
      expect(record.responseBody).toMatchObject({ data: { id: first.json.data.id, token_ciphertext: expect.any(String) } });
    }

    // Keys belong to an organisation: another one may use the same key for its own link.
    const elsewhere = await generate(f.main, body, headers);
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.headers.get("idempotent-replayed")).toBeNull();
    expect(elsewhere.json.data.id).not.toBe(first.json.data.id);
  });

  it("a refusal from the handler is replayed too, with the new request's id", async () => {
    const headers = { "Idempotency-Key": "too-big-1" };
    const body = { amount: 500_001, currency: "USD", description: "over the cap" };
    const before = (await list(f.main, "limit=100")).json.data.length;
    const first = await generate(f.main, body, headers);
    const second = await generate(f.main, body, headers);
    for (const res of [first, second]) {
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ type: "invalid_request_error", code: "amount_too_large", param: "amount" });
      expect(res.json.error.request_id).toBe(res.headers.get("request-id"));
    }
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.json.error.request_id).not.toBe(first.json.error.request_id);
    expect((await list(f.main, "limit=100")).json.data.length).toBe(before);
  });

  it("cancel with a key: the retry replays the 200 instead of answering 409", async () => {
    const start = await balance(f.twin);
    const link = (await generate(f.twin, { amount: 800, currency: "USD", description: "cancel twice" })).json.data;
    const headers = { "Idempotency-Key": "cancel-once" };
    const first = await cancel(f.twin, link.token, headers);
    const retry = await cancel(f.twin, link.token, headers);
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.json).toEqual(first.json);
    expect(await balance(f.twin)).toEqual(start);
    // Without the key, the same request is a new one, and the link is already cancelled.
    expect((await cancel(f.twin, link.token)).json.error.code).toBe("payout_link_cancelled");
  });

  it("20 concurrent requests with one key: one link, every response carries its id", async () => {
    const body = { amount: 10_000, currency: "USD", description: "raced with one key" };
    const headers = { "Idempotency-Key": "race-4127" };
    const responses = await Promise.all(Array.from({ length: 20 }, () => generate(f.racer, body, headers)));
    for (const res of responses) expect(res.status, JSON.stringify(res.json)).toBe(201);
    const ids = new Set(responses.map((r) => r.json.data.id));
    expect(ids.size).toBe(1);
    expect(new Set(responses.map((r) => r.json.data.token)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(19);

    const links = await list(f.racer, "limit=100");
    expect(links.json.data.map((l: { id: string }) => l.id)).toEqual([...ids]);
    expect(await balance(f.racer)).toEqual({ object: "balance", available: 990_000, held: 10_000, pending: 0, currency: "USD" });
    if (server.prisma) {
      const org = f.racer.organizationId;
      expect(await server.prisma.idempotencyRecord.count({ where: { organizationId: org } })).toBe(1);
      expect(await server.prisma.ledgerEntry.count({ where: { fundingAccountId: f.racer.fundingAccountId, kind: "hold" } })).toBe(1);
    }
  });
});

describe("headers", () => {
  it("every response so far had its own Request-Id", () => {
    expect(requestIds.length).toBeGreaterThan(50);
    expect(new Set(requestIds).size).toBe(requestIds.length);
  });

  it("the server assigns Request-Id; a client-sent one is not reflected", async () => {
    const res = await fetch(`${server.baseUrl}/treasury/balance`, {
      headers: { Authorization: `Bearer ${f.main.apiKey}`, "Request-Id": "req_chosen_by_the_client" },
    });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get("request-id")).toMatch(/^req_[A-Za-z0-9_-]{8,}$/);
    expect(res.headers.get("request-id")).not.toBe("req_chosen_by_the_client");
  });

  it("Cache-Control: no-store on every API route, success and error alike", async () => {
    const link = (await generate(f.main, { amount: 100, currency: "USD", description: "headers" })).json.data;
    const calls: [string, string, string | undefined][] = [
      ["GET", "/treasury/balance", f.main.apiKey],
      ["GET", "/treasury/payout-link", f.main.apiKey],
      ["GET", `/treasury/payout-link/${link.token}`, f.main.apiKey],
      ["POST", `/treasury/payout-link/${link.token}/cancel`, f.main.apiKey],
      ["GET", "/treasury/payout-link", undefined],
      ["GET", "/treasury/payout-link/nope", f.main.apiKey],
    ];
    for (const [method, path, key] of calls) {
      const res = await fetch(`${server.baseUrl}${path}`, { method, headers: key ? { Authorization: `Bearer ${key}` } : {} });
      await res.arrayBuffer();
      expect(res.headers.get("cache-control"), `${method} ${path}`).toBe("no-store");
    }
  });
});
