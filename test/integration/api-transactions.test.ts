import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encrypt } from "@/lib/crypto/encryption";
import type { PrismaClient } from "@/lib/db/generated/client";
import { newId, parsePublicId, publicId } from "@/lib/ids";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { createFundedOrg, type OrgFixture } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/test-server";

// The transactions API over HTTP against a real `next start`: a claimed link's transaction_id leads
// to its payout; org scoping, pagination, filters, bad input; no account number ever leaves.

const TRANSACTION_FIELDS = [
  "amount",
  "created_at",
  "currency",
  "failure_reason",
  "id",
  "kind",
  "object",
  "payment_method_id",
  "payout_link_id",
  "rail",
  "rail_reference",
  "recipient_id",
  "status",
  "updated_at",
];

type Status = "queued" | "processing" | "settled" | "failed" | "returned";

type SeededTransaction = {
  id: string; // txn_…
  linkId: string; // plink_…
  recipientId: string; // rcp_…
  paymentMethodId: string; // pm_…
  amount: number;
  status: Status;
  rail: string | null;
  railReference: string | null;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Strings that must never appear in a response: the account number and its ciphertext. */
  secrets: string[];
};

let counter = 0;

/**
 * A payout as a claim (and then the worker) leaves it: a link generated through the real code,
 * a recipient and bank account (account number encrypted with the key the server shares), the
 * transaction, and the link marked claimed and pointing at both. Ids are ULIDs of `at`, so "newest
 * first" is known. With `link`, a further attempt on an existing link (as after a failed payout).
 */
async function seedPayout(
  prisma: PrismaClient,
  org: OrgFixture,
  input: { at: number; status: Status; amount?: number; rail?: string | null; railReference?: string | null; failureReason?: string | null; link?: string },
): Promise<SeededTransaction> {
  const n = ++counter;
  const amount = input.amount ?? 1_000 + n;
  const linkId =
    input.link ??
    (await generatePayoutLink(prisma, { organizationId: org.organizationId, actor: "test:seed" }, { amount, currency: "USD", description: `payout ${n}` })).id;
  const recipientId = newId(input.at - 20);
  await prisma.recipient.create({
    data: { id: recipientId, organizationId: org.organizationId, name: `Person ${n}`, email: `p${n}@example.com`, emailNormalized: `p${n}@example.com`, createdAt: new Date(input.at - 20) },
  });
  // Long and distinctive, so finding it in a response cannot be a coincidence.
  const accountNumber = `77${String(n).padStart(3, "0")}4821${String(n).padStart(3, "0")}93`;
  const ciphertext = encrypt(accountNumber);
  const paymentMethodId = newId(input.at - 10);
  await prisma.paymentMethod.create({
    data: {
      id: paymentMethodId,
      organizationId: org.organizationId,
      recipientId,
      institutionName: "First Platypus Bank",
      accountName: "Plaid Checking",
      accountSubtype: "checking",
      mask: accountNumber.slice(-4),
      routingNumber: "011401533",
      accountNumberCiphertext: ciphertext,
      nameMatchScore: 90,
      createdAt: new Date(input.at - 10),
    },
  });
  const id = newId(input.at);
  const createdAt = new Date(input.at);
  const updatedAt = new Date(input.at + 5_000);
  const rail = input.rail === undefined ? (input.status === "queued" ? null : "sandbox") : input.rail;
  const railReference = input.railReference === undefined ? (rail ? `sbx_tr_${n}` : null) : input.railReference;
  const failureReason = input.failureReason ?? null;
  await prisma.transaction.create({
    data: {
      id,
      organizationId: org.organizationId,
      payoutLinkId: parsePublicId("payoutLink", linkId)!,
      recipientId,
      paymentMethodId,
      kind: "payout",
      amount,
      currency: "USD",
      status: input.status,
      rail,
      railReference,
      failureReason,
      createdAt,
      updatedAt,
    },
  });
  await prisma.payoutLink.update({
    where: { id: parsePublicId("payoutLink", linkId)! },
    data: { status: "claimed", claimedAt: createdAt, recipientId, transactionId: id },
  });
  return {
    id: publicId("transaction", id),
    linkId,
    recipientId: publicId("recipient", recipientId),
    paymentMethodId: publicId("paymentMethod", paymentMethodId),
    amount,
    status: input.status,
    rail,
    railReference,
    failureReason,
    createdAt,
    updatedAt,
    secrets: [accountNumber, ciphertext],
  };
}

