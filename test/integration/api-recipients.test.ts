import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encrypt } from "@/lib/crypto/encryption";
import { PrismaClient } from "@/lib/db/generated/client";
import { newId, parsePublicId, publicId } from "@/lib/ids";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { getRecipient } from "@/lib/recipients/get-recipient";
import { listRecipients } from "@/lib/recipients/list-recipients";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createFundedOrg, type OrgFixture } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/test-server";

// The recipients API over HTTP against a real `next start`: org scoping, pagination, bad input,
// and above all that a bank account's number and anything from Plaid never leave the server.

const RECIPIENT_FIELDS = ["created_at", "email", "id", "name", "object", "payment_methods"];
const PAYMENT_METHOD_FIELDS = [
  "account_name",
  "account_type",
  "bank_name",
  "created_at",
  "id",
  "mask",
  "name_match_score",
  "object",
  "routing_number",
  "type",
];

type SeededMethod = {
  id: string;
  accountNumber: string;
  mask: string;
  institutionName: string;
  accountName: string | null;
  accountSubtype: string | null;
  routingNumber: string;
  nameMatchScore: number | null;
  createdAt: Date;
  /** Strings that must never appear in a response: the number, its ciphertext, Plaid's ids and token. */
  secrets: string[];
};
type SeededRecipient = { id: string; name: string; email: string; createdAt: Date; methods: SeededMethod[] };

let accountCounter = 0;

/**
 * A recipient as a claim leaves it: ids are ULIDs of `at` (so "newest first" is known), the
 * account number and the Plaid access token encrypted with the key the server shares.
 */
async function seedRecipient(
  prisma: PrismaClient,
  organizationId: string,
  input: { name: string; email: string; at: number; methods?: Partial<SeededMethod>[] },
): Promise<SeededRecipient> {
  const id = newId(input.at);
  const createdAt = new Date(input.at);
  await prisma.recipient.create({
    data: { id, organizationId, name: input.name, email: input.email, emailNormalized: input.email.trim().toLowerCase(), createdAt },
  });
  const methods: SeededMethod[] = [];
  for (const [i, m] of (input.methods ?? []).entries()) {
    const n = ++accountCounter;
    // Long and distinctive, so finding it in a response cannot be a coincidence.
    const accountNumber = m.accountNumber ?? `99${String(n).padStart(3, "0")}7315${String(n).padStart(3, "0")}42`;
    const mask = accountNumber.slice(-4);
    const accessToken = `access-sandbox-${n}-0a1b2c3d-secret`;
    const plaidItemId = `item-${n}-LeakCheckItemId`;
    const plaidAccountId = `acct-${n}-LeakCheckAccountId`;
    const ciphertext = encrypt(accountNumber);
    const accessCiphertext = encrypt(accessToken);
    const at = new Date(input.at + 10 * (i + 1));
    const method: SeededMethod = {
      id: newId(at.getTime()),
      accountNumber,
      mask,
      institutionName: m.institutionName ?? "First Platypus Bank",
      accountName: m.accountName === undefined ? "Plaid Checking" : m.accountName,
      accountSubtype: m.accountSubtype === undefined ? "checking" : m.accountSubtype,
      routingNumber: m.routingNumber ?? "011401533",
      nameMatchScore: m.nameMatchScore === undefined ? 87 : m.nameMatchScore,
      createdAt: at,
      secrets: [accountNumber, ciphertext, accessToken, accessCiphertext, plaidItemId, plaidAccountId],
    };
    await prisma.paymentMethod.create({
      data: {
        id: method.id,
        organizationId,
        recipientId: id,
        institutionId: "ins_109508",
        institutionName: method.institutionName,
        accountName: method.accountName,
        accountSubtype: method.accountSubtype,
        mask,
        routingNumber: method.routingNumber,
        accountNumberCiphertext: ciphertext,
        plaidItemId,
        plaidAccountId,
        plaidAccessTokenCiphertext: accessCiphertext,
        nameMatchScore: method.nameMatchScore,
        createdAt: at,
      },
    });
    methods.push(method);
  }
  return { id: publicId("recipient", id), name: input.name, email: input.email, createdAt, methods };
}

const PAGER_COUNT = 7;

