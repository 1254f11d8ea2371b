import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import type { PrismaClient } from "@/lib/db/generated/client";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { cancelPayoutLink } from "@/lib/payout-links/cancel-payout-link";
import { expireDuePayoutLinks } from "@/lib/payout-links/expire-payout-links";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { createFundedOrg } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/test-server";

// Every row is a request the API must refuse with an exact status, code, type and param, and
// without writing anything. The expectations are written out here, not read from
// lib/errors/codes.ts, so a change to that table shows up as a failing row.

const CAP = 100_000; // the main organisation's per-link cap, in cents
const MAX_TTL = 30 * 24 * 3600; // PAYOUT_LINK_MAX_TTL_SECONDS default
const MAX_BODY = 64 * 1024;
const LINK_AMOUNT = 1_000;

const internalId = (publicId: string) => publicId.replace(/^plink_/, "");

async function seed(prisma: PrismaClient) {
  const main = await createFundedOrg(prisma, { name: "Main", deposit: 1_000_000, maxLinkAmount: CAP });
  const noTreasury = await createFundedOrg(prisma, { name: "No treasury", deposit: 100_000, capabilities: [] });
  const other = await createFundedOrg(prisma, { name: "Other", deposit: 100_000 });
  const poor = await createFundedOrg(prisma, { name: "Poor", deposit: 500, maxLinkAmount: CAP });
  const revoked = await createApiKey(prisma, { organizationId: main.organizationId, name: "revoked", capabilities: ["treasury"] });
  expect(await revokeApiKey(prisma, { organizationId: main.organizationId, apiKeyId: revoked.apiKey.id })).toBe(true);

  const actor = { organizationId: main.organizationId, actor: "test:seed" };
  const make = (organizationId: string, description: string) =>
    generatePayoutLink(prisma, { organizationId, actor: "test:seed" }, { amount: LINK_AMOUNT, currency: "USD", description });
  const past = new Date(Date.now() - 3600_000);

  const otherLink = await make(other.organizationId, "another organisation's link");

  const claimed = await make(main.organizationId, "claimed");
  await prisma.payoutLink.update({ where: { id: internalId(claimed.id) }, data: { status: "claimed", claimedAt: new Date() } });

  // Completed: the hold was debited when the payout settled, as the payout worker would do.
  const completed = await make(main.organizationId, "completed");
  await prisma.$transaction(async (tx) => {
    await tx.payoutLink.update({
      where: { id: internalId(completed.id) },
      data: { status: "completed", claimedAt: new Date(), completedAt: new Date() },
    });
    await tx.fundingAccount.update({ where: { id: main.fundingAccountId }, data: { held: { decrement: LINK_AMOUNT } } });
    await tx.ledgerEntry.create({
      data: { fundingAccountId: main.fundingAccountId, kind: "debit", amount: LINK_AMOUNT, payoutLinkId: internalId(completed.id), description: "test: settled" },
    });
  });

  const cancelled = await make(main.organizationId, "cancelled");
  await cancelPayoutLink(prisma, actor, cancelled.id);

  // Expired and persisted by the sweeper (hold released)...
  const expired = await make(main.organizationId, "expired (swept)");
  await prisma.payoutLink.update({ where: { id: internalId(expired.id) }, data: { expiresAt: past } });
  expect(await expireDuePayoutLinks(prisma)).toBe(1);
  // ...and past its expiry but not yet swept: still `pending` in the row, still held.
  const lapsed = await make(main.organizationId, "expired (not yet swept)");
  await prisma.payoutLink.update({ where: { id: internalId(lapsed.id) }, data: { expiresAt: past } });

  const pending = await make(main.organizationId, "pending");

  expect(await verifyLedger(prisma)).toEqual([]);
  return { main, noTreasury, other, poor, revokedKey: revoked.secret, otherLink, claimed, completed, cancelled, expired, lapsed, pending };
}

type Fixtures = Awaited<ReturnType<typeof seed>>;

let server: TestServer<Fixtures>;
let f: Fixtures;
const REUSED_KEY = "bad-input-reused-key-1";
const REUSED_BODY = { amount: 2_000, currency: "USD", description: "first use of the key" };