const PAGER_STATUSES: Status[] = ["queued", "settled", "failed", "settled", "processing", "settled", "returned"];

async function seed(prisma: PrismaClient) {
  const main = await createFundedOrg(prisma, { name: "Main", deposit: 1_000_000 });
  const other = await createFundedOrg(prisma, { name: "Other", deposit: 1_000_000 });
  const pager = await createFundedOrg(prisma, { name: "Pager", deposit: 1_000_000 });
  const empty = await createFundedOrg(prisma, { name: "Empty" });
  const noTreasury = await createFundedOrg(prisma, { name: "No treasury", capabilities: [] });

  const t0 = Date.now() - 3_600_000;
  const queued = await seedPayout(prisma, main, { at: t0, status: "queued", amount: 25_000 });
  const settled = await seedPayout(prisma, main, { at: t0 + 1_000, status: "settled", rail: "plaid-transfer", railReference: "0fa0c3a4-2b69-0b5d-7a4f-5c3c1b7e9d11" });
  // A failed attempt, then (after the link went back to pending and was claimed again) a second one.
  const failed = await seedPayout(prisma, main, { at: t0 + 2_000, status: "failed", failureReason: "R03: no account / unable to locate account" });
  const retried = await seedPayout(prisma, main, { at: t0 + 3_000, status: "processing", link: failed.linkId });
  const returned = await seedPayout(prisma, main, { at: t0 + 4_000, status: "returned", failureReason: "R01: insufficient funds" });
  const theirs = await seedPayout(prisma, other, { at: t0 + 5_000, status: "settled" });

  const paged: SeededTransaction[] = [];
  for (const [i, status] of PAGER_STATUSES.entries()) paged.push(await seedPayout(prisma, pager, { at: t0 + 10_000 + i * 1_000, status }));

  // A pending link: no transaction yet.
  const pending = await generatePayoutLink(prisma, { organizationId: main.organizationId, actor: "test:seed" }, { amount: 500, currency: "USD", description: "not claimed" });
  return { main, other, pager, empty, noTreasury, queued, settled, failed, retried, returned, theirs, paged, pendingLinkId: pending.id };
}
type Fixtures = Awaited<ReturnType<typeof seed>>;

let server: TestServer<Fixtures>;
let f: Fixtures;
/** Every raw response body, checked for secrets at the end as well as per test. */
const bodies: string[] = [];

beforeAll(async () => {
  // The rows are seeded in the states under test; the payout worker (which runs inside the web
  // process on the embedded database) would move them on, so this server does not run it.
  server = await startTestServer(seed, { PAYOUT_WORKER: "off" });
  f = server.fixtures;
});

afterAll(async () => {
  await server?.stop();
  if (f) for (const text of bodies) for (const secret of allSecrets()) expect(text.includes(secret), `a response contains ${secret}`).toBe(false);
});

type ApiResponse = { status: number; headers: Headers; json: any; text: string };

/** One API call; checks what every API response carries (Request-Id, no-store, JSON). */
async function api(org: OrgFixture | null, path: string, method = "GET"): Promise<ApiResponse> {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: org ? { Authorization: `Bearer ${org.apiKey}` } : {} });
  const text = await res.text();
  bodies.push(text);
  expect(res.headers.get("request-id"), `${method} ${path}`).toMatch(/^req_[A-Za-z0-9_-]{8,}$/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("content-type")).toMatch(/^application\/json\b/);
  return { status: res.status, headers: res.headers, json: JSON.parse(text), text };
}