async function seed(prisma: PrismaClient) {
  const main = await createFundedOrg(prisma, { name: "Main", deposit: 100_000 });
  const other = await createFundedOrg(prisma, { name: "Other" });
  const pager = await createFundedOrg(prisma, { name: "Pager" });
  const empty = await createFundedOrg(prisma, { name: "Empty" });
  const noTreasury = await createFundedOrg(prisma, { name: "No treasury", capabilities: [] });

  const t0 = Date.now() - 3_600_000;
  const ada = await seedRecipient(prisma, main.organizationId, {
    name: "Ada Lovelace",
    email: "Ada.Lovelace@Example.com",
    at: t0,
    methods: [
      {},
      // A second account, connected later, with nothing optional known.
      { institutionName: "Tartan Bank", accountName: null, accountSubtype: null, nameMatchScore: null, routingNumber: "021000021" },
    ],
  });
  const grace = await seedRecipient(prisma, main.organizationId, { name: "Grace Hopper", email: "grace@example.com", at: t0 + 1_000, methods: [{ accountSubtype: "savings", nameMatchScore: 100 }] });
  // No payment method (not something a claim leaves, but the shape must still hold).
  const bare = await seedRecipient(prisma, main.organizationId, { name: "Bare Recipient", email: "bare@example.com", at: t0 + 2_000 });
  // The same email at another organisation: never visible to main, nor main's to it.
  const theirs = await seedRecipient(prisma, other.organizationId, { name: "Ada at Other", email: "ada.lovelace@example.com", at: t0 + 3_000, methods: [{}] });

  const paged: SeededRecipient[] = [];
  for (let i = 0; i < PAGER_COUNT; i++) {
    // Two recipients share an email in different case: the filter finds both.
    const email = i === 2 ? "twice@example.com" : i === 5 ? "TWICE@example.com" : `person${i}@example.com`;
    paged.push(await seedRecipient(prisma, pager.organizationId, { name: `Person ${i}`, email, at: t0 + 10_000 + i * 1_000, methods: [{}] }));
  }
  // A link Ada claimed, as the submit leaves it (its transaction is not needed here).
  const link = await generatePayoutLink(prisma, { organizationId: main.organizationId, actor: "test:seed" }, { amount: 2_500, currency: "USD", description: "claimed by Ada" });
  await prisma.payoutLink.update({
    where: { id: parsePublicId("payoutLink", link.id)! },
    data: { status: "claimed", claimedAt: new Date(), recipientId: parsePublicId("recipient", ada.id)! },
  });
  return { main, other, pager, empty, noTreasury, ada, grace, bare, theirs, paged, claimedLinkId: link.id };
}
type Fixtures = Awaited<ReturnType<typeof seed>>;

let server: TestServer<Fixtures>;
let f: Fixtures;
/** Every raw response body, checked for secrets at the end as well as per test. */
const bodies: string[] = [];

beforeAll(async () => {
  server = await startTestServer(seed);
  f = server.fixtures;
});

afterAll(async () => {
  await server?.stop();
  // Every response of the file, the errors included, not only those the tests looked into.
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

const get = (org: OrgFixture | null, id: string) => api(org, `/treasury/recipients/${id}`);
const list = (org: OrgFixture | null, query = "") => api(org, `/treasury/recipients${query ? `?${query}` : ""}`);

function expectError(res: ApiResponse, status: number, code: string, param?: string) {
  expect(res.status, res.text).toBe(status);
  expect(Object.keys(res.json)).toEqual(["error"]);
  expect(res.json.error.code).toBe(code);
  expect(res.json.error.request_id).toBe(res.headers.get("request-id"));
  if (param === undefined) expect(res.json.error.param).toBeUndefined();
  else expect(res.json.error.param).toBe(param);
}

/** What the API must answer for a seeded recipient, field by field. */
function expected(r: SeededRecipient) {
  return {
    id: r.id,
    object: "recipient",
    name: r.name,
    email: r.email,
    created_at: r.createdAt.toISOString(),
    payment_methods: r.methods.map((m) => ({
      id: publicId("paymentMethod", m.id),
      object: "payment_method",
      type: "us_bank_account",
      bank_name: m.institutionName,
      account_name: m.accountName,
      account_type: m.accountSubtype,
      mask: m.mask,
      routing_number: m.routingNumber,
      name_match_score: m.nameMatchScore,
      created_at: m.createdAt.toISOString(),
    })),
  };
}

/** Every key anywhere in a JSON value. */
function allKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => allKeys(v, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      allKeys(v, out);
    }
  }
  return out;
}

function allSecrets(): string[] {
  return [f.ada, f.grace, f.bare, f.theirs, ...f.paged].flatMap((r) => r.methods.flatMap((m) => m.secrets));
}