beforeAll(async () => {
  // The sweeper runs inside the embedded server; keep it from touching the lapsed link mid-table.
  server = await startTestServer(seed, { SWEEP_INTERVAL_MS: "3600000" });
  f = server.fixtures;
  // The first use of an Idempotency-Key, so the table can reuse it with another body.
  const first = await fetch(`${server.baseUrl}/treasury/payout-link/generate`, {
    method: "POST",
    headers: { Authorization: `Bearer ${f.main.apiKey}`, "Content-Type": "application/json", "Idempotency-Key": REUSED_KEY },
    body: JSON.stringify(REUSED_BODY),
  });
  expect(first.status).toBe(201);
  before = await snapshot();
});

afterAll(async () => {
  if (server?.prisma) expect(await verifyLedger(server.prisma)).toEqual([]);
  await server?.stop();
});

// ---------------------------------------------------------------------------------------------
// What "nothing was written" is checked against.

async function getJson(path: string, apiKey: string) {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${apiKey}` } });
  expect(res.status, path).toBe(200);
  return res.json();
}

/** What each organisation sees through the API (balance and every link). */
async function apiView() {
  const out: Record<string, unknown> = {};
  for (const [name, org] of Object.entries({ main: f.main, other: f.other, poor: f.poor })) {
    const links = await getJson("/treasury/payout-link?limit=100", org.apiKey);
    expect(links.has_more).toBe(false);
    out[name] = { balance: (await getJson("/treasury/balance", org.apiKey)).data, links: links.data };
  }
  return out;
}

/** PostgreSQL only: the rows a refused request must not add or change. */
async function dbView() {
  const p = server.prisma;
  if (!p) return null;
  return {
    payoutLinks: await p.payoutLink.findMany({
      select: { id: true, status: true, expiresAt: true, cancelledAt: true, claimedAt: true, completedAt: true, expiredAt: true },
      orderBy: { id: "asc" },
    }),
    ledgerEntries: await p.ledgerEntry.count(),
    idempotencyRecords: await p.idempotencyRecord.count(),
    auditEvents: await p.auditEvent.count(),
    fundingAccounts: await p.fundingAccount.findMany({ select: { id: true, available: true, held: true }, orderBy: { id: "asc" } }),
  };
}

async function snapshot() {
  return { api: await apiView(), db: await dbView() };
}
let before: Awaited<ReturnType<typeof snapshot>>;

// ---------------------------------------------------------------------------------------------
// Request builders.

type Row = {
  name: string;
  method?: string;
  path: string | ((f: Fixtures) => string);
  /** The Authorization header; `null` sends none. Defaults to the main organisation's key. */
  auth?: ((f: Fixtures) => string) | null;
  headers?: Record<string, string>;
  /** A string is sent as application/json unless `headers` says otherwise. */
  body?: string | Uint8Array | (() => ReadableStream<Uint8Array>);
  status: number;
  code: string;
  type?: string;
  /** `undefined`: the error must carry no param. */
  param?: string;
};

const GENERATE = "/treasury/payout-link/generate";
const LIST = "/treasury/payout-link";
const VALID = { amount: LINK_AMOUNT, currency: "USD", description: "bad-input probe" } as const;

/** The valid body with `field` written as the raw JSON text `literal` (or left out when undefined). */
function withRaw(field: string, literal: string | undefined): string {
  const entries = Object.entries(VALID)
    .filter(([k]) => k !== field)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  if (literal !== undefined) entries.push(`${JSON.stringify(field)}:${literal}`);
  return `{${entries.join(",")}}`;
}
const withField = (field: string, value: unknown) => withRaw(field, JSON.stringify(value));
const without = (field: string) => withRaw(field, undefined);
const validBody = JSON.stringify(VALID);

const bearer = (pick: (f: Fixtures) => string) => (fx: Fixtures) => `Bearer ${pick(fx)}`;

function generate(name: string, body: Row["body"], status: number, code: string, param?: string, extra: Partial<Row> = {}): Row {
  return { name, method: "POST", path: GENERATE, body, status, code, param, ...extra };
}
function list(name: string, query: string | ((f: Fixtures) => string), status: number, code: string, param?: string): Row {
  return { name, method: "GET", path: (fx) => `${LIST}?${typeof query === "string" ? query : query(fx)}`, status, code, param };
}
function cancel(name: string, ref: (f: Fixtures) => string, status: number, code: string, param?: string, extra: Partial<Row> = {}): Row {
  return { name, method: "POST", path: (fx) => `/treasury/payout-link/${ref(fx)}/cancel`, status, code, param, ...extra };
}

/** A body larger than the limit, delivered in chunks with no Content-Length (Transfer-Encoding: chunked). */
function chunkedOversize(): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(withField("description", "x".repeat(MAX_BODY + 10)));
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 8192));
      offset += 8192;
    },
  });
}

const metadata51 = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
const deepMetadata = withRaw("metadata", '{"a":'.repeat(40) + '"x"' + "}".repeat(40));
const AUTH_ERROR = "authentication_error";

const rows: Row[] = [
  // --- authentication and authorisation (every one of these bodies would otherwise succeed)
  generate("no Authorization header", validBody, 401, "api_key_missing", undefined, { auth: null, type: AUTH_ERROR }),
  generate("Authorization: Bearer garbage", validBody, 401, "api_key_invalid", undefined, { auth: () => "Bearer garbage", type: AUTH_ERROR }),
  generate("a well-formed sk_test_ key nobody issued", validBody, 401, "api_key_invalid", undefined, {
    auth: () => `Bearer sk_test_${"A".repeat(43)}`,
    type: AUTH_ERROR,
  }),
  generate("a well-formed sk_live_ key nobody issued", validBody, 401, "api_key_invalid", undefined, {
    auth: () => `Bearer sk_live_${"b".repeat(43)}`,
    type: AUTH_ERROR,
  }),
  generate("a revoked key", validBody, 401, "api_key_revoked", undefined, { auth: bearer((fx) => fx.revokedKey), type: AUTH_ERROR }),
  { name: "a revoked key on the list", method: "GET", path: LIST, auth: bearer((fx) => fx.revokedKey), status: 401, code: "api_key_revoked", type: AUTH_ERROR },
  generate("auth is checked before the body: no key and malformed JSON", "{", 401, "api_key_missing", undefined, { auth: null, type: AUTH_ERROR }),
  generate("a key without the treasury capability: generate", validBody, 403, "capability_missing", undefined, {
    auth: bearer((fx) => fx.noTreasury.apiKey),
    type: "permission_error",
  }),
  { name: "a key without the treasury capability: list", method: "GET", path: LIST, auth: bearer((fx) => fx.noTreasury.apiKey), status: 403, code: "capability_missing", type: "permission_error" },
  { name: "a key without the treasury capability: balance", method: "GET", path: "/treasury/balance", auth: bearer((fx) => fx.noTreasury.apiKey), status: 403, code: "capability_missing", type: "permission_error" },
  cancel("a key without the treasury capability: cancel", (fx) => fx.pending.token, 403, "capability_missing", undefined, {
    auth: bearer((fx) => fx.noTreasury.apiKey),
    type: "permission_error",
  }),

  // --- another organisation's link is a 404, and unknown references look the same
  { name: "another organisation's link by token", method: "GET", path: (fx) => `${LIST}/${fx.otherLink.token}`, status: 404, code: "payout_link_not_found", param: "token" },
  { name: "another organisation's link by id", method: "GET", path: (fx) => `${LIST}/${fx.otherLink.id}`, status: 404, code: "payout_link_not_found", param: "token" },
  cancel("cancel another organisation's link by token", (fx) => fx.otherLink.token, 404, "payout_link_not_found", "token"),
  cancel("cancel another organisation's link by id", (fx) => fx.otherLink.id, 404, "payout_link_not_found", "token"),
  { name: "a reference of no known format", method: "GET", path: `${LIST}/abc`, status: 404, code: "payout_link_not_found", param: "token" },
  { name: "a well-formed token nobody issued", method: "GET", path: `${LIST}/${"Z".repeat(43)}`, status: 404, code: "payout_link_not_found", param: "token" },
  { name: "a well-formed plink_ id that does not exist", method: "GET", path: `${LIST}/plink_${"0".repeat(26)}`, status: 404, code: "payout_link_not_found", param: "token" },
  cancel("cancel a link that does not exist", () => `plink_${"1".repeat(26)}`, 404, "payout_link_not_found", "token"),

  // --- the body as a whole
  generate("malformed JSON", '{"amount": 1000,', 400, "invalid_json"),
  generate("JSON followed by more data", `${validBody} {}`, 400, "invalid_json"),
  generate("an empty body", "", 400, "invalid_json"),
  generate("a whitespace-only body", " \n\t ", 400, "invalid_json"),
  generate("bytes that are not UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 400, "invalid_json", undefined, {
    headers: { "Content-Type": "application/json" },
  }),
  generate("Content-Type: text/plain", validBody, 415, "content_type_unsupported", undefined, { headers: { "Content-Type": "text/plain" } }),
  generate("no Content-Type at all", new TextEncoder().encode(validBody), 415, "content_type_unsupported"),
  generate("a form-encoded body", "amount=1000&currency=USD&description=x", 415, "content_type_unsupported", undefined, {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  }),
  generate("Content-Type: application/jsonx", validBody, 415, "content_type_unsupported", undefined, { headers: { "Content-Type": "application/jsonx" } }),
  generate("a body over 64 KB with an honest Content-Length", withField("description", "x".repeat(MAX_BODY)), 413, "body_too_large"),
  generate("a body over 64 KB sent chunked, with no Content-Length", chunkedOversize, 413, "body_too_large"),
  generate("one byte over 64 KB (whitespace padding)", validBody + " ".repeat(MAX_BODY + 1 - validBody.length), 413, "body_too_large"),
  generate("nesting deeper than 32 levels", deepMetadata, 400, "invalid_json"),
  generate("a JSON array", "[]", 400, "parameter_invalid"),
  generate("a JSON array holding a valid object", `[${validBody}]`, 400, "parameter_invalid"),
  generate("a JSON string", '"hello"', 400, "parameter_invalid"),
  generate("JSON null", "null", 400, "parameter_invalid"),
  generate("a JSON number", "25000", 400, "parameter_invalid"),
  generate("an empty object", "{}", 400, "parameter_missing", "amount"),
  generate("a duplicate key", `{"amount":1000,"amount":1000,"currency":"USD","description":"dup"}`, 400, "invalid_json"),
  generate("a duplicate key inside metadata", withRaw("metadata", '{"a":"1","a":"2"}'), 400, "invalid_json"),
  generate("a __proto__ key", withRaw("__proto__", '{"amount":1}'), 400, "invalid_json"),
  generate("a __proto__ key inside metadata", withRaw("metadata", '{"__proto__":"x"}'), 400, "invalid_json"),
  generate("an unknown field", withField("foo", 1), 400, "parameter_unknown", "foo"),
  generate("a field in the wrong case (Amount)", withField("Amount", 1000), 400, "parameter_unknown", "Amount"),
  generate("a field from another API (recipient_email)", withField("recipient_email", "a@example.com"), 400, "parameter_unknown", "recipient_email"),

  // --- amount
  ...(
    [
      ["12.5", "a fraction"],
      ['"2500"', "a string of digits"],
      ["-5", "negative"],
      ["0", "zero"],
      ["-0", "minus zero"],
      ["1e3", "an exponent (1e3)"],
      ["1E3", "an exponent (1E3)"],
      ["1.0", "an integer written with a fraction (1.0)"],
      ["25000.00", "cents written with a fraction (25000.00)"],
      ["9007199254740993", "beyond 2^53 (9007199254740993)"],
      ["1e400", "1e400"],
      ["1" + "0".repeat(400), "401 digits (Infinity)"],
      ["null", "null"],
      ["true", "true"],
      ['{"value":1000}', "an object"],
      ["[1000]", "an array"],
    ] as const
  ).map(([literal, what]) => generate(`amount: ${what}`, withRaw("amount", literal), 400, "amount_invalid", "amount")),
  generate("amount missing", without("amount"), 400, "parameter_missing", "amount"),
  generate("amount one cent above the organisation's cap", withField("amount", CAP + 1), 400, "amount_too_large", "amount"),
  generate("amount far above the cap but a safe integer", withField("amount", Number.MAX_SAFE_INTEGER), 400, "amount_too_large", "amount"),
  generate("amount above the available balance", validBody, 422, "insufficient_funds", "amount", { auth: bearer((fx) => fx.poor.apiKey) }),

  // --- currency
  ...(
    [
      ['"usd "', "trailing space"],
      ['"usd"', "lower case"],
      ['" USD"', "leading space"],
      ['"EUR"', "EUR"],
      ['""', "empty"],
      ["840", "the ISO numeric code 840"],
      ["null", "null"],
      ['["USD"]', "an array"],
    ] as const
  ).map(([literal, what]) => generate(`currency: ${what}`, withRaw("currency", literal), 400, "currency_unsupported", "currency")),
  generate("currency missing", without("currency"), 400, "parameter_missing", "currency"),

  // --- description
  generate("description: 1001 characters", withField("description", "x".repeat(1001)), 400, "description_too_long", "description"),
  generate("description: 1001 emoji (code points, 2002 UTF-16 units)", withField("description", "😀".repeat(1001)), 400, "description_too_long", "description"),
  generate("description: a number", withRaw("description", "42"), 400, "description_invalid", "description"),
  generate("description: null", withRaw("description", "null"), 400, "description_invalid", "description"),
  generate("description: an object", withRaw("description", '{"text":"x"}'), 400, "description_invalid", "description"),
  generate("description: empty", withField("description", ""), 400, "description_invalid", "description"),
  generate("description: whitespace only", withField("description", " \t\n\r "), 400, "description_invalid", "description"),
  generate("description: a NUL character", withField("description", "bonus\u0000paid"), 400, "description_invalid", "description"),
  generate("description: an unpaired surrogate", withRaw("description", '"bonus \\ud800 paid"'), 400, "description_invalid", "description"),
  generate("description missing", without("description"), 400, "parameter_missing", "description"),

  // --- expires_in_seconds
  ...(
    [
      ["0", "zero"],
      ["-1", "negative"],
      ["59", "59, one under the minimum"],
      [String(MAX_TTL + 1), "one over the configured maximum"],
      [String(365 * 24 * 3600 + 1), "over the hard ceiling"],
      ["1.5", "a fraction"],
      ["60.0", "60.0"],
      ["6e1", "6e1"],
      ['"60"', "a string"],
      ["null", "null"],
      ["true", "true"],
    ] as const
  ).map(([literal, what]) => generate(`expires_in_seconds: ${what}`, withRaw("expires_in_seconds", literal), 400, "expires_in_invalid", "expires_in_seconds")),

  // --- metadata
  generate("metadata: an array", withField("metadata", ["a", "b"]), 400, "metadata_invalid", "metadata"),
  generate("metadata: a string", withField("metadata", "order=4127"), 400, "metadata_invalid", "metadata"),
  generate("metadata: null", withRaw("metadata", "null"), 400, "metadata_invalid", "metadata"),
  generate("metadata: 51 keys", withField("metadata", metadata51), 400, "metadata_invalid", "metadata"),
  generate("metadata: a 41-character key", withField("metadata", { ["k".repeat(41)]: "v" }), 400, "metadata_invalid", `metadata.${"k".repeat(41)}`),
  generate("metadata: a 501-character value", withField("metadata", { note: "v".repeat(501) }), 400, "metadata_invalid", "metadata.note"),
  generate("metadata: a number value", withField("metadata", { order: 4127 }), 400, "metadata_invalid", "metadata.order"),
  generate("metadata: a boolean value", withField("metadata", { vip: true }), 400, "metadata_invalid", "metadata.vip"),
  generate("metadata: a null value", withField("metadata", { note: null }), 400, "metadata_invalid", "metadata.note"),
  generate("metadata: a nested object", withField("metadata", { order: { id: "4127" } }), 400, "metadata_invalid", "metadata.order"),
  generate("metadata: a value with a NUL character", withField("metadata", { note: "a\u0000b" }), 400, "metadata_invalid", "metadata.note"),
  generate("metadata: a value with an unpaired surrogate", withRaw("metadata", '{"note":"a\\udc00b"}'), 400, "metadata_invalid", "metadata.note"),
  generate("metadata: a key with a NUL character", withRaw("metadata", '{"no\\u0000te":"x"}'), 400, "metadata_invalid", "metadata.no\u0000te"),

  // --- list query
  ...(
    [
      ["limit=0", "limit=0"],
      ["limit=101", "limit=101"],
      ["limit=abc", "limit=abc"],
      ["limit=1.5", "limit=1.5"],
      ["limit=1e2", "limit=1e2"],
      ["limit=-1", "limit=-1"],
      ["limit=%205", "limit=' 5'"],
      ["limit=", "limit= (empty)"],
      ["limit=100000", "limit=100000"],
    ] as const
  ).map(([query, what]) => list(`list ${what}`, query, 400, "limit_invalid", "limit")),
  list("list limit given twice", "limit=5&limit=6", 400, "parameter_invalid", "limit"),
  list("list starting_after=garbage", "starting_after=garbage", 400, "cursor_invalid", "starting_after"),
  list("list starting_after= (empty)", "starting_after=", 400, "cursor_invalid", "starting_after"),
  list("list starting_after longer than any id", `starting_after=plink_${"0".repeat(80)}`, 400, "cursor_invalid", "starting_after"),
  list("list starting_after a well-formed id that does not exist", `starting_after=plink_${"0".repeat(26)}`, 400, "cursor_invalid", "starting_after"),
  list("list starting_after another organisation's link", (fx) => `starting_after=${fx.otherLink.id}`, 400, "cursor_invalid", "starting_after"),
  list("list starting_after a claim token instead of an id", (fx) => `starting_after=${fx.pending.token}`, 400, "cursor_invalid", "starting_after"),
  list("list status=bogus", "status=bogus", 400, "status_invalid", "status"),
  list("list status=PENDING (case)", "status=PENDING", 400, "status_invalid", "status"),
  list("list status= (empty)", "status=", 400, "status_invalid", "status"),
  list("list with an unknown query parameter", "created_after=2024-01-01", 400, "parameter_unknown", "created_after"),
  { name: "get a link with an unknown query parameter", method: "GET", path: (fx) => `${LIST}/${fx.pending.id}?expand=recipient`, status: 400, code: "parameter_unknown", param: "expand" },
  { name: "balance with an unknown query parameter", method: "GET", path: "/treasury/balance?currency=EUR", status: 400, code: "parameter_unknown", param: "currency" },
  { name: "generate with a query parameter", method: "POST", path: `${GENERATE}?amount=5`, body: JSON.stringify({ amount: 100, currency: "USD", description: "q" }), status: 400, code: "parameter_unknown", param: "amount" },
  { name: "cancel with an unknown query parameter", method: "POST", path: (fx) => `${LIST}/${fx.pending.id}/cancel?force=true`, status: 400, code: "parameter_unknown", param: "force" },

  // --- cancel a link that is no longer pending: 409 naming the state it is in
  cancel("cancel a claimed link", (fx) => fx.claimed.token, 409, "payout_link_already_claimed", "token"),
  cancel("cancel a claimed link by id", (fx) => fx.claimed.id, 409, "payout_link_already_claimed", "token"),
  cancel("cancel a completed link", (fx) => fx.completed.token, 409, "payout_link_already_completed", "token"),
  cancel("cancel an expired link (persisted by the sweeper)", (fx) => fx.expired.token, 409, "payout_link_expired", "token"),
  cancel("cancel a link past expires_at that the sweeper has not reached", (fx) => fx.lapsed.token, 409, "payout_link_expired", "token"),
  cancel("cancel an already cancelled link", (fx) => fx.cancelled.id, 409, "payout_link_cancelled", "token"),

  // --- Idempotency-Key
  generate("Idempotency-Key reused with a different body", JSON.stringify({ ...REUSED_BODY, amount: 2_001 }), 409, "idempotency_key_reused", undefined, {
    headers: { "Idempotency-Key": REUSED_KEY },
    type: "idempotency_error",
  }),
  generate("Idempotency-Key reused with an extra field", JSON.stringify({ ...REUSED_BODY, metadata: { a: "b" } }), 409, "idempotency_key_reused", undefined, {
    headers: { "Idempotency-Key": REUSED_KEY },
    type: "idempotency_error",
  }),
  cancel("Idempotency-Key reused on another endpoint (cancel)", (fx) => fx.pending.token, 409, "idempotency_key_reused", undefined, {
    headers: { "Idempotency-Key": REUSED_KEY },
    type: "idempotency_error",
  }),
  generate("Idempotency-Key of 256 characters", validBody, 400, "idempotency_key_invalid", undefined, { headers: { "Idempotency-Key": "k".repeat(256) } }),
  generate("Idempotency-Key with a non-ASCII character", validBody, 400, "idempotency_key_invalid", undefined, { headers: { "Idempotency-Key": "clé-4127" } }),
  generate("Idempotency-Key with a space", validBody, 400, "idempotency_key_invalid", undefined, { headers: { "Idempotency-Key": "order 4127" } }),
  generate("Idempotency-Key empty", validBody, 400, "idempotency_key_invalid", undefined, { headers: { "Idempotency-Key": "" } }),
  cancel("Idempotency-Key of 256 characters on cancel", (fx) => fx.pending.token, 400, "idempotency_key_invalid", undefined, {
    headers: { "Idempotency-Key": "k".repeat(256) },
  }),
];

function requestFor(row: Row): [string, RequestInit] {
  const headers: Record<string, string> = {};
  const auth = row.auth === undefined ? bearer((fx) => fx.main.apiKey) : row.auth;
  if (auth) headers.Authorization = auth(f);
  let body: BodyInit | undefined;
  let duplex: "half" | undefined;
  if (typeof row.body === "string") {
    body = row.body;
    headers["Content-Type"] = "application/json";
  } else if (typeof row.body === "function") {
    body = row.body();
    headers["Content-Type"] = "application/json";
    duplex = "half";
  } else if (row.body) {
    body = row.body as Uint8Array<ArrayBuffer>; // no Content-Type unless the row gives one
  }
  Object.assign(headers, row.headers);
  const path = typeof row.path === "string" ? row.path : row.path(f);
  return [`${server.baseUrl}${path}`, { method: row.method ?? "GET", headers, body, ...(duplex ? { duplex } : {}) } as RequestInit];
}

describe("bad input gets an exact 4xx and writes nothing", () => {
  it("the table has no duplicate names", () => {
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it.each(rows)("$name → $status $code", async (row) => {
    const dbBefore = await dbView();
    const [url, init] = requestFor(row);
    const res = await fetch(url, init);
    const text = await res.text();

    expect(res.status, text).toBe(row.status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json\b/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = JSON.parse(text);
    expect(Object.keys(body)).toEqual(["error"]);
    const { error } = body;
    expect(error.code).toBe(row.code);
    expect(error.type).toBe(row.type ?? "invalid_request_error");
    if (row.param === undefined) expect(error).not.toHaveProperty("param");
    else expect(error.param).toBe(row.param);
    expect(error.request_id).toMatch(/^req_[A-Za-z0-9_-]{8,}$/);
    expect(res.headers.get("request-id")).toBe(error.request_id);
    expect(typeof error.message).toBe("string");
    expect(error.message.length).toBeGreaterThan(0);
    for (const key of Object.keys(error)) expect(["type", "code", "message", "param", "request_id"]).toContain(key);
    // Never a write, not even of the idempotency record: the row counts are compared request by request.
    if (dbBefore) expect(await dbView()).toEqual(dbBefore);
  });

  it("after the whole table: every balance, link list and (on PostgreSQL) table is exactly as before", async () => {
    const after = await snapshot();
    expect(after.api).toEqual(before.api);
    expect(after.db).toEqual(before.db);
    // The refusals above include a cancel of another organisation's pending link.
    const otherLinks = (after.api.other as { links: { id: string; status: string }[] }).links;
    expect(otherLinks.find((l) => l.id === f.otherLink.id)?.status).toBe("pending");
  });
});

describe("methods a route does not have, and paths that do not exist", () => {
  it.each([
    ["GET", GENERATE, "POST"],
    ["PUT", GENERATE, "POST"],
    ["DELETE", `${LIST}/plink_${"0".repeat(26)}`, "GET"],
    ["PATCH", LIST, "GET"],
    ["POST", "/treasury/balance", "GET"],
    ["GET", `${LIST}/plink_${"0".repeat(26)}/cancel`, "POST"],
  ])("%s %s → 405 method_not_allowed, Allow: %s", async (method, path, allow) => {
    const dbBefore = await dbView();
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${f.main.apiKey}`, "Content-Type": "application/json" },
      body: method === "GET" ? undefined : validBody,
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(allow);
    const body = await res.json();
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "method_not_allowed", request_id: res.headers.get("request-id") });
    if (dbBefore) expect(await dbView()).toEqual(dbBefore);
  });

  it.each([
    ["GET", "/treasury/nothing-here"],
    ["POST", `${GENERATE}/extra`],
    ["DELETE", "/treasury/payout-link/x/y/z"],
  ])("%s %s → 404 not_found as JSON", async (method, path) => {
    const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { Authorization: `Bearer ${f.main.apiKey}` } });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: "not_found", type: "invalid_request_error" });
  });
});

