// Funding over HTTP on the default sandbox rail: funding sources linked through the sandbox bank,
// deposits credited at once, bad input refused with exact codes and params and nothing written,
// and 20 concurrent deposits sharing one Idempotency-Key making exactly one deposit and one credit.
// (Workers racing to settle one deposit are tested in lib/funding/deposits.test.ts, on both backends.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeposit } from "@/lib/funding/deposits";
import { DEPOSIT_MAX_AMOUNT } from "@/lib/funding/schemas";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { createClient } from "@/lib/sdk";
import { createFundedOrg } from "../support/fixtures";
import { linkThroughSandbox } from "../support/sandbox-bank";
import { startTestServer, type TestServer } from "../support/test-server";

type Fixtures = { main: string; other: string; racer: string; otherDepositId: string };
let server: TestServer<Fixtures>;

beforeAll(async () => {
  server = await startTestServer(async (prisma) => {
    const main = await createFundedOrg(prisma, { name: "Main" });
    const other = await createFundedOrg(prisma, { name: "Other" });
    const racer = await createFundedOrg(prisma, { name: "Racer" });
    const d = await createDeposit(prisma, { organizationId: other.organizationId, actor: "test" }, { amount: 500, currency: "USD" }, { rail: "sandbox" });
    return { main: main.apiKey, other: other.apiKey, racer: racer.apiKey, otherDepositId: d.id };
  });
});

afterAll(async () => {
  if (server?.prisma) expect(await verifyLedger(server.prisma)).toEqual([]);
  await server?.stop();
});