function expectNoSecrets(text: string) {
  for (const secret of allSecrets()) expect(text.includes(secret), `response contains ${secret}`).toBe(false);
  const keys = allKeys(JSON.parse(text));
  for (const key of keys) expect(key, "no account-number, Plaid or access-token field").not.toMatch(/account_number|accountnumber|plaid|access|ciphertext|item/i);
}

describe("GET /treasury/recipients/{id}", () => {
  it("returns the recipient with exactly the documented fields and its payment methods, oldest first", async () => {
    const res = await get(f.main, f.ada.id);
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.json)).toEqual(["data"]);
    const r = res.json.data;
    expect(Object.keys(r).sort()).toEqual(RECIPIENT_FIELDS);
    for (const m of r.payment_methods) expect(Object.keys(m).sort()).toEqual(PAYMENT_METHOD_FIELDS);
    expect(r).toEqual(expected(f.ada));
    expect(r.id).toMatch(/^rcp_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(r.payment_methods.map((m: { id: string }) => m.id)).toEqual(f.ada.methods.map((m) => publicId("paymentMethod", m.id)));
    for (const m of r.payment_methods) expect(m.id).toMatch(/^pm_[0-9A-HJKMNP-TV-Z]{26}$/);
    // The nullable fields come through as null, not missing.
    expect(r.payment_methods[1]).toMatchObject({ bank_name: "Tartan Bank", account_name: null, account_type: null, name_match_score: null });
    expectNoSecrets(res.text);
  });

  it("never sends the account number, its ciphertext, or anything from Plaid", async () => {
    for (const r of [f.ada, f.grace]) {
      const res = await get(f.main, r.id);
      expect(res.status).toBe(200);
      for (const m of r.methods) {
        // The seeded values really are what the test looks for: the mask is the number's tail.
        expect(m.accountNumber.endsWith(m.mask)).toBe(true);
        expect(res.text).toContain(`"mask":"${m.mask}"`);
        expect(res.text).not.toContain(m.accountNumber);
        for (const secret of m.secrets) expect(res.text).not.toContain(secret);
      }
      expectNoSecrets(res.text);
      // ("Plaid Checking", the sandbox bank's account name, may appear: it is the bank's label, not a Plaid field.)
      expect(res.text).not.toMatch(/plaid_|access_token|account_number/i);
    }
  });

  it("a claimed link's recipient_id leads to its recipient", async () => {
    const link = await api(f.main, `/treasury/payout-link/${f.claimedLinkId}`);
    expect(link.status, link.text).toBe(200);
    expect(link.json.data).toMatchObject({ status: "claimed", recipient_id: f.ada.id });
    const res = await get(f.main, link.json.data.recipient_id);
    expect(res.status, res.text).toBe(200);
    expect(res.json.data).toEqual(expected(f.ada));
  });

  it("a recipient without payment methods has an empty list", async () => {
    const res = await get(f.main, f.bare.id);
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual(expected(f.bare));
    expect(res.json.data.payment_methods).toEqual([]);
  });

  it("another organisation's recipient is a 404 recipient_not_found, both ways", async () => {
    expectError(await get(f.main, f.theirs.id), 404, "recipient_not_found", "id");
    expectError(await get(f.other, f.ada.id), 404, "recipient_not_found", "id");
    expect((await get(f.other, f.theirs.id)).status).toBe(200);
  });

  it("a malformed or unknown id is the same 404", async () => {
    const internal = f.ada.id.slice("rcp_".length);
    const cases = [
      internal, // the bare ULID, without its prefix
      f.ada.id.toLowerCase(),
      `pm_${f.ada.methods[0].id}`, // a payment method's id
      `plink_${internal}`,
      `rcp_${"0".repeat(26)}`, // well formed, does not exist
      "rcp_",
      "rcp_garbage",
      `${f.ada.id}x`,
      `rcp_${"A".repeat(300)}`,
      encodeURIComponent("rcp_' OR 1=1 --"),
    ];
    for (const id of cases) {
      const res = await get(f.main, id);
      expectError(res, 404, "recipient_not_found", "id");
      expect(res.json.error.type).toBe("invalid_request_error");
    }
  });

  it("refuses query parameters: 400 parameter_unknown", async () => {
    expectError(await api(f.main, `/treasury/recipients/${f.ada.id}?expand=plaid`), 400, "parameter_unknown", "expand");
  });
});