describe("the edges that are accepted", () => {
  // Validation that refuses the row above must still accept the value just inside the limit.
  const accepted: { name: string; body: string; headers?: Record<string, string>; check?: (link: Record<string, unknown>) => void }[] = [
    { name: "amount exactly the cap", body: withField("amount", CAP), check: (l) => expect(l.amount).toBe(CAP) },
    { name: "amount of one cent", body: withField("amount", 1), check: (l) => expect(l.amount).toBe(1) },
    { name: "description of 1000 characters", body: withField("description", "d".repeat(1000)), check: (l) => expect(l.description).toBe("d".repeat(1000)) },
    {
      name: "description of 1000 emoji (2000 UTF-16 units)",
      body: withField("description", "😀".repeat(1000)),
      check: (l) => expect(l.description).toBe("😀".repeat(1000)),
    },
    {
      name: "description with a paired surrogate written as escapes",
      body: withRaw("description", '"bonus \\ud83d\\ude00"'),
      check: (l) => expect(l.description).toBe("bonus 😀"),
    },
    {
      name: "expires_in_seconds at the minimum (60)",
      body: withField("expires_in_seconds", 60),
      check: (l) => expect(Date.parse(l.expires_at as string) - Date.parse(l.created_at as string)).toBe(60_000),
    },
    {
      name: "expires_in_seconds at the configured maximum",
      body: withField("expires_in_seconds", MAX_TTL),
      check: (l) => expect(Date.parse(l.expires_at as string) - Date.parse(l.created_at as string)).toBe(MAX_TTL * 1000),
    },
    {
      name: "metadata with 50 keys of 40 characters and values of 500",
      body: withField(
        "metadata",
        Object.fromEntries(Array.from({ length: 50 }, (_, i) => [String(i).padStart(2, "0").padEnd(40, "k"), "v".repeat(500)])),
      ),
      check: (l) => {
        const m = l.metadata as Record<string, string>;
        expect(Object.keys(m)).toHaveLength(50);
        for (const [k, v] of Object.entries(m)) expect([k.length, v]).toEqual([40, "v".repeat(500)]);
      },
    },
    { name: "empty metadata", body: withField("metadata", {}), check: (l) => expect(l.metadata).toEqual({}) },
    { name: "a body of exactly 64 KB", body: validBody + " ".repeat(MAX_BODY - validBody.length) },
    { name: "Content-Type with a charset", body: validBody, headers: { "Content-Type": "application/json; charset=utf-8" } },
    { name: "Content-Type in upper case", body: validBody, headers: { "Content-Type": "Application/JSON" } },
    { name: "a UTF-8 byte order mark before the JSON", body: "\uFEFF" + validBody },
    { name: "an Idempotency-Key of 255 printable characters", body: validBody, headers: { "Idempotency-Key": "~".repeat(127) + "!".repeat(128) } },
  ];

  it.each(accepted)("$name → 201", async ({ body, headers, check }) => {
    const res = await fetch(`${server.baseUrl}${GENERATE}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${f.main.apiKey}`, "Content-Type": "application/json", ...headers },
      body,
    });
    const json = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(201);
    expect(json.data.status).toBe("pending");
    check?.(json.data);
    // What came back is what is stored.
    expect(await getJson(`${LIST}/${json.data.id}`, f.main.apiKey)).toEqual({ data: json.data });
  });

  it.each([
    ["limit=1", 1],
    ["limit=100", 100],
    ["limit=007", 7],
    ["status=expired", undefined],
  ] as const)("list %s → 200", async (query, expectedMax) => {
    const res = await fetch(`${server.baseUrl}${LIST}?${query}`, { headers: { Authorization: `Bearer ${f.main.apiKey}` } });
    const json = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(200);
    if (expectedMax !== undefined) expect(json.data.length).toBeLessThanOrEqual(expectedMax);
    if (expectedMax === 1) expect(json.has_more).toBe(true);
  });
});
