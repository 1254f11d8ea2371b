// Plaid Transfer end to end: the sandbox bank's Transfer endpoints through the official `plaid`
// client over HTTP; the plaid-transfer rail against them (idempotent re-initiation after a crash, a
// declined authorization); and a running server with PAYOUT_RAIL=plaid-transfer whose in-process
// worker pays claimed links, ending each sandbox account's path in its documented link state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACHClass, PlaidApi, Products, TransferEventType, TransferNetwork, TransferType } from "plaid";
import { bankLinkBackend } from "@/lib/bank-link/bank-link";
import { parsePublicId } from "@/lib/ids";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { PlaidTransferRail, plaidAmount, plaidTransferApi } from "@/lib/payouts/plaid-transfer-rail";
import { RailDeclinedError } from "@/lib/payouts/rail";
import { createFundedOrg } from "../support/fixtures";
import { linkThroughSandbox, sandboxPlaid } from "../support/sandbox-bank";
import { startTestServer, type TestServer } from "../support/test-server";

// Long enough that a test can step a fresh transfer by hand (a few requests) before the automatic
// progression reaches it, even on a busy machine; tests that watch the progression poll for it.
const DELAY_MS = 3_000;

/** Reads until `done` holds or `ms` pass, and returns the last read (the caller asserts on it). */
async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let v = await read();
  while (!done(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}
const GINGHAM = "ins_109509"; // accounts …0000, …0002 (fails), …0003 (returned), …0004 (declined)

type Fixtures = { apiKey: string; links: Record<"ok" | "fails" | "returns" | "declined", { id: string; token: string; amount: number }> };
let server: TestServer<Fixtures>;
let plaid: PlaidApi;

beforeAll(async () => {
  server = await startTestServer(
    async (prisma) => {
      const org = await createFundedOrg(prisma, { deposit: 100_000 });
      const make = async (amount: number) => {
        const link = await generatePayoutLink(prisma, { organizationId: org.organizationId, actor: "test" }, { amount, currency: "USD", description: "plaid transfer" });
        return { id: link.id, token: link.token, amount };
      };
      return { apiKey: org.apiKey, links: { ok: await make(1_001), fails: await make(2_002), returns: await make(3_003), declined: await make(4_004) } };
    },
    {
      PAYOUT_RAIL: "plaid-transfer",
      PAYOUT_WORKER: "on",
      RUN_WORKER_IN_WEB: "true",
      SANDBOX_SETTLEMENT_DELAY_MS: String(DELAY_MS),
      PAYOUT_POLL_INTERVAL_MS: "100",
      // No background sweep during the run: a removed source's Item must be released by the
      // removal or the deposit worker themselves, not by the sweep that backs them up.
      SWEEP_INTERVAL_MS: "3600000",
    },
  );
  plaid = sandboxPlaid(server.baseUrl);
});

afterAll(async () => {
  if (server?.prisma) expect(await verifyLedger(server.prisma)).toEqual([]);
  await server?.stop();
});

/** An Item at the sandbox bank and the account with this mask. */
async function item(mask: string, institutionId = GINGHAM) {
  const { data: pub } = await plaid.sandboxPublicTokenCreate({ institution_id: institutionId, initial_products: [Products.Auth] });
  const { data } = await plaid.itemPublicTokenExchange({ public_token: pub.public_token });
  const { data: auth } = await plaid.authGet({ access_token: data.access_token });
  const account = auth.accounts.find((a) => a.mask === mask);
  expect(account, `an account ending in ${mask}`).toBeDefined();
  return { accessToken: data.access_token, accountId: account!.account_id };
}

async function plaidError(promise: Promise<unknown>) {
  const err = (await promise.then(
    () => {
      throw new Error("expected the Plaid call to fail");
    },
    (e: unknown) => e,
  )) as { response?: { status: number; data: Record<string, unknown> } };
  expect(err.response, "an HTTP error answer").toBeDefined();
  return { status: err.response!.status, data: err.response!.data };
}

const authorize = (a: { accessToken: string; accountId: string }, amount: string, key?: string, type = TransferType.Credit) =>
  plaid.transferAuthorizationCreate({
    access_token: a.accessToken,
    account_id: a.accountId,
    type,
    network: TransferNetwork.Ach,
    amount,
    ach_class: ACHClass.Ppd,
    user: { legal_name: "Alberta Bobbeth Charleson" },
    ...(key ? { idempotency_key: key } : {}),
  });

describe("the sandbox bank's Plaid Transfer, through the official client", () => {
  it("authorizes idempotently: the same key and request → the same authorization; the key with another request → IDEMPOTENCY_ERROR", async () => {
    const a = await item("0000");
    const first = (await authorize(a, "12.34", "authz-key-1")).data.authorization;
    expect(first).toMatchObject({ decision: "approved", decision_rationale: null, proposed_transfer: { amount: "12.34", type: "credit", network: "ach", account_id: a.accountId } });
    const again = (await authorize(a, "12.34", "authz-key-1")).data.authorization;
    expect(again.id).toBe(first.id);
    const noKey = (await authorize(a, "12.34")).data.authorization;
    expect(noKey.id).not.toBe(first.id);
    const reused = await plaidError(authorize(a, "12.35", "authz-key-1"));
    expect(reused).toMatchObject({ status: 400, data: { error_type: "IDEMPOTENCY_ERROR", error_code: "IDEMPOTENCY_KEY_REUSED" } });
  });

  it("refuses malformed amounts and a missing ach_class in Plaid's error shape", async () => {
    const a = await item("0000");
    for (const amount of ["12.3", "0.00", "-1.00", "1e3", "12.345"]) {
      const e = await plaidError(authorize(a, amount));
      expect(e, amount).toMatchObject({ status: 400, data: { error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" } });
    }
    const missing = await plaidError(
      plaid.transferAuthorizationCreate({ access_token: a.accessToken, account_id: a.accountId, type: TransferType.Credit, network: TransferNetwork.Ach, amount: "1.00", user: { legal_name: "A" } }),
    );
    expect(missing.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "MISSING_FIELDS" });
  });

  it("declines …0004 with a rationale (RISK for credits, NSF for debits), and a declined authorization makes no transfer", async () => {
    const a = await item("0004");
    const credit = (await authorize(a, "5.00")).data.authorization;
    expect(credit).toMatchObject({ decision: "declined", decision_rationale: { code: "RISK" } });
    const debit = (await authorize(a, "5.00", undefined, TransferType.Debit)).data.authorization;
    expect(debit).toMatchObject({ decision: "declined", decision_rationale: { code: "NSF" } });
    const refused = await plaidError(plaid.transferCreate({ access_token: a.accessToken, account_id: a.accountId, authorization_id: credit.id, description: "Payout" }));
    expect(refused.data).toMatchObject({ error_type: "TRANSFER_ERROR", error_code: "TRANSFER_NOT_AUTHORIZED" });
  });

  it("creates one transfer per key, moves it with /sandbox/transfer/simulate, and streams its events through /transfer/event/sync", async () => {
    const a = await item("0000");
    const { data: before } = await plaid.transferEventSync({ after_id: 0, count: 500 });
    const cursor = before.transfer_events.reduce((max, e) => Math.max(max, e.event_id), 0);

    const authorization = (await authorize(a, "7.00", "create-key-auth")).data.authorization;
    const create = () => plaid.transferCreate({ access_token: a.accessToken, account_id: a.accountId, authorization_id: authorization.id, description: "Payout", idempotency_key: "create-key-1" });
    const t1 = (await create()).data.transfer;
    const t2 = (await create()).data.transfer;
    expect(t2.id).toBe(t1.id);
    expect(t1).toMatchObject({ status: "pending", amount: "7.00", type: "credit", authorization_id: authorization.id, cancellable: true });
    // The same authorization under another key is not a second transfer.
    const other = await plaidError(plaid.transferCreate({ access_token: a.accessToken, account_id: a.accountId, authorization_id: authorization.id, description: "Payout", idempotency_key: "create-key-2" }));
    expect(other.data).toMatchObject({ error_code: "TRANSFER_AUTHORIZATION_ALREADY_USED" });

    const bad = await plaidError(plaid.sandboxTransferSimulate({ transfer_id: t1.id, event_type: "settled" }));
    expect(bad.data).toMatchObject({ error_type: "SANDBOX_ERROR", error_code: "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID" });
    await plaid.sandboxTransferSimulate({ transfer_id: t1.id, event_type: "posted" });
    await plaid.sandboxTransferSimulate({ transfer_id: t1.id, event_type: "settled" });
    // Credits never become funds_available (that is a debit's last step).
    expect((await plaidError(plaid.sandboxTransferSimulate({ transfer_id: t1.id, event_type: "funds_available" }))).data.error_code).toBe("SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID");
    expect((await plaid.transferGet({ transfer_id: t1.id })).data.transfer.status).toBe("settled");

    // Simulated transfers leave the automatic progression: still settled after the delay.
    await new Promise((r) => setTimeout(r, DELAY_MS + 200));
    const { data: synced } = await plaid.transferEventSync({ after_id: cursor, count: 500 });
    const mine = synced.transfer_events.filter((e) => e.transfer_id === t1.id);
    expect(mine.map((e) => e.event_type)).toEqual([TransferEventType.Pending, TransferEventType.Posted, TransferEventType.Settled]);
    expect(mine.map((e) => e.event_id)).toEqual([...mine.map((e) => e.event_id)].sort((x, y) => x - y));
    const last = mine[mine.length - 1].event_id;
    const { data: after } = await plaid.transferEventSync({ after_id: last, count: 500 });
    expect(after.transfer_events.filter((e) => e.transfer_id === t1.id)).toEqual([]);
    const { data: listed } = await plaid.transferEventList({ transfer_id: t1.id });
    expect(listed.transfer_events.map((e) => e.event_type)).toEqual(["pending", "posted", "settled"]);
  });

  it("progresses by itself after SANDBOX_SETTLEMENT_DELAY_MS: …0002 fails, …0003 settles and then is returned (R03)", async () => {
    const make = async (mask: string, key: string) => {
      const a = await item(mask);
      const authorization = (await authorize(a, "3.00", `${key}-auth`)).data.authorization;
      return (await plaid.transferCreate({ access_token: a.accessToken, account_id: a.accountId, authorization_id: authorization.id, description: "Payout", idempotency_key: key })).data.transfer;
    };
    const fails = await make("0002", "auto-fail");
    const returns = await make("0003", "auto-return");
    const read = (id: string) => async () => (await plaid.transferGet({ transfer_id: id })).data.transfer;
    expect(await waitFor(read(fails.id), (t) => t.status !== "pending")).toMatchObject({ status: "failed", failure_reason: { description: "account closed" } });
    expect(await waitFor(read(returns.id), (t) => t.status === "returned")).toMatchObject({
      status: "returned",
      failure_reason: { ach_return_code: "R03", description: "no account / unable to locate account" },
    });
    // Settled first. The progression is due one delay after creation, and the return one more
    // delay later; each happens on the first read after it is due. (Plaid's timestamps have whole
    // seconds: a gap can read a fraction of a second short, never a whole one, and the delay is 3 s.)
    const { data } = await plaid.transferEventList({ transfer_id: returns.id });
    expect(data.transfer_events.map((e) => e.event_type)).toEqual(["pending", "posted", "settled", "returned"]);
    const after = (type: string) => Date.parse(data.transfer_events.find((e) => e.event_type === type)!.timestamp) - Date.parse(data.transfer_events[0].timestamp);
    expect(after("settled")).toBeGreaterThanOrEqual(DELAY_MS);
    expect(after("returned")).toBeGreaterThanOrEqual(2 * DELAY_MS);
  });
});

describe("the plaid-transfer rail against the sandbox bank", () => {
  const rail = () => new PlaidTransferRail(() => plaidTransferApi(bankLinkBackend({}, () => server.baseUrl)), { returnWatchMs: 0, pollMs: 50 });

  it("formats cents as Plaid amounts without floats", () => {
    expect([1, 10, 100, 12_345, 100_000_00].map(plaidAmount)).toEqual(["0.01", "0.10", "1.00", "123.45", "100000.00"]);
    expect(() => plaidAmount(0)).toThrow();
    expect(() => plaidAmount(1.5)).toThrow();
  });

  it("re-initiation after a crash (same idempotency key) gets the same transfer, and only one exists", async () => {
    const a = await item("0000");
    const input = { idempotencyKey: "payout_txn_CRASHTEST0000000000000001", amount: 2_500, currency: "USD" as const, account: { routingNumber: "011401533", accountNumber: "1111222233330000", mask: "0000", legalName: "Alberta Bobbeth Charleson", plaid: a } };
    const first = await rail().initiate(input);
    // The worker died before recording `first`; a new worker (a new rail object) initiates again.
    const second = await rail().initiate(input);
    expect(second.reference).toBe(first.reference);
    const { data } = await plaid.transferEventList({ account_id: a.accountId });
    expect(new Set(data.transfer_events.map((e) => e.transfer_id))).toEqual(new Set([first.reference]));
    expect(data.transfer_events.filter((e) => e.event_type === "pending")).toHaveLength(1);
    // The same key for a different payout is refused, not paid.
    await expect(rail().initiate({ ...input, amount: 2_501 })).rejects.toThrow(/IDEMPOTENCY_ERROR\/IDEMPOTENCY_KEY_REUSED/);
    expect(await rail().status(first.reference)).toMatchObject({ state: "pending", final: false });
  });

  it("a declined authorization is a RailDeclinedError carrying the rationale", async () => {
    const a = await item("0004");
    const err = await rail()
      .initiate({ idempotencyKey: "payout_txn_DECLINE000000000000000000001", amount: 900, currency: "USD", account: { routingNumber: "011401533", accountNumber: "1111222233330004", mask: "0004", legalName: "A", plaid: a } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RailDeclinedError);
    expect((err as RailDeclinedError).reason).toMatch(/^authorization declined: RISK: Transaction declined by risk checks/);
  });

  it("an account linked without Plaid cannot be paid by Plaid Transfer: declined, not retried", async () => {
    await expect(
      rail().initiate({ idempotencyKey: "payout_txn_NOPLAID", amount: 100, currency: "USD", account: { routingNumber: "011401533", accountNumber: "1", mask: "0001" } }),
    ).rejects.toBeInstanceOf(RailDeclinedError);
  });
});

describe("a server on PAYOUT_RAIL=plaid-transfer pays claimed links", () => {
  const api = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${server.fixtures.apiKey}` } }).then((r) => r.json());

  async function claim(link: { token: string }, mask: string) {
    const linked = await linkThroughSandbox(server.baseUrl, { institutionId: GINGHAM });
    const account = linked.accounts.find((a) => a.mask === mask)!;
    const res = await fetch(`${server.baseUrl}/treasury/payout-link/${link.token}/submit`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.baseUrl },
      body: JSON.stringify({ name: "Alberta Bobbeth Charleson", email: "a@example.com", public_token: linked.publicToken, account_id: account.id }),
    });
    expect(res.status).toBe(200);
  }

  it("ends each sandbox account's payout in its documented state", async () => {
    const { links } = server.fixtures;
    await claim(links.ok, "0000");
    await claim(links.fails, "0002");
    await claim(links.returns, "0003");
    await claim(links.declined, "0004");

    const ok = await waitFor(() => api(`/treasury/payout-link/${links.ok.id}`), (r) => r.data.status === "completed");
    expect(ok.data.status).toBe("completed");
    const okPayout = (await api(`/treasury/transactions/${ok.data.transaction_id}`)).data;
    expect(okPayout).toMatchObject({ status: "settled", rail: "plaid-transfer", amount: 1_001 });
    expect((await plaid.transferGet({ transfer_id: okPayout.rail_reference })).data.transfer).toMatchObject({ amount: "10.01", type: "credit", status: "settled" });

    // Failed before posting: the link is claimable again, its amount still held.
    const failedTxn = await waitFor(
      async () => (await api(`/treasury/transactions?payout_link_id=${links.fails.id}`)).data[0],
      (t) => t?.status === "failed",
    );
    expect(failedTxn).toMatchObject({ status: "failed", rail: "plaid-transfer", failure_reason: "account closed" });
    expect((await api(`/treasury/payout-link/${links.fails.id}`)).data).toMatchObject({ status: "pending" });

    // Declined at authorization: failed with the rationale, no transfer reference.
    const declinedTxn = await waitFor(
      async () => (await api(`/treasury/transactions?payout_link_id=${links.declined.id}`)).data[0],
      (t) => t?.status === "failed",
    );
    expect(declinedTxn).toMatchObject({ status: "failed", rail: "plaid-transfer", rail_reference: null });
    expect(declinedTxn.failure_reason).toMatch(/^authorization declined: RISK: /);
    expect((await api(`/treasury/payout-link/${links.declined.id}`)).data.status).toBe("pending");

    // Settled, then returned (R03): the link is pending again, the amount back on hold.
    const returnedTxn = await waitFor(
      async () => (await api(`/treasury/transactions?payout_link_id=${links.returns.id}`)).data[0],
      (t) => t?.status === "returned",
    );
    expect(returnedTxn).toMatchObject({ status: "returned", failure_reason: "R03 no account / unable to locate account" });
    expect((await api(`/treasury/payout-link/${links.returns.id}`)).data.status).toBe("pending");

    // 100_000 deposited; 1_001 paid; the other three links hold their amounts again.
    expect((await api("/treasury/balance")).data).toMatchObject({ available: 100_000 - 1_001 - 2_002 - 3_003 - 4_004, held: 2_002 + 3_003 + 4_004, pending: 0 });
    const events = (await api("/treasury/events?limit=100")).data.map((e: { type: string }) => e.type);
    expect(events.filter((t: string) => t === "payout.failed")).toHaveLength(2);
    expect(events.filter((t: string) => t === "payout.returned")).toHaveLength(1);
  });
});

describe("deposits on PAYOUT_RAIL=plaid-transfer: a debit of the funding source, credited only when its funds are available", () => {
  const key = () => server.fixtures.apiKey;
  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key()}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }
  async function source(mask: string): Promise<string> {
    const linked = await linkThroughSandbox(server.baseUrl, { institutionId: GINGHAM });
    const res = await call("POST", "/treasury/funding-sources", { public_token: linked.publicToken, account_id: linked.accounts.find((a) => a.mask === mask)!.id });
    expect(res.status).toBe(201);
    return res.json.data.id;
  }
  async function settledDeposit(id: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const d = (await call("GET", `/treasury/deposits/${id}`)).json.data;
      if (d.status !== "pending" || Date.now() > deadline) return d;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("needs a funding source (400 funding_source_required, nothing written)", async () => {
    const before = (await call("GET", "/treasury/deposits")).json.data.length;
    expect(await call("POST", "/treasury/deposits", { amount: 1_000, currency: "USD" })).toMatchObject({
      status: 400,
      json: { error: { code: "funding_source_required", param: "funding_source_id" } },
    });
    expect((await call("GET", "/treasury/deposits")).json.data.length).toBe(before);
  });

  it("…0000: pending (in balance.pending) until funds_available, then credited once with deposit.succeeded", async () => {
    const fs = await source("0000");
    const before = (await call("GET", "/treasury/balance")).json.data;
    const made = await call("POST", "/treasury/deposits", { amount: 50_000, currency: "USD", funding_source_id: fs });
    expect(made.status).toBe(201);
    expect(made.json.data).toMatchObject({ status: "pending", rail: "plaid-transfer", sandbox: false, funding_source_id: fs, succeeded_at: null });
    expect((await call("GET", "/treasury/balance")).json.data).toMatchObject({ available: before.available, pending: 50_000 });
    const done = await settledDeposit(made.json.data.id);
    expect(done).toMatchObject({ status: "succeeded", failure_reason: null, rail_reference: expect.any(String) });
    expect((await plaid.transferGet({ transfer_id: done.rail_reference })).data.transfer).toMatchObject({ type: "debit", amount: "500.00", status: "funds_available" });
    expect((await call("GET", "/treasury/balance")).json.data).toMatchObject({ available: before.available + 50_000, pending: 0 });
    const events = (await call("GET", "/treasury/events?type=deposit.succeeded")).json.data;
    expect(events.filter((e: any) => e.data.object.id === done.id)).toHaveLength(1);
  });

  it("…0002 fails, …0004 is declined, and a debit returned before its funds were available: each failed, nothing credited", async () => {
    const before = (await call("GET", "/treasury/balance")).json.data;
    const failing = await call("POST", "/treasury/deposits", { amount: 1_111, currency: "USD", funding_source_id: await source("0002") });
    const declined = await call("POST", "/treasury/deposits", { amount: 2_222, currency: "USD", funding_source_id: await source("0004") });
    const returning = await call("POST", "/treasury/deposits", { amount: 3_333, currency: "USD", funding_source_id: await source("0000") });
    // Returned while posted, before the automatic progression would have made the funds available.
    let ref: string | null = null;
    for (let i = 0; i < 100 && !ref; i++) {
      ref = (await call("GET", `/treasury/deposits/${returning.json.data.id}`)).json.data.rail_reference;
      if (!ref) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ref).toEqual(expect.any(String));
    await plaid.sandboxTransferSimulate({ transfer_id: ref!, event_type: "posted" });
    await plaid.sandboxTransferSimulate({ transfer_id: ref!, event_type: "returned", failure_reason: { ach_return_code: "R01", description: "insufficient funds" } });

    expect(await settledDeposit(failing.json.data.id)).toMatchObject({ status: "failed", failure_reason: "account closed", failed_at: expect.any(String) });
    expect((await settledDeposit(declined.json.data.id)).failure_reason).toMatch(/^authorization declined: NSF: /);
    expect(await settledDeposit(returning.json.data.id)).toMatchObject({ status: "failed", failure_reason: "R01 insufficient funds" });
    expect((await call("GET", "/treasury/balance")).json.data).toMatchObject({ available: before.available, pending: 0 });
    const failedEvents = (await call("GET", "/treasury/events?type=deposit.failed")).json.data;
    expect(failedEvents).toHaveLength(3);
  });

  /** The source's stored access token and whether its Item is removed at the sandbox bank (PostgreSQL only: embedded PGlite belongs to the server process). */
  async function itemState(fs: string) {
    if (!server.prisma) return null;
    const row = await server.prisma.fundingSource.findUniqueOrThrow({ where: { id: parsePublicId("fundingSource", fs)! } });
    const item = await server.prisma.sandboxItem.findUniqueOrThrow({ where: { id: row.plaidItemId! } });
    return { tokenKept: row.plaidAccessTokenCiphertext !== null, itemRemoved: item.removedAt !== null };
  }

  it("a source removed while its deposit is on its way: the deposit still completes, then the source's Item is removed and its token forgotten", async () => {
    const fs = await source("0000");
    const made = await call("POST", "/treasury/deposits", { amount: 4_321, currency: "USD", funding_source_id: fs });
    expect(made.status).toBe(201);
    expect((await call("DELETE", `/treasury/funding-sources/${fs}`)).status).toBe(200);
    const during = await itemState(fs);
    // Read after `during`: pending now means pending then (the deposit settles after DELAY_MS, so it nearly always is).
    const pendingThen = (await call("GET", `/treasury/deposits/${made.json.data.id}`)).json.data.status === "pending";
    expect(await settledDeposit(made.json.data.id)).toMatchObject({ status: "succeeded" });
    if (!server.prisma) {
      expect(server.database.kind).toBe("embedded");
      return;
    }
    // Kept while the worker still needed it to debit the account…
    if (pendingThen) expect(during).toEqual({ tokenKept: true, itemRemoved: false });
    // …and released right after the deposit was credited.
    const deadline = Date.now() + 5_000;
    let after = await itemState(fs);
    while (after?.tokenKept && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      after = await itemState(fs);
    }
    expect(after).toEqual({ tokenKept: false, itemRemoved: true });
  });

  it("a source removed with no deposit on its way: its Item is removed at once and its token forgotten", async () => {
    const fs = await source("0000");
    expect((await call("DELETE", `/treasury/funding-sources/${fs}`)).status).toBe(200);
    if (!server.prisma) {
      expect(server.database.kind).toBe("embedded");
      return;
    }
    expect(await itemState(fs)).toEqual({ tokenKept: false, itemRemoved: true });
  });
});