describe("GET /treasury/recipients", () => {
  const newestFirst = () => [...f.paged].reverse().map((r) => r.id);

  /** Every page of a list, following next_cursor. */
  async function listAll(org: OrgFixture, query: string, limit: number) {
    const pages: { ids: string[]; has_more: boolean; next_cursor: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(org, [query, `limit=${limit}`, cursor ? `starting_after=${cursor}` : ""].filter(Boolean).join("&"));
      expect(res.status, res.text).toBe(200);
      expect(Object.keys(res.json).sort()).toEqual(["data", "has_more", "next_cursor"]);
      expectNoSecrets(res.text);
      pages.push({ ids: res.json.data.map((r: { id: string }) => r.id), has_more: res.json.has_more, next_cursor: res.json.next_cursor });
      cursor = res.json.has_more ? res.json.next_cursor : null;
      expect(pages.length).toBeLessThan(20);
    } while (cursor);
    return pages;
  }

  it("lists the organisation's recipients newest first, each as the single GET shows it", async () => {
    const res = await list(f.main);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ data: [f.bare, f.grace, f.ada].map(expected), has_more: false, next_cursor: null });
    expectNoSecrets(res.text);
    for (const r of res.json.data) expect((await get(f.main, r.id)).json.data).toEqual(r);
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
    const all = await list(f.pager, `limit=${PAGER_COUNT}`);
    expect([all.json.data.length, all.json.has_more, all.json.next_cursor]).toEqual([PAGER_COUNT, false, null]);
    const short = await list(f.pager, `limit=${PAGER_COUNT - 1}`);
    expect([short.json.data.length, short.json.has_more, short.json.next_cursor]).toEqual([PAGER_COUNT - 1, true, short.json.data[PAGER_COUNT - 2].id]);
    const last = await list(f.pager, `limit=${PAGER_COUNT - 1}&starting_after=${short.json.next_cursor}`);
    expect(last.json).toEqual({ data: [expected(f.paged[0])], has_more: false, next_cursor: null });
    const after = await list(f.pager, `starting_after=${f.paged[0].id}`);
    expect(after.json).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it("an organisation with no recipients gets an empty page", async () => {
    const res = await list(f.empty);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it("filters by email: exact, ignoring case and surrounding spaces, across pages", async () => {
    const twice = [f.paged[5], f.paged[2]].map((r) => r.id);
    expect((await listAll(f.pager, "email=twice%40example.com", 1)).flatMap((p) => p.ids)).toEqual(twice);
    expect((await list(f.pager, `email=${encodeURIComponent("  TWICE@Example.COM ")}`)).json.data.map((r: { id: string }) => r.id)).toEqual(twice);
    // Exact, not a prefix or substring.
    for (const q of ["twice", "wice@example.com", "twice@example.co", "person1@example.com.evil"]) {
      expect((await list(f.pager, `email=${encodeURIComponent(q)}`)).json).toEqual({ data: [], has_more: false, next_cursor: null });
    }
    const ada = await list(f.main, "email=ada.lovelace%40example.com");
    expect(ada.json.data).toEqual([expected(f.ada)]);
    // The same address at another organisation stays there.
    expect((await list(f.other, "email=ADA.LOVELACE%40EXAMPLE.COM")).json.data.map((r: { id: string }) => r.id)).toEqual([f.theirs.id]);
  });

  it("refuses a bad email filter with 400 email_invalid", async () => {
    for (const q of ["email=", `email=${"a".repeat(250)}%40x.io`, "email=a%00b%40example.com", "email=a%0Ab%40example.com"]) {
      expectError(await list(f.pager, q), 400, "email_invalid", "email");
    }
  });

  it("refuses a bad limit with 400 limit_invalid", async () => {
    for (const q of ["limit=0", "limit=101", "limit=-1", "limit=1.5", "limit=1e1", "limit=abc", "limit=", "limit=%205", "limit=99999"]) {
      expectError(await list(f.pager, q), 400, "limit_invalid", "limit");
    }
    expect((await list(f.pager, "limit=100")).status).toBe(200);
    expect((await list(f.pager, "limit=1")).json.data).toHaveLength(1);
  });

  it("refuses a cursor that is not one of this organisation's recipients with 400 cursor_invalid", async () => {
    const internal = f.paged[3].id.slice("rcp_".length);
    const cases = [
      "garbage",
      "", // empty
      internal, // the bare ULID
      `rcp_${"0".repeat(26)}`, // well formed, does not exist
      `rcp_${"0".repeat(80)}`, // longer than any id
      f.paged[3].id.toLowerCase(),
      `pm_${f.paged[3].methods[0].id}`, // a payment method of this organisation
      `plink_${internal}`,
      f.ada.id, // another organisation's recipient
    ];
    for (const cursor of cases) {
      expectError(await list(f.pager, `starting_after=${encodeURIComponent(cursor)}`), 400, "cursor_invalid", "starting_after");
    }
  });

  it("refuses unknown and repeated query parameters", async () => {
    expectError(await list(f.pager, "status=pending"), 400, "parameter_unknown", "status");
    expectError(await list(f.pager, "limit=2&include_account_number=true"), 400, "parameter_unknown", "include_account_number");
    expectError(await list(f.pager, "limit=2&limit=3"), 400, "parameter_invalid", "limit");
  });
});

describe("auth and methods", () => {
  it("no key is 401, a key without the treasury capability is 403, on both routes", async () => {
    for (const path of ["/treasury/recipients", `/treasury/recipients/${f.ada.id}`]) {
      const anonymous = await api(null, path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.json.error.type).toBe("authentication_error");
      const limited = await api(f.noTreasury, path);
      expectError(limited, 403, "capability_missing");
      expect(limited.json.error.type).toBe("permission_error");
    }
  });

  it("other methods get a JSON 405 with Allow: GET", async () => {
    for (const path of ["/treasury/recipients", `/treasury/recipients/${f.ada.id}`]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const res = await api(f.main, path, method);
        expectError(res, 405, "method_not_allowed");
        expect(res.headers.get("allow")).toBe("GET");
      }
    }
  });
});

describe("reads a page in a fixed number of queries", () => {
  // Against a database of its own, with Prisma's query log: the payment methods of a page are one
  // query, however many recipients the page holds (no N+1).
  let database: TestDatabase;
  let prisma: PrismaClient;
  let close: () => Promise<void>;
  let organizationId: string;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 4 });
    const org = await createFundedOrg(database.prisma, { name: "Counted" });
    organizationId = org.organizationId;
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 12; i++) {
      await seedRecipient(database.prisma, organizationId, { name: `Counted ${i}`, email: `c${i}@example.com`, at: t0 + i * 100, methods: [{}, {}] });
    }
    ({ prisma, close } = await loggingClient(database, (sql) => statements.push(sql)));
  });

  afterAll(async () => {
    await close?.();
    await database?.destroy();
  });

  it("list: one query for the recipients, one for all their payment methods (plus one for a cursor)", async () => {
    statements.length = 0;
    const first = await listRecipients(prisma, organizationId, { limit: 10 });
    expect(first.data).toHaveLength(10);
    expect(first.data.every((r) => r.payment_methods.length === 2)).toBe(true);
    expect(statements.filter((q) => /"recipients"/.test(q) && !/"payment_methods"/.test(q))).toHaveLength(1);
    expect(statements.filter((q) => /"payment_methods"/.test(q))).toHaveLength(1);
    expect(statements).toHaveLength(2);

    statements.length = 0;
    const second = await listRecipients(prisma, organizationId, { limit: 10, starting_after: first.next_cursor! });
    expect(second.data).toHaveLength(2);
    expect(statements).toHaveLength(3);
  });

  it("get: the recipient and its payment methods, scoped to the organisation", async () => {
    const { data } = await listRecipients(prisma, organizationId, { limit: 1 });
    statements.length = 0;
    const one = await getRecipient(prisma, organizationId, data[0].id);
    expect(one).toEqual(data[0]);
    expect(statements.length).toBeLessThanOrEqual(2);
    await expect(getRecipient(prisma, "someone-else", data[0].id)).rejects.toMatchObject({ code: "recipient_not_found", param: "id" });
  });
});

/** A second client on a test database, passing every SQL statement it sends to `onQuery`. */
async function loggingClient(database: TestDatabase, onQuery: (sql: string) => void): Promise<{ prisma: PrismaClient; close: () => Promise<void> }> {
  if (database.kind === "postgresql") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const adapter = new PrismaPg({ connectionString: database.serverEnv.DATABASE_URL, max: 2 });
    const prisma = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
    prisma.$on("query", (e) => onQuery(e.query));
    return { prisma, close: () => prisma.$disconnect() };
  }
  // PGlite has one connection per directory: hand it over from the fixture's client.
  await database.release();
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const pglite = new PGlite(path.join(database.serverEnv.DATA_DIR, "pglite"));
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), log: [{ emit: "event", level: "query" }] });
  prisma.$on("query", (e) => onQuery(e.query));
  return {
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
