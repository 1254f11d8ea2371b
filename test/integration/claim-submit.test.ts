import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { cancelPayoutLink } from "@/lib/payout-links/cancel-payout-link";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { createFundedOrg, type OrgFixture } from "../support/fixtures";
import { linkThroughSandbox } from "../support/sandbox-bank";
import { startTestServer, type TestServer } from "../support/test-server";
import { awaitRoomInWindow } from "../support/rate-window";

type Link = { id: string; token: string };
type Fixtures = {
  org: OrgFixture;
  dedupeOrg: OrgFixture;
  strictOrg: OrgFixture;
  links: Link[];
  raceLink: Link;
  expired: Link;
  cancelled: Link;
  dedupeLinks: Link[];
  strictLinks: Link[];
};

async function seed(prisma: PrismaClient): Promise<Fixtures> {
  const make = async (org: OrgFixture, n: number, amount = 10_000) => {
    const out: Link[] = [];
    for (let i = 0; i < n; i++) {
      const l = await generatePayoutLink(prisma, { organizationId: org.organizationId, actor: "test" }, { amount, currency: "USD", description: `claim ${i}` });
      out.push({ id: l.id, token: l.token });
    }
    return out;
  };
  const org = await createFundedOrg(prisma, { deposit: 1_000_000 });
  const dedupeOrg = await createFundedOrg(prisma, { deposit: 100_000 });
  await prisma.organization.update({ where: { id: dedupeOrg.organizationId }, data: { dedupeRecipientsByEmail: true } });
  const strictOrg = await createFundedOrg(prisma, { deposit: 100_000 });
  await prisma.organization.update({ where: { id: strictOrg.organizationId }, data: { minNameMatchScore: 85 } });
  const links = await make(org, 12);
  const [raceLink, expired, cancelled] = await make(org, 3, 5_000);
  await prisma.payoutLink.update({ where: { id: expired.id.slice(6) }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await cancelPayoutLink(prisma, { organizationId: org.organizationId, actor: "test" }, cancelled.id);
  return { org, dedupeOrg, strictOrg, links, raceLink, expired, cancelled, dedupeLinks: await make(dedupeOrg, 3), strictLinks: await make(strictOrg, 2) };
}

let server: TestServer<Fixtures>;
let f: Fixtures;
beforeAll(async () => {
  // High limits here: the race below sends 100 submits for one token. Limits have their own test.
  server = await startTestServer(seed, { CLAIM_RATE_LIMIT_PER_IP: "100000", CLAIM_RATE_LIMIT_PER_TOKEN: "100000", SWEEP_INTERVAL_MS: "3600000" });
  f = server.fixtures;
});
afterAll(async () => {
  if (server.prisma) expect(await verifyLedger(server.prisma)).toEqual([]);
  await server?.stop();
});

const ALBERTA = { name: "Alberta Bobbeth Charleson", email: "accountholder0@example.com" };

function submit(token: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.baseUrl}/treasury/payout-link/${token}/submit`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.baseUrl, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function claimBody(overrides: Record<string, unknown> = {}) {
  const item = await linkThroughSandbox(server.baseUrl);
  const checking = item.accounts.find((a) => a.subtype === "checking")!;
  return { ...ALBERTA, public_token: item.publicToken, account_id: checking.id, ...overrides };
}

const api = (path: string, key = f.org.apiKey) => fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.json());

/** Rows the claim writes; a refused submit must leave them all as they were. */
async function claimRows() {
  if (!server.prisma) return null;
  const p = server.prisma;
  return {
    recipients: await p.recipient.count(),
    paymentMethods: await p.paymentMethod.count(),
    transactions: await p.transaction.count(),
    claimed: await p.payoutLink.count({ where: { status: "claimed" } }),
    audit: await p.auditEvent.count({ where: { action: "payout_link.claimed" } }),
  };
}

describe("submit: a claim that succeeds", () => {
  it("creates the recipient and bank account, queues the payout and marks the link claimed, keeping the hold", async () => {
    const link = f.links[0];
    const balanceBefore = await api("/treasury/balance");
    const res = await submit(link.token, await claimBody());
    expect(res.status).toBe(200);
    const { data: receipt } = await res.json();
    expect(receipt).toMatchObject({ object: "claim", status: "claimed", amount: 10_000, currency: "USD", bank: { institution_name: "First Platypus Bank", mask: "0000" } });

    const { data: got } = await api(`/treasury/payout-link/${link.id}`);
    expect(got.status).toBe("claimed");
    expect(got.claimed_at).toBe(receipt.claimed_at);
    expect(got.recipient_id).toMatch(/^rcp_[0-9A-Z]{26}$/);
    expect(got.transaction_id).toMatch(/^txn_[0-9A-Z]{26}$/);

    const recipientRes = await fetch(`${server.baseUrl}/treasury/recipients/${got.recipient_id}`, { headers: { Authorization: `Bearer ${f.org.apiKey}` } });
    const raw = await recipientRes.text();
    expect(raw).not.toContain("1111222233330000");
    const { data: recipient } = JSON.parse(raw);
    expect(recipient).toMatchObject({ name: ALBERTA.name, email: ALBERTA.email });
    expect(recipient.payment_methods).toEqual([
      expect.objectContaining({ bank_name: "First Platypus Bank", mask: "0000", routing_number: "011401533", name_match_score: 100 }),
    ]);
    // The money stays held for the queued payout (the payout worker turns it into a debit).
    expect(await api("/treasury/balance")).toEqual(balanceBefore);

    if (server.prisma) {
      const pm = await server.prisma.paymentMethod.findFirstOrThrow({ where: { recipientId: got.recipient_id.slice(4) } });
      expect(pm.accountNumberCiphertext).toMatch(/^v1\./);
      expect(pm.accountNumberCiphertext).not.toContain("1111222233330000");
      expect(pm.plaidAccessTokenCiphertext).toMatch(/^v1\./);
      const txn = await server.prisma.transaction.findUniqueOrThrow({ where: { id: got.transaction_id.slice(4) } });
      expect(txn).toMatchObject({ status: "queued", amount: 10_000, payoutLinkId: link.id.slice(6) });
    }
  });

  it("answers the same submit again (same public token) with the original receipt, and a new one with 409", async () => {
    const link = f.links[1];
    const body = await claimBody();
    const first = await (await submit(link.token, body)).json();
    const again = await submit(link.token, body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);

    const other = await submit(link.token, await claimBody());
    expect(other.status).toBe(409);
    expect((await other.json()).error).toMatchObject({ code: "payout_link_already_claimed", type: "invalid_request_error" });
  });

  it("100 concurrent submits on one link: one wins; one recipient, one payout, one hold", async () => {
    const bodies = [];
    for (let i = 0; i < 100; i++) bodies.push(await claimBody({ email: `racer${i}@example.com` }));
    const before = await claimRows();
    const responses = await Promise.all(bodies.map((b) => submit(f.raceLink.token, b)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    for (const r of responses.filter((r) => r.status === 409)) expect((await r.json()).error.code).toBe("payout_link_already_claimed");

    const { data: link } = await api(`/treasury/payout-link/${f.raceLink.id}`);
    expect(link.status).toBe("claimed");
    if (server.prisma && before) {
      const after = await claimRows();
      expect(after).toEqual({ ...before, recipients: before.recipients + 1, paymentMethods: before.paymentMethods + 1, transactions: before.transactions + 1, claimed: before.claimed + 1, audit: before.audit + 1 });
      const id = f.raceLink.id.slice(6);
      expect(await server.prisma.transaction.count({ where: { payoutLinkId: id } })).toBe(1);
      expect(await server.prisma.ledgerEntry.count({ where: { payoutLinkId: id, kind: "hold" } })).toBe(1);
      expect(await server.prisma.ledgerEntry.count({ where: { payoutLinkId: id, kind: { in: ["release", "debit"] } } })).toBe(0);
    }
  });
});

describe("submit: refusals change nothing", () => {
  const LONG_NAME = "N".repeat(201);
  const cases: { name: string; token?: (f: Fixtures) => string; body: () => Promise<unknown>; headers?: Record<string, string>; status: number; code: string; param?: string }[] = [
    { name: "name missing", body: async () => { const { name: _, ...b } = await claimBody(); return b; }, status: 400, code: "parameter_missing", param: "name" },
    { name: "name empty", body: () => claimBody({ name: "" }), status: 400, code: "name_invalid", param: "name" },
    { name: "name only spaces", body: () => claimBody({ name: "   " }), status: 400, code: "name_invalid", param: "name" },
    { name: "name of 201 characters", body: () => claimBody({ name: LONG_NAME }), status: 400, code: "name_invalid", param: "name" },
    { name: "name with a control character", body: () => claimBody({ name: "Al\u0007berta" }), status: 400, code: "name_invalid", param: "name" },
    { name: "name not a string", body: () => claimBody({ name: 42 }), status: 400, code: "name_invalid", param: "name" },
    { name: "email without @", body: () => claimBody({ email: "alberta.example.com" }), status: 400, code: "email_invalid", param: "email" },
    { name: "email with spaces", body: () => claimBody({ email: "al berta@example.com" }), status: 400, code: "email_invalid", param: "email" },
    { name: "email of 300 characters", body: () => claimBody({ email: `${"a".repeat(288)}@example.com` }), status: 400, code: "email_invalid", param: "email" },
    { name: "email missing", body: async () => { const { email: _, ...b } = await claimBody(); return b; }, status: 400, code: "parameter_missing", param: "email" },
    { name: "public_token missing", body: async () => { const { public_token: _, ...b } = await claimBody(); return b; }, status: 400, code: "parameter_missing", param: "public_token" },
    { name: "public_token garbage", body: () => claimBody({ public_token: "public-sandbox-not-a-real-token" }), status: 400, code: "public_token_invalid", param: "public_token" },
    { name: "account_id not in that item", body: () => claimBody({ account_id: "not-an-account-of-this-item" }), status: 400, code: "account_not_found", param: "account_id" },
    { name: "unknown field", body: () => claimBody({ amount: 1 }), status: 400, code: "parameter_unknown", param: "amount" },
    { name: "a JSON array", body: async () => "[]", status: 400, code: "parameter_invalid" },
    { name: "malformed JSON", body: async () => "{name:", status: 400, code: "invalid_json" },
    { name: "a 1 MB body", body: async () => JSON.stringify({ ...ALBERTA, public_token: "x".repeat(1024 * 1024), account_id: "a" }), status: 413, code: "body_too_large" },
    { name: "from another origin", body: () => claimBody(), headers: { Origin: "https://evil.example" }, status: 403, code: "origin_not_allowed" },
    { name: "a cross-site fetch", body: () => claimBody(), headers: { "Sec-Fetch-Site": "cross-site" }, status: 403, code: "origin_not_allowed" },
    { name: "a token of the wrong length", token: () => "abc", body: () => claimBody(), status: 404, code: "payout_link_not_found" },
    { name: "a token of the wrong alphabet", token: () => "!".repeat(43), body: () => claimBody(), status: 404, code: "payout_link_not_found" },
    { name: "a well-formed token nobody issued", token: () => "A".repeat(43), body: () => claimBody(), status: 404, code: "payout_link_not_found" },
    { name: "an expired link", token: (f) => f.expired.token, body: () => claimBody(), status: 410, code: "payout_link_expired" },
    { name: "a cancelled link", token: (f) => f.cancelled.token, body: () => claimBody(), status: 409, code: "payout_link_cancelled" },
  ];

  it.each(cases)("$name → $status $code", async (c) => {
    const token = c.token?.(f) ?? f.links[5].token;
    const before = await claimRows();
    const res = await submit(token, await c.body(), c.headers);
    expect(res.status).toBe(c.status);
    const { error } = await res.json();
    expect(error.code).toBe(c.code);
    if (c.param) expect(error.param).toBe(c.param);
    expect(error.request_id).toBe(res.headers.get("request-id"));
    expect(await claimRows()).toEqual(before);
    const { data } = await api(`/treasury/payout-link/${f.links[5].id}`);
    expect(data.status).toBe("pending");
  });

  it("a public token already used by another claim is refused", async () => {
    const body = await claimBody();
    expect((await submit(f.links[6].token, body)).status).toBe(200);
    const res = await submit(f.links[7].token, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("public_token_invalid");
    expect((await api(`/treasury/payout-link/${f.links[7].id}`)).data.status).toBe("pending");
  });

  it("a public token past its 30 minutes is refused", async () => {
    if (!server.prisma) return expect(server.database.kind).toBe("embedded"); // needs the database the server uses
    const body = await claimBody();
    await server.prisma.sandboxItem.updateMany({ where: { exchangedAt: null }, data: { publicTokenExpiresAt: new Date(Date.now() - 1000) } });
    const res = await submit(f.links[8].token, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("public_token_invalid");
  });
});

describe("organisation settings", () => {
  it("dedupe by email reuses the recipient (case-insensitively); without it, each claim is a new recipient", async () => {
    const [a, b] = f.dedupeLinks;
    await submit(a.token, await claimBody({ email: "Same.Person@example.com" }));
    await submit(b.token, await claimBody({ email: "same.person@EXAMPLE.com" }));
    const ra = (await api(`/treasury/payout-link/${a.id}`, f.dedupeOrg.apiKey)).data.recipient_id;
    const rb = (await api(`/treasury/payout-link/${b.id}`, f.dedupeOrg.apiKey)).data.recipient_id;
    expect(ra).toMatch(/^rcp_/);
    expect(rb).toBe(ra);

    const [c, d] = [f.links[9], f.links[10]];
    await submit(c.token, await claimBody({ email: "twice@example.com" }));
    await submit(d.token, await claimBody({ email: "twice@example.com" }));
    const rc = (await api(`/treasury/payout-link/${c.id}`)).data.recipient_id;
    const rd = (await api(`/treasury/payout-link/${d.id}`)).data.recipient_id;
    expect(rc).not.toBe(rd);
  });

  it("a required name-match score refuses a mismatching name with a clear message and leaves the link pending", async () => {
    const [link] = f.strictLinks;
    const refused = await submit(link.token, await claimBody({ name: "Bob Jones" }));
    expect(refused.status).toBe(422);
    const { error } = await refused.json();
    expect(error).toMatchObject({ code: "name_mismatch", param: "name" });
    expect(error.message).toMatch(/name on this bank account does not match/);
    expect((await api(`/treasury/payout-link/${link.id}`, f.strictOrg.apiKey)).data.status).toBe("pending");

    const accepted = await submit(link.token, await claimBody());
    expect(accepted.status).toBe(200);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After past the per-token limit", async () => {
    const limited = await startTestServer(
      async (prisma) => {
        const org = await createFundedOrg(prisma, { deposit: 100_000 });
        const l = await generatePayoutLink(prisma, { organizationId: org.organizationId, actor: "t" }, { amount: 100, currency: "USD", description: "x" });
        return { token: l.token };
      },
      { CLAIM_RATE_LIMIT_PER_TOKEN: "3", CLAIM_RATE_LIMIT_PER_IP: "1000" },
    );
    try {
      const send = () =>
        fetch(`${limited.baseUrl}/treasury/payout-link/${limited.fixtures.token}/submit`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Origin: limited.baseUrl },
          body: JSON.stringify({ name: "", email: "x", public_token: "p", account_id: "a" }),
        });
      // The limit is per clock minute: all four requests must land in one.
      await awaitRoomInWindow(60);
      for (let i = 0; i < 3; i++) expect((await send()).status).toBe(400);
      const res = await send();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await res.json()).error).toMatchObject({ type: "rate_limit_error", code: "rate_limited" });
    } finally {
      await limited.stop();
    }
  });
});