const get = (org: OrgFixture | null, id: string) => api(org, `/treasury/transactions/${id}`);
const list = (org: OrgFixture | null, query = "") => api(org, `/treasury/transactions${query ? `?${query}` : ""}`);
const ids = (res: ApiResponse) => res.json.data.map((t: { id: string }) => t.id);

function expectError(res: ApiResponse, status: number, code: string, param?: string) {
  expect(res.status, res.text).toBe(status);
  expect(Object.keys(res.json)).toEqual(["error"]);
  expect(res.json.error.code).toBe(code);
  expect(res.json.error.request_id).toBe(res.headers.get("request-id"));
  if (param === undefined) expect(res.json.error.param).toBeUndefined();
  else expect(res.json.error.param).toBe(param);
}

/** What the API must answer for a seeded transaction, field by field. */
function expected(t: SeededTransaction) {
  return {
    id: t.id,
    object: "transaction",
    kind: "payout",
    amount: t.amount,
    currency: "USD",
    status: t.status,
    rail: t.rail,
    rail_reference: t.railReference,
    failure_reason: t.failureReason,
    payout_link_id: t.linkId,
    recipient_id: t.recipientId,
    payment_method_id: t.paymentMethodId,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

function allSeeded(): SeededTransaction[] {
  return [f.queued, f.settled, f.failed, f.retried, f.returned, f.theirs, ...f.paged];
}

function allSecrets(): string[] {
  return allSeeded().flatMap((t) => t.secrets);
}

function expectNoSecrets(text: string) {
  for (const secret of allSecrets()) expect(text.includes(secret), `response contains ${secret}`).toBe(false);
  expect(text).not.toMatch(/account_number|ciphertext|routing|mask/i);
}

describe("GET /treasury/transactions/{id}", () => {
  it("returns the transaction with exactly the documented fields", async () => {
    const res = await get(f.main, f.settled.id);
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.json)).toEqual(["data"]);
    const t = res.json.data;
    expect(Object.keys(t).sort()).toEqual(TRANSACTION_FIELDS);
    expect(t).toEqual(expected(f.settled));
    expect(t).toMatchObject({ status: "settled", rail: "plaid-transfer", rail_reference: "0fa0c3a4-2b69-0b5d-7a4f-5c3c1b7e9d11", failure_reason: null });
    expect(t.id).toMatch(/^txn_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(t.payout_link_id).toMatch(/^plink_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(t.recipient_id).toMatch(/^rcp_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(t.payment_method_id).toMatch(/^pm_[0-9A-HJKMNP-TV-Z]{26}$/);
    expectNoSecrets(res.text);
  });

  it("shows each state as stored: a queued payout has no rail yet, failed and returned ones say why", async () => {
    const queued = (await get(f.main, f.queued.id)).json.data;
    expect(queued).toEqual(expected(f.queued));
    expect(queued).toMatchObject({ status: "queued", amount: 25_000, rail: null, rail_reference: null, failure_reason: null });
    expect(Object.keys(queued).sort()).toEqual(TRANSACTION_FIELDS); // nulls are present, not missing
    expect((await get(f.main, f.failed.id)).json.data).toMatchObject({ status: "failed", failure_reason: "R03: no account / unable to locate account" });
    expect((await get(f.main, f.returned.id)).json.data).toMatchObject({ status: "returned", failure_reason: "R01: insufficient funds", rail: "sandbox" });
    expect((await get(f.main, f.retried.id)).json.data).toEqual(expected(f.retried));
  });

  it("a claimed link's transaction_id leads to its transaction, which leads back to the link, recipient and bank account", async () => {
    for (const seeded of [f.queued, f.settled, f.returned]) {
      const link = await api(f.main, `/treasury/payout-link/${seeded.linkId}`);
      expect(link.status, link.text).toBe(200);
      expect(link.json.data).toMatchObject({ status: "claimed", transaction_id: seeded.id, recipient_id: seeded.recipientId });
      const res = await get(f.main, link.json.data.transaction_id);
      expect(res.status, res.text).toBe(200);
      expect(res.json.data).toEqual(expected(seeded));
      expect(res.json.data.payout_link_id).toBe(link.json.data.id);
      expect(res.json.data.amount).toBe(link.json.data.amount);

      const recipient = await api(f.main, `/treasury/recipients/${res.json.data.recipient_id}`);
      expect(recipient.status, recipient.text).toBe(200);
      expect(recipient.json.data.payment_methods.map((m: { id: string }) => m.id)).toContain(res.json.data.payment_method_id);
    }
    // After a failed attempt and a new claim, the link points at the newest attempt.
    const relinked = await api(f.main, `/treasury/payout-link/${f.failed.linkId}`);
    expect(relinked.json.data.transaction_id).toBe(f.retried.id);
    expect((await get(f.main, relinked.json.data.transaction_id)).json.data.status).toBe("processing");
    // A link nobody claimed has nothing to follow yet.
    expect((await api(f.main, `/treasury/payout-link/${f.pendingLinkId}`)).json.data.transaction_id).toBeNull();
  });

  it("another organisation's transaction is a 404 transaction_not_found, both ways", async () => {
    expectError(await get(f.main, f.theirs.id), 404, "transaction_not_found", "id");
    expectError(await get(f.other, f.settled.id), 404, "transaction_not_found", "id");
    expect((await get(f.other, f.theirs.id)).status).toBe(200);
  });

  it("a malformed or unknown id is the same 404", async () => {
    const internal = f.settled.id.slice("txn_".length);
    const cases = [
      internal, // the bare ULID, without its prefix
      f.settled.id.toLowerCase(),
      f.settled.linkId, // the link's id
      f.settled.recipientId,
      f.settled.paymentMethodId,
      `plink_${internal}`,
      f.settled.railReference!, // the rail's id is not ours
      `txn_${"0".repeat(26)}`, // well formed, does not exist
      "txn_",
      "txn_garbage",
      `${f.settled.id}x`,
      `txn_${"A".repeat(300)}`,
      encodeURIComponent("txn_' OR 1=1 --"),
    ];
    for (const id of cases) {
      const res = await get(f.main, id);
      expectError(res, 404, "transaction_not_found", "id");
      expect(res.json.error.type).toBe("invalid_request_error");
    }
  });

  it("refuses query parameters: 400 parameter_unknown", async () => {
    expectError(await api(f.main, `/treasury/transactions/${f.settled.id}?expand=payment_method`), 400, "parameter_unknown", "expand");
  });
});

describe("GET /treasury/transactions", () => {
  const newestFirst = () => [...f.paged].reverse().map((t) => t.id);

  /** Every page of a list, following next_cursor. */
  async function listAll(org: OrgFixture, query: string, limit: number) {
    const pages: { ids: string[]; has_more: boolean; next_cursor: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(org, [query, `limit=${limit}`, cursor ? `starting_after=${cursor}` : ""].filter(Boolean).join("&"));
      expect(res.status, res.text).toBe(200);
      expect(Object.keys(res.json).sort()).toEqual(["data", "has_more", "next_cursor"]);
      expectNoSecrets(res.text);
      pages.push({ ids: ids(res), has_more: res.json.has_more, next_cursor: res.json.next_cursor });
      cursor = res.json.has_more ? res.json.next_cursor : null;
      expect(pages.length).toBeLessThan(20);
    } while (cursor);
    return pages;
  }

  it("lists the organisation's transactions newest first, each as the single GET shows it", async () => {
    const res = await list(f.main);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ data: [f.returned, f.retried, f.failed, f.settled, f.queued].map(expected), has_more: false, next_cursor: null });
    expectNoSecrets(res.text);
    for (const t of res.json.data) expect((await get(f.main, t.id)).json.data).toEqual(t);
    expect((await list(f.other)).json.data).toEqual([expected(f.theirs)]);
  });

  it("pages of 3 follow next_cursor with no duplicates or gaps", async () => {
    const pages = await listAll(f.pager, "", 3);
    expect(pages.map((p) => p.ids.length)).toEqual([3, 3, 1]);
    expect(pages.map((p) => p.has_more)).toEqual([true, true, false]);
    expect(pages.map((p) => p.next_cursor)).toEqual([pages[0].ids[2], pages[1].ids[2], null]);
    expect(pages.flatMap((p) => p.ids)).toEqual(newestFirst());

    const whole = await list(f.pager);
    expect(whole.json.data).toEqual([...f.paged].reverse().map(expected));
    expect([whole.json.has_more, whole.json.next_cursor]).toEqual([false, null]);
  });

  it("has_more is exact at the boundary, and the page after the last is empty", async () => {
    const count = f.paged.length;
    const all = await list(f.pager, `limit=${count}`);
    expect([all.json.data.length, all.json.has_more, all.json.next_cursor]).toEqual([count, false, null]);
    const short = await list(f.pager, `limit=${count - 1}`);
    expect([short.json.data.length, short.json.has_more, short.json.next_cursor]).toEqual([count - 1, true, short.json.data[count - 2].id]);
    const last = await list(f.pager, `limit=${count - 1}&starting_after=${short.json.next_cursor}`);
    expect(last.json).toEqual({ data: [expected(f.paged[0])], has_more: false, next_cursor: null });
    const after = await list(f.pager, `starting_after=${f.paged[0].id}`);
    expect(after.json).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it("an organisation with no transactions gets an empty page", async () => {
    const res = await list(f.empty);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it("filters by status, across pages, and every status is accepted", async () => {
    const settled = [...f.paged].reverse().filter((t) => t.status === "settled").map((t) => t.id);
    expect(settled).toHaveLength(3);
    expect((await listAll(f.pager, "status=settled", 2)).flatMap((p) => p.ids)).toEqual(settled);
    expect((await listAll(f.pager, "status=settled", 1)).map((p) => p.ids.length)).toEqual([1, 1, 1]);
    for (const status of ["queued", "processing", "settled", "failed", "returned"] as const) {
      const res = await list(f.pager, `status=${status}`);
      expect(res.status, res.text).toBe(200);
      expect(ids(res)).toEqual([...f.paged].reverse().filter((t) => t.status === status).map((t) => t.id));
      for (const t of res.json.data) expect(t.status).toBe(status);
    }
    // A cursor that the filter does not match still marks a place in the list.
    const queuedCursor = f.paged[0].id; // the oldest, queued
    expect(ids(await list(f.pager, `status=settled&starting_after=${f.paged[6].id}`))).toEqual(settled);
    expect((await list(f.pager, `status=settled&starting_after=${queuedCursor}`)).json.data).toEqual([]);
    expect(ids(await list(f.main, "status=failed"))).toEqual([f.failed.id]);
  });

  it("refuses an unknown status with 400 status_invalid naming the transaction statuses", async () => {
    for (const q of ["status=pending", "status=claimed", "status=SETTLED", "status=", "status=settled%20"]) {
      const res = await list(f.pager, q);
      expectError(res, 400, "status_invalid", "status");
      expect(res.json.error.message).toContain("queued, processing, settled, failed, returned");
    }
  });

  it("filters by payout_link_id: every attempt of that link, newest first; another organisation's link matches nothing", async () => {
    expect((await list(f.main, `payout_link_id=${f.failed.linkId}`)).json).toEqual({ data: [expected(f.retried), expected(f.failed)], has_more: false, next_cursor: null });
    expect(ids(await list(f.main, `payout_link_id=${f.failed.linkId}&status=failed`))).toEqual([f.failed.id]);
    const paged = await listAll(f.main, `payout_link_id=${f.failed.linkId}`, 1);
    expect(paged.flatMap((p) => p.ids)).toEqual([f.retried.id, f.failed.id]);
    expect(ids(await list(f.main, `payout_link_id=${f.settled.linkId}`))).toEqual([f.settled.id]);
    expect((await list(f.main, `payout_link_id=${f.pendingLinkId}`)).json.data).toEqual([]);
    expect((await list(f.main, `payout_link_id=${f.theirs.linkId}`)).json.data).toEqual([]);
    expect((await list(f.other, `payout_link_id=${f.settled.linkId}`)).json.data).toEqual([]);
    expect((await list(f.main, `payout_link_id=plink_${"0".repeat(26)}`)).json.data).toEqual([]);
  });

  it("refuses a malformed payout_link_id with 400 parameter_invalid", async () => {
    const internal = f.settled.linkId.slice("plink_".length);
    for (const bad of ["", "garbage", internal, f.settled.linkId.toLowerCase(), f.settled.id, `plink_${"A".repeat(60)}`, `plink_${"A".repeat(100)}`]) {
      expectError(await list(f.main, `payout_link_id=${encodeURIComponent(bad)}`), 400, "parameter_invalid", "payout_link_id");
    }
  });

  it("refuses a bad limit with 400 limit_invalid", async () => {
    for (const q of ["limit=0", "limit=101", "limit=-1", "limit=1.5", "limit=1e1", "limit=abc", "limit=", "limit=%205", "limit=99999"]) {
      expectError(await list(f.pager, q), 400, "limit_invalid", "limit");
    }
    expect((await list(f.pager, "limit=100")).status).toBe(200);
    expect((await list(f.pager, "limit=1")).json.data).toHaveLength(1);
  });

  it("refuses a cursor that is not one of this organisation's transactions with 400 cursor_invalid", async () => {
    const internal = f.paged[3].id.slice("txn_".length);
    const cases = [
      "garbage",
      "", // empty
      internal, // the bare ULID
      `txn_${"0".repeat(26)}`, // well formed, does not exist
      `txn_${"0".repeat(80)}`, // longer than any id
      f.paged[3].id.toLowerCase(),
      f.paged[3].linkId, // a link of this organisation
      f.paged[3].recipientId,
      `plink_${internal}`,
      f.theirs.id, // another organisation's transaction
    ];
    for (const cursor of cases) {
      expectError(await list(f.pager, `starting_after=${encodeURIComponent(cursor)}`), 400, "cursor_invalid", "starting_after");
    }
  });

  it("refuses unknown and repeated query parameters", async () => {
    expectError(await list(f.pager, "email=a%40example.com"), 400, "parameter_unknown", "email");
    expectError(await list(f.pager, "limit=2&recipient_id=rcp_X"), 400, "parameter_unknown", "recipient_id");
    expectError(await list(f.pager, "limit=2&limit=3"), 400, "parameter_invalid", "limit");
    expectError(await list(f.pager, "status=settled&status=failed"), 400, "parameter_invalid", "status");
  });
});

describe("auth and methods", () => {
  it("no key is 401, a key without the treasury capability is 403, on both routes", async () => {
    for (const path of ["/treasury/transactions", `/treasury/transactions/${f.settled.id}`]) {
      const anonymous = await api(null, path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.json.error.type).toBe("authentication_error");
      const limited = await api(f.noTreasury, path);
      expectError(limited, 403, "capability_missing");
      expect(limited.json.error.type).toBe("permission_error");
    }
  });

  it("other methods get a JSON 405 with Allow: GET, and change nothing", async () => {
    for (const path of ["/treasury/transactions", `/treasury/transactions/${f.settled.id}`]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const res = await api(f.main, path, method);
        expectError(res, 405, "method_not_allowed");
        expect(res.headers.get("allow")).toBe("GET");
      }
    }
    expect((await get(f.main, f.settled.id)).json.data).toEqual(expected(f.settled));
  });
});