type Res = { status: number; json: any };
async function call(key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe("funding sources", () => {
  it("links the organisation's bank account through the sandbox bank: mask and routing shown, never the number; removal hides it", async () => {
    const token = await call(server.fixtures.main, "POST", "/treasury/funding-sources/link-token");
    expect(token.status).toBe(201);
    expect(token.json.data).toMatchObject({ object: "link_token", sandbox: true, link_token: expect.stringMatching(/^link-sandbox-/) });

    const linked = await linkThroughSandbox(server.baseUrl);
    const checking = linked.accounts.find((a) => a.mask === "0000")!;
    const created = await call(server.fixtures.main, "POST", "/treasury/funding-sources", { public_token: linked.publicToken, account_id: checking.id });
    expect(created.status).toBe(201);
    expect(created.json.data).toEqual({
      id: expect.stringMatching(/^fs_/),
      object: "funding_source",
      type: "us_bank_account",
      bank_name: "First Platypus Bank",
      account_name: "Plaid Checking",
      account_type: "checking",
      mask: "0000",
      routing_number: "011401533",
      created_at: expect.any(String),
    });
    expect(JSON.stringify(created.json)).not.toContain("1111222233330000");
    // The public token is single use: the same request again links nothing.
    const again = await call(server.fixtures.main, "POST", "/treasury/funding-sources", { public_token: linked.publicToken, account_id: checking.id });
    expect(again).toMatchObject({ status: 400, json: { error: { code: "public_token_invalid", param: "public_token" } } });

    const list = await call(server.fixtures.main, "GET", "/treasury/funding-sources");
    expect(list.json).toMatchObject({ data: [{ id: created.json.data.id }], has_more: false, next_cursor: null });
    expect((await call(server.fixtures.other, "GET", "/treasury/funding-sources")).json.data).toEqual([]);

    // Another organisation cannot remove it; removing it twice is a 404 the second time.
    expect(await call(server.fixtures.other, "DELETE", `/treasury/funding-sources/${created.json.data.id}`)).toMatchObject({ status: 404, json: { error: { code: "funding_source_not_found", param: "id" } } });
    const deposit = await call(server.fixtures.main, "POST", "/treasury/deposits", { amount: 1_000, currency: "USD", funding_source_id: created.json.data.id });
    expect(deposit.status).toBe(201);
    expect(deposit.json.data).toMatchObject({ funding_source_id: created.json.data.id, status: "succeeded", sandbox: true });
    expect((await call(server.fixtures.main, "DELETE", `/treasury/funding-sources/${created.json.data.id}`)).status).toBe(200);
    expect(await call(server.fixtures.main, "DELETE", `/treasury/funding-sources/${created.json.data.id}`)).toMatchObject({ status: 404, json: { error: { code: "funding_source_not_found" } } });
    expect((await call(server.fixtures.main, "GET", "/treasury/funding-sources")).json.data).toEqual([]);
    const removed = await call(server.fixtures.main, "POST", "/treasury/deposits", { amount: 1_000, currency: "USD", funding_source_id: created.json.data.id });
    expect(removed).toMatchObject({ status: 404, json: { error: { code: "funding_source_not_found", param: "funding_source_id" } } });
  });
});

describe("deposits on the sandbox rail", () => {
  it("credits at once: succeeded, sandbox, a deposit.succeeded event, available up and nothing pending", async () => {
    const key = server.fixtures.main;
    const before = (await call(key, "GET", "/treasury/balance")).json.data;
    const res = await call(key, "POST", "/treasury/deposits", { amount: 250_000, currency: "USD", description: "November top-up" });
    expect(res.status).toBe(201);
    expect(res.json.data).toEqual({
      id: expect.stringMatching(/^dep_/),
      object: "deposit",
      amount: 250_000,
      currency: "USD",
      status: "succeeded",
      rail: "sandbox",
      sandbox: true,
      funding_source_id: null,
      description: "November top-up",
      rail_reference: null,
      failure_reason: null,
      created_at: expect.any(String),
      succeeded_at: expect.any(String),
      failed_at: null,
    });
    expect((await call(key, "GET", "/treasury/balance")).json.data).toEqual({ ...before, available: before.available + 250_000, pending: 0 });
    expect((await call(key, "GET", `/treasury/deposits/${res.json.data.id}`)).json.data).toEqual(res.json.data);
    const events = (await call(key, "GET", "/treasury/events?type=deposit.succeeded")).json.data;
    expect(events.find((e: any) => e.data.object.id === res.json.data.id)).toMatchObject({ type: "deposit.succeeded", data: { object: { status: "succeeded", amount: 250_000 } } });
  });

  it("lists newest first with cursors, filters by status, and hides other organisations' deposits", async () => {
    const key = server.fixtures.main;
    for (const amount of [101, 102, 103]) expect((await call(key, "POST", "/treasury/deposits", { amount, currency: "USD" })).status).toBe(201);
    const page1 = await call(key, "GET", "/treasury/deposits?limit=2");
    expect(page1.json.data.map((d: any) => d.amount)).toEqual([103, 102]);
    expect(page1.json.has_more).toBe(true);
    const page2 = await call(key, "GET", `/treasury/deposits?limit=2&starting_after=${page1.json.next_cursor}`);
    expect(page2.json.data[0].amount).toBe(101);
    expect((await call(key, "GET", "/treasury/deposits?status=failed")).json.data).toEqual([]);
    expect(await call(key, "GET", `/treasury/deposits/${server.fixtures.otherDepositId}`)).toMatchObject({ status: 404, json: { error: { code: "deposit_not_found", param: "id" } } });
    expect(await call(key, "GET", `/treasury/deposits?starting_after=${server.fixtures.otherDepositId}`)).toMatchObject({ status: 400, json: { error: { code: "cursor_invalid", param: "starting_after" } } });
    expect(await call(key, "GET", "/treasury/deposits?status=done")).toMatchObject({ status: 400, json: { error: { code: "status_invalid", param: "status" } } });
  });

  it("the SDK creates, reads and lists deposits and reads the balance's pending", async () => {
    const client = createClient({ apiKey: server.fixtures.main, baseUrl: server.baseUrl, maxRetries: 0 });
    const { data: made } = await client.createDeposit({ amount: 777, currency: "USD" }, { idempotencyKey: "sdk-deposit-1" });
    expect(made).toMatchObject({ amount: 777, status: "succeeded", sandbox: true });
    expect((await client.createDeposit({ amount: 777, currency: "USD" }, { idempotencyKey: "sdk-deposit-1" })).data.id).toBe(made.id);
    expect((await client.getDeposit(made.id)).data).toEqual(made);
    const all = [];
    for await (const d of client.listDeposits.all({ limit: 2 })) all.push(d.id);
    expect(all).toContain(made.id);
    expect(new Set(all).size).toBe(all.length);
    expect((await client.getBalance()).data.pending).toBe(0);
    expect((await client.listFundingSources()).data).toEqual([]);
  });
});

describe("bad deposit input: exact code and param, nothing written", () => {
  const rows: { name: string; body: unknown; status: number; code: string; param?: string }[] = [
    { name: "float amount", body: { amount: 12.5, currency: "USD" }, status: 400, code: "amount_invalid", param: "amount" },
    { name: "amount written 1.0", body: '{"amount": 1.0, "currency": "USD"}', status: 400, code: "amount_invalid", param: "amount" },
    { name: "string amount", body: { amount: "2500", currency: "USD" }, status: 400, code: "amount_invalid", param: "amount" },
    { name: "zero amount", body: { amount: 0, currency: "USD" }, status: 400, code: "amount_invalid", param: "amount" },
    { name: "negative amount", body: { amount: -100, currency: "USD" }, status: 400, code: "amount_invalid", param: "amount" },
    { name: "above the deposit cap", body: { amount: DEPOSIT_MAX_AMOUNT + 1, currency: "USD" }, status: 400, code: "amount_too_large", param: "amount" },
    { name: "missing amount", body: { currency: "USD" }, status: 400, code: "parameter_missing", param: "amount" },
    { name: "currency EUR", body: { amount: 100, currency: "EUR" }, status: 400, code: "currency_unsupported", param: "currency" },
    { name: "currency usd", body: { amount: 100, currency: "usd" }, status: 400, code: "currency_unsupported", param: "currency" },
    { name: "unknown funding source", body: { amount: 100, currency: "USD", funding_source_id: "fs_01JZ8X5Q3W4E5R6T7Y8U9I0OPG" }, status: 404, code: "funding_source_not_found", param: "funding_source_id" },
    { name: "malformed funding source", body: { amount: 100, currency: "USD", funding_source_id: "nope" }, status: 404, code: "funding_source_not_found", param: "funding_source_id" },
    { name: "unknown field", body: { amount: 100, currency: "USD", memo: "x" }, status: 400, code: "parameter_unknown", param: "memo" },
    { name: "empty description", body: { amount: 100, currency: "USD", description: " " }, status: 400, code: "description_invalid", param: "description" },
    { name: "malformed JSON", body: '{"amount": 100,', status: 400, code: "invalid_json" },
  ];

  it.each(rows)("$name → $status $code", async (row) => {
    const key = server.fixtures.main;
    const before = { balance: (await call(key, "GET", "/treasury/balance")).json.data, deposits: (await call(key, "GET", "/treasury/deposits?limit=100")).json.data.length };
    const res = await call(key, "POST", "/treasury/deposits", row.body, { "Idempotency-Key": `bad-${row.name.replace(/[^a-z0-9]+/gi, "-")}` });
    expect(res.status).toBe(row.status);
    expect(res.json.error).toMatchObject({ code: row.code, type: "invalid_request_error" });
    expect(res.json.error.param).toBe(row.param);
    expect((await call(key, "GET", "/treasury/balance")).json.data).toEqual(before.balance);
    expect((await call(key, "GET", "/treasury/deposits?limit=100")).json.data.length).toBe(before.deposits);
  });
});

describe("bad funding-source input: exact code and param, nothing linked", () => {
  const sources = async () => (await call(server.fixtures.main, "GET", "/treasury/funding-sources?limit=100")).json.data.length;
  const rows: { name: string; body: (fresh: { publicToken: string }) => unknown; code: string; param?: string }[] = [
    { name: "missing public_token", body: () => ({ account_id: "acc" }), code: "parameter_missing", param: "public_token" },
    { name: "public_token a number", body: () => ({ public_token: 42, account_id: "acc" }), code: "public_token_invalid", param: "public_token" },
    { name: "public_token empty", body: () => ({ public_token: "", account_id: "acc" }), code: "public_token_invalid", param: "public_token" },
    { name: "public_token the bank never issued", body: () => ({ public_token: "public-sandbox-00000000-0000-4000-8000-000000000000", account_id: "acc" }), code: "public_token_invalid", param: "public_token" },
    { name: "account not in the connection", body: (fresh) => ({ public_token: fresh.publicToken, account_id: "not-an-account" }), code: "account_not_found", param: "account_id" },
    { name: "account_id an object", body: (fresh) => ({ public_token: fresh.publicToken, account_id: { id: 1 } }), code: "account_not_found", param: "account_id" },
    { name: "unknown field", body: (fresh) => ({ public_token: fresh.publicToken, account_id: "acc", nickname: "x" }), code: "parameter_unknown", param: "nickname" },
    { name: "malformed JSON", body: () => '{"public_token": ', code: "invalid_json" },
  ];

  it.each(rows)("$name → 400 $code", async (row) => {
    const before = await sources();
    const fresh = await linkThroughSandbox(server.baseUrl);
    const res = await call(server.fixtures.main, "POST", "/treasury/funding-sources", row.body(fresh));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: row.code, type: "invalid_request_error" });
    expect(res.json.error.param).toBe(row.param);
    expect(await sources()).toBe(before);
  });

  it("removing an unknown or malformed source is a 404 naming id", async () => {
    for (const id of ["fs_01JZ8X5Q3W4E5R6T7Y8U9I0OPG", "nope"]) {
      const res = await call(server.fixtures.main, "DELETE", `/treasury/funding-sources/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.json.error).toMatchObject({ code: "funding_source_not_found", param: "id" });
    }
  });
});

describe("concurrency", () => {
  it("20 identical deposits with one Idempotency-Key → one deposit, one ledger credit, every answer the same deposit", async () => {
    const key = server.fixtures.racer;
    const body = { amount: 12_345, currency: "USD", description: "racing" };
    const responses = await Promise.all(Array.from({ length: 20 }, () => call(key, "POST", "/treasury/deposits", body, { "Idempotency-Key": "race-deposit-1" })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = new Set(responses.map((r) => r.json.data.id));
    expect(ids.size).toBe(1);
    const listed = (await call(key, "GET", "/treasury/deposits")).json.data;
    expect(listed.map((d: any) => d.id)).toEqual([...ids]);
    expect((await call(key, "GET", "/treasury/balance")).json.data).toMatchObject({ available: 12_345, held: 0, pending: 0 });
    if (server.prisma) {
      const credits = await server.prisma.ledgerEntry.count({ where: { kind: "deposit", depositId: listed[0].id.replace(/^dep_/, "") } });
      expect(credits).toBe(1);
    }
    // The same key with another body is refused.
    const reused = await call(key, "POST", "/treasury/deposits", { ...body, amount: 1 }, { "Idempotency-Key": "race-deposit-1" });
    expect(reused).toMatchObject({ status: 409, json: { error: { code: "idempotency_key_reused" } } });
  });
});
