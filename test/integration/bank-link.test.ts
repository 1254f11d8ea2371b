// The official `plaid` client against the built-in sandbox bank, over HTTP, on a real `next start`
// of the app: the sandbox must answer exactly as PLAID.md says Plaid does. Then the BankLink
// adapter over the same server, and the endpoints the sandbox Link script calls from the browser.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Configuration, CountryCode, PlaidApi, Products } from "plaid";
import { bankLinkBackend, createBankLink } from "@/lib/bank-link/bank-link";
import { SANDBOX_BANK_CLIENT_ID, SANDBOX_BANK_SECRET } from "@/lib/bank-link/sandbox/credentials";
import { BankLinkError, type BankLink } from "@/lib/bank-link/types";
import { sha256Hex } from "@/lib/crypto/secrets";
import { startTestServer, type TestServer } from "../support/test-server";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const FIRST_PLATYPUS = "ins_109508";
const HOUNDSTOOTH = "ins_109512";

let server: TestServer<null>;
let plaid: PlaidApi;
let bank: BankLink;
let sandboxBase: string;

function client(clientId: string, secret: string) {
  return new PlaidApi(
    new Configuration({ basePath: sandboxBase, baseOptions: { headers: { "PLAID-CLIENT-ID": clientId, "PLAID-SECRET": secret } } }),
  );
}

beforeAll(async () => {
  server = await startTestServer(async () => null);
  sandboxBase = `${server.baseUrl}/api/sandbox-bank`;
  plaid = client(SANDBOX_BANK_CLIENT_ID, SANDBOX_BANK_SECRET);
  const backend = bankLinkBackend({}, () => server.baseUrl);
  expect(backend).toMatchObject({ mode: "sandbox", basePath: sandboxBase });
  bank = createBankLink(backend);
});

afterAll(async () => {
  await server?.stop();
});

/** The Plaid error a call failed with: HTTP status and Plaid's body. */
async function plaidError(promise: Promise<unknown>): Promise<{ status: number; data: Record<string, unknown> }> {
  const err = await promise.then(
    () => {
      throw new Error("expected the Plaid call to fail");
    },
    (e: unknown) => e as { response?: { status: number; data: Record<string, unknown> } },
  );
  expect(err.response, "an HTTP error answer").toBeDefined();
  const { status, data } = err.response!;
  expect(Object.keys(data).sort()).toEqual(expect.arrayContaining(["display_message", "error_code", "error_message", "error_type", "request_id"]));
  expect(data.request_id).toMatch(/^[A-Za-z0-9]{10,}$/);
  return { status, data };
}

async function bankLinkError(promise: Promise<unknown>): Promise<BankLinkError> {
  const err = await promise.then(
    () => {
      throw new Error("expected the BankLink call to fail");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BankLinkError);
  return err as BankLinkError;
}

async function newPublicToken(institutionId = FIRST_PLATYPUS): Promise<string> {
  const { data } = await plaid.sandboxPublicTokenCreate({ institution_id: institutionId, initial_products: [Products.Auth] });
  expect(data.public_token).toMatch(new RegExp(`^public-sandbox-${UUID}$`));
  return data.public_token;
}

async function newItem(institutionId = FIRST_PLATYPUS) {
  const { data } = await plaid.itemPublicTokenExchange({ public_token: await newPublicToken(institutionId) });
  return data;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${sandboxBase}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, data: (await res.json()) as Record<string, any> };
}

describe("the sandbox bank through the official plaid client", () => {
  it("/link/token/create: a link-sandbox token that lives 4 hours", async () => {
    const before = Date.now();
    const { data } = await plaid.linkTokenCreate({
      client_name: "Acme Payouts",
      language: "en",
      country_codes: [CountryCode.Us],
      user: { client_user_id: "claim-session-1" },
      products: [Products.Auth],
      required_if_supported_products: [Products.Identity],
    });
    const after = Date.now();
    expect(data.link_token).toMatch(new RegExp(`^link-sandbox-${UUID}$`));
    expect(data.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Issued somewhere between before and after (a loaded machine can take seconds), to the second.
    const expiresAt = Date.parse(data.expiration);
    expect(expiresAt).toBeGreaterThan(before + 4 * 3600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(after + 4 * 3600_000 + 1000);
    expect(data.request_id).toMatch(/^[A-Za-z0-9]+$/);
  });

  it("/link/token/create refuses what Plaid refuses: client_name over 30, missing user, unknown fields, unsupported products", async () => {
    const base = { client_name: "Acme", language: "en", country_codes: [CountryCode.Us], user: { client_user_id: "u" }, products: [Products.Auth] };
    let e = await plaidError(plaid.linkTokenCreate({ ...base, client_name: "x".repeat(31) }));
    expect(e).toMatchObject({ status: 400, data: { error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" } });
    expect(e.data.error_message).toContain("client_name");
    e = await plaidError(plaid.linkTokenCreate({ ...base, user: undefined }));
    expect(e).toMatchObject({ status: 400, data: { error_type: "INVALID_REQUEST", error_code: "MISSING_FIELDS" } });
    expect(e.data.error_message).toContain("user");
    e = await plaidError(plaid.linkTokenCreate({ ...base, surprise: 1 } as never));
    expect(e).toMatchObject({ status: 400, data: { error_type: "INVALID_REQUEST", error_code: "UNKNOWN_FIELDS" } });
    expect(e.data.error_message).toContain("surprise");
    e = await plaidError(plaid.linkTokenCreate({ ...base, products: [Products.Transactions] }));
    expect(e).toMatchObject({ status: 400, data: { error_type: "INVALID_INPUT", error_code: "INVALID_PRODUCT" } });
  });

  it("public token → exchange → /auth/get gives First Platypus Bank's numbers exactly", async () => {
    const item = await newItem();
    expect(item.access_token).toMatch(new RegExp(`^access-sandbox-${UUID}$`));
    expect(item.item_id).toMatch(/^[A-Za-z0-9]{37}$/);

    const { data: auth } = await plaid.authGet({ access_token: item.access_token });
    expect(auth.item).toMatchObject({ item_id: item.item_id, institution_id: FIRST_PLATYPUS, institution_name: "First Platypus Bank", error: null });
    expect(auth.accounts.map((a) => ({ mask: a.mask, name: a.name, type: a.type, subtype: a.subtype }))).toEqual([
      { mask: "0000", name: "Plaid Checking", type: "depository", subtype: "checking" },
      { mask: "1111", name: "Plaid Saving", type: "depository", subtype: "savings" },
    ]);
    const [checking, savings] = auth.accounts;
    expect(auth.numbers.ach).toEqual([
      { account_id: checking.account_id, account: "1111222233330000", routing: "011401533", wire_routing: "021000021" },
      { account_id: savings.account_id, account: "1111222233331111", routing: "011401533", wire_routing: "021000021" },
    ]);
    expect(auth.numbers).toMatchObject({ eft: [], international: [], bacs: [] });

    // Narrowed to one account; ids stable for the item's life.
    const { data: one } = await plaid.authGet({ access_token: item.access_token, options: { account_ids: [savings.account_id] } });
    expect(one.accounts.map((a) => a.account_id)).toEqual([savings.account_id]);
    expect(one.numbers.ach).toEqual([expect.objectContaining({ account_id: savings.account_id, account: "1111222233331111" })]);

    // Another item has other account ids.
    const other = await newItem();
    const { data: otherAuth } = await plaid.authGet({ access_token: other.access_token });
    expect(otherAuth.accounts.map((a) => a.account_id)).not.toContain(checking.account_id);
  });

  it("a public token is single use; garbage is INVALID_PUBLIC_TOKEN", async () => {
    const publicToken = await newPublicToken();
    await plaid.itemPublicTokenExchange({ public_token: publicToken });
    expect(await plaidError(plaid.itemPublicTokenExchange({ public_token: publicToken }))).toMatchObject({
      status: 400,
      data: { error_type: "INVALID_INPUT", error_code: "INVALID_PUBLIC_TOKEN" },
    });
    for (const garbage of ["public-sandbox-00000000-0000-4000-8000-000000000000", "garbage", "", "access-sandbox-x"]) {
      expect(await plaidError(plaid.itemPublicTokenExchange({ public_token: garbage }))).toMatchObject({
        status: 400,
        data: { error_type: "INVALID_INPUT", error_code: "INVALID_PUBLIC_TOKEN" },
      });
    }
  });

  it("concurrent exchanges of one public token: exactly one access token", async () => {
    const publicToken = await newPublicToken();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => plaid.itemPublicTokenExchange({ public_token: publicToken })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason.response?.data?.error_code).toBe("INVALID_PUBLIC_TOKEN");
  });

  it("an expired public token is INVALID_PUBLIC_TOKEN (PostgreSQL: the row is aged in the database)", async () => {
    const publicToken = await newPublicToken();
    if (!server.prisma) {
      // Embedded PGlite belongs to the server process; lib/bank-link/sandbox-items.test.ts covers
      // expiry against the database directly on both backends.
      expect(server.database.kind).toBe("embedded");
      return;
    }
    const { count } = await server.prisma.sandboxItem.updateMany({
      where: { publicTokenHash: sha256Hex(publicToken) },
      data: { publicTokenExpiresAt: new Date(Date.now() - 1000) },
    });
    expect(count).toBe(1);
    const e = await plaidError(plaid.itemPublicTokenExchange({ public_token: publicToken }));
    expect(e).toMatchObject({ status: 400, data: { error_type: "INVALID_INPUT", error_code: "INVALID_PUBLIC_TOKEN" } });
    expect(e.data.error_message).toContain("expired");
  });

  it("/auth/get with an account id the item does not hold is INVALID_ACCOUNT_ID", async () => {
    const item = await newItem();
    expect(await plaidError(plaid.authGet({ access_token: item.access_token, options: { account_ids: ["nope"] } }))).toMatchObject({
      status: 400,
      data: { error_type: "INVALID_INPUT", error_code: "INVALID_ACCOUNT_ID" },
    });
  });

  it("wrong or missing API keys, in headers or in the body", async () => {
    expect(await plaidError(client(SANDBOX_BANK_CLIENT_ID, "wrong").authGet({ access_token: "access-sandbox-x" }))).toMatchObject({
      status: 400,
      data: { error_type: "INVALID_INPUT", error_code: "INVALID_API_KEYS" },
    });
    expect(await plaidError(client("someone-else", SANDBOX_BANK_SECRET).sandboxPublicTokenCreate({ institution_id: FIRST_PLATYPUS, initial_products: [Products.Auth] }))).toMatchObject({
      status: 400,
      data: { error_code: "INVALID_API_KEYS" },
    });
    const missing = await post("/institutions/get_by_id", { institution_id: FIRST_PLATYPUS, country_codes: ["US"] });
    expect(missing).toMatchObject({ status: 400, data: { error_type: "INVALID_REQUEST", error_code: "MISSING_FIELDS" } });
    const inBody = await post("/institutions/get_by_id", { client_id: SANDBOX_BANK_CLIENT_ID, secret: SANDBOX_BANK_SECRET, institution_id: FIRST_PLATYPUS, country_codes: ["US"] });
    expect(inBody.status).toBe(200);
    expect(inBody.data.institution.name).toBe("First Platypus Bank");
    expect(inBody.headers.get("x-sandbox-bank")).toContain("sandbox");
  });

  it("malformed bodies and unknown paths answer in Plaid's error shape", async () => {
    const res = await fetch(`${sandboxBase}/auth/get`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_BODY" });
    const unknown = await post("/transactions/sync", {});
    expect(unknown).toMatchObject({ status: 404, data: { error_type: "INVALID_REQUEST", error_code: "NOT_FOUND" } });
  });

  it("/identity/match: the exact owner name scores 100, a partial one is scored, an unrelated one fails", async () => {
    const item = await newItem();
    const score = async (legal_name: string, email_address?: string) => {
      const { data } = await plaid.identityMatch({ access_token: item.access_token, user: { legal_name, email_address } });
      expect(data.accounts).toHaveLength(2);
      expect(data.item.item_id).toBe(item.item_id);
      return data.accounts[0];
    };
    const exact = await score("Alberta Bobbeth Charleson", "accountholder0@example.com");
    expect(exact.legal_name).toMatchObject({ score: 100, is_first_name_or_last_name_match: true });
    expect(exact.email_address.score).toBe(100);
    expect(exact.phone_number.score).toBeNull();
    expect((await score("  ALBERTA bobbeth charleson. ")).legal_name.score).toBe(100);
    expect((await score("Alberta Charleson")).legal_name.score).toBe(90);
    const unrelated = await score("Bob Jones", "bob@example.org");
    expect(unrelated.legal_name.score).toBeLessThan(70);
    expect(unrelated.legal_name.is_first_name_or_last_name_match).toBe(false);
    expect(unrelated.email_address.score).toBe(0);
  });

  it("/identity/match at an institution without Identity is PRODUCTS_NOT_SUPPORTED", async () => {
    const item = await newItem(HOUNDSTOOTH);
    expect(await plaidError(plaid.identityMatch({ access_token: item.access_token, user: { legal_name: "Alberta Bobbeth Charleson" } }))).toMatchObject({
      status: 400,
      data: { error_type: "ITEM_ERROR", error_code: "PRODUCTS_NOT_SUPPORTED" },
    });
  });

  it("/item/remove: the access token stops working", async () => {
    const item = await newItem();
    const { data: got } = await plaid.itemGet({ access_token: item.access_token });
    expect(got.item).toMatchObject({ item_id: item.item_id, institution_id: FIRST_PLATYPUS });
    const { data } = await plaid.itemRemove({ access_token: item.access_token });
    expect(data.request_id).toBeTruthy();
    for (const call of [() => plaid.authGet({ access_token: item.access_token }), () => plaid.itemRemove({ access_token: item.access_token })]) {
      expect(await plaidError(call())).toMatchObject({ status: 400, data: { error_type: "INVALID_INPUT", error_code: "INVALID_ACCESS_TOKEN" } });
    }
  });

  it("/institutions/get_by_id and /sandbox/public_token/create's own refusals", async () => {
    const { data } = await plaid.institutionsGetById({ institution_id: FIRST_PLATYPUS, country_codes: [CountryCode.Us] });
    expect(data.institution).toMatchObject({ institution_id: FIRST_PLATYPUS, name: "First Platypus Bank", routing_numbers: ["011401533"], oauth: false });
    expect(await plaidError(plaid.institutionsGetById({ institution_id: "ins_1", country_codes: [CountryCode.Us] }))).toMatchObject({
      status: 400,
      data: { error_code: "INVALID_INSTITUTION" },
    });
    expect(await plaidError(plaid.sandboxPublicTokenCreate({ institution_id: "ins_1", initial_products: [Products.Auth] }))).toMatchObject({
      data: { error_code: "INVALID_INSTITUTION" },
    });
    expect(
      await plaidError(plaid.sandboxPublicTokenCreate({ institution_id: FIRST_PLATYPUS, initial_products: [Products.Auth], options: { override_password: "error_ITEM_LOCKED" } })),
    ).toMatchObject({ status: 400, data: { error_type: "ITEM_ERROR", error_code: "ITEM_LOCKED" } });
  });
});

describe("the endpoints the sandbox Link script calls", () => {
  async function linkToken() {
    const { data } = await plaid.linkTokenCreate({ client_name: "Acme Payouts", language: "en", country_codes: [CountryCode.Us], user: { client_user_id: "c" }, products: [Products.Auth] });
    return data.link_token;
  }

  it("opening Link needs a live link token and lists the institutions", async () => {
    const token = await linkToken();
    const open = await post("/link/session", { link_token: token });
    expect(open.status).toBe(200);
    expect(open.data).toMatchObject({ client_name: "Acme Payouts", sandbox: true });
    expect(open.data.link_session_id).toMatch(new RegExp(`^${UUID}$`));
    expect(open.data.institutions.map((i: { institution_id: string }) => i.institution_id)).toEqual([FIRST_PLATYPUS, "ins_109511", HOUNDSTOOTH, "ins_109509"]);
    for (const bad of ["link-sandbox-00000000-0000-4000-8000-000000000000", "nope"]) {
      expect(await post("/link/session", { link_token: bad })).toMatchObject({ status: 400, data: { error_type: "INVALID_INPUT", error_code: "INVALID_LINK_TOKEN" } });
    }
  });

  it("user_good / pass_good gives a public token whose accounts are the item's; error_<CODE> fails with that code", async () => {
    const token = await linkToken();
    const login = (password: string, username = "user_good") =>
      post("/link/session/credentials", { link_token: token, link_session_id: "s", institution_id: FIRST_PLATYPUS, username, password });

    const ok = await login("pass_good");
    expect(ok.status).toBe(200);
    expect(ok.data.institution).toEqual({ institution_id: FIRST_PLATYPUS, name: "First Platypus Bank" });
    expect(ok.data.accounts.map((a: Record<string, unknown>) => [a.name, a.mask, a.type, a.subtype, a.verification_status])).toEqual([
      ["Plaid Checking", "0000", "depository", "checking", null],
      ["Plaid Saving", "1111", "depository", "savings", null],
    ]);
    const { data: item } = await plaid.itemPublicTokenExchange({ public_token: ok.data.public_token });
    const { data: auth } = await plaid.authGet({ access_token: item.access_token });
    expect(auth.accounts.map((a) => a.account_id)).toEqual(ok.data.accounts.map((a: { id: string }) => a.id));

    expect(await login("error_INSTITUTION_DOWN")).toMatchObject({
      status: 400,
      data: { error_type: "INSTITUTION_ERROR", error_code: "INSTITUTION_DOWN", display_message: expect.stringContaining("not currently responding") },
    });
    expect(await login("error_INVALID_CREDENTIALS")).toMatchObject({ status: 400, data: { error_type: "ITEM_ERROR", error_code: "INVALID_CREDENTIALS" } });
    expect(await login("wrong")).toMatchObject({ status: 400, data: { error_code: "INVALID_CREDENTIALS", display_message: expect.any(String) } });
    expect(await login("pass_good", "someone")).toMatchObject({ status: 400, data: { error_code: "INVALID_CREDENTIALS" } });
    // After failures the same session can still succeed (the claimant retries).
    expect((await login("pass_good")).status).toBe(200);
  });

  it("serves the Link script as JavaScript", async () => {
    const res = await fetch(`${server.baseUrl}/sandbox-link/link-initialize.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    const text = await res.text();
    expect(text).toContain("window.Plaid");
    expect(text).toContain("Sandbox \\u2014 no real money");
  });
});

describe("the BankLink adapter over the sandbox bank", () => {
  it("creates link tokens, cutting client_name to Plaid's 30 characters", async () => {
    expect(bank.mode).toBe("sandbox");
    const token = await bank.createLinkToken({ clientUserId: "claim-1", clientName: "An Organisation With A Very Long Name Indeed" });
    expect(token.linkToken).toMatch(new RegExp(`^link-sandbox-${UUID}$`));
    const open = await post("/link/session", { link_token: token.linkToken });
    expect(open.data.client_name).toBe("An Organisation With A Very Lo");
  });

  /** A finished sandbox Link session: the public token and the accounts Link's onSuccess would report. */
  async function linkSession(institutionId = FIRST_PLATYPUS) {
    const token = await bank.createLinkToken({ clientUserId: "c", clientName: "Acme" });
    const session = await post("/link/session/credentials", { link_token: token.linkToken, link_session_id: "s", institution_id: institutionId, username: "user_good", password: "pass_good" });
    expect(session.status).toBe(200);
    return session.data as { public_token: string; accounts: { id: string }[] };
  }

  it("linkAccount: the chosen account's numbers, the bank's name and the owner-name score", async () => {
    const session = await linkSession();
    const savings = session.accounts[1];

    const linked = await bank.linkAccount({
      publicToken: session.public_token,
      accountId: savings.id,
      owner: { legalName: "Alberta Bobbeth Charleson", email: "accountholder0@example.com" },
    });
    expect(linked).toMatchObject({
      accountId: savings.id,
      institutionId: FIRST_PLATYPUS,
      institutionName: "First Platypus Bank",
      accountName: "Plaid Saving",
      accountSubtype: "savings",
      mask: "1111",
      routingNumber: "011401533",
      accountNumber: "1111222233331111",
      nameMatchScore: 100,
    });
    expect(linked.accessToken).toMatch(/^access-sandbox-/);
    // The item is kept for the payout.
    const { data: auth } = await plaid.authGet({ access_token: linked.accessToken });
    expect(auth.item.item_id).toBe(linked.itemId);

    // The same public token again (a double submit): public_token_invalid.
    const again = await bankLinkError(bank.linkAccount({ publicToken: session.public_token, accountId: savings.id }));
    expect(again.kind).toBe("public_token_invalid");
    expect(again.plaid).toMatchObject({ errorType: "INVALID_INPUT", errorCode: "INVALID_PUBLIC_TOKEN" });
    expect(again.plaid?.requestId).toMatch(/^[A-Za-z0-9]+$/);
  });

  it("linkAccount: no owner → no score; a bank without Identity → null score, not a failure", async () => {
    for (const [institutionId, owner] of [
      [FIRST_PLATYPUS, undefined],
      [HOUNDSTOOTH, { legalName: "Alberta Bobbeth Charleson", email: "accountholder0@example.com" }],
    ] as const) {
      const session = await linkSession(institutionId);
      const linked = await bank.linkAccount({ publicToken: session.public_token, accountId: session.accounts[0].id, owner });
      expect(linked).toMatchObject({ nameMatchScore: null, mask: "0000", accountNumber: "1111222233330000" });
    }
    const unrelated = await linkSession();
    const linked = await bank.linkAccount({ publicToken: unrelated.public_token, accountId: unrelated.accounts[0].id, owner: { legalName: "Bob Jones", email: "bob@example.org" } });
    expect(linked.nameMatchScore).toBe(0);
  });

  it("linkAccount: garbage token → public_token_invalid; unknown account → account_not_found and the item is removed", async () => {
    expect((await bankLinkError(bank.linkAccount({ publicToken: "public-sandbox-garbage", accountId: "a" }))).kind).toBe("public_token_invalid");
    expect((await bankLinkError(bank.linkAccount({ publicToken: await newPublicToken(), accountId: "" }))).kind).toBe("account_not_found");

    const publicToken = await newPublicToken();
    const err = await bankLinkError(bank.linkAccount({ publicToken, accountId: "not-an-account-of-this-item" }));
    expect(err.kind).toBe("account_not_found");
    expect(err.plaid).toMatchObject({ errorCode: "INVALID_ACCOUNT_ID" });
    if (server.prisma) {
      const row = await server.prisma.sandboxItem.findUniqueOrThrow({ where: { publicTokenHash: sha256Hex(publicToken) } });
      expect(row.exchangedAt).not.toBeNull();
      expect(row.removedAt).not.toBeNull();
    }
  });

  it("removeItem: the access token stops working; removing twice is fine", async () => {
    const item = await newItem();
    await bank.removeItem(item.access_token);
    await bank.removeItem(item.access_token);
    expect(await plaidError(plaid.authGet({ access_token: item.access_token }))).toMatchObject({ data: { error_code: "INVALID_ACCESS_TOKEN" } });
  });

  it("wrong API keys are a configuration error, not the claimant's", async () => {
    const misconfigured = createBankLink({ mode: "sandbox", basePath: sandboxBase, clientId: SANDBOX_BANK_CLIENT_ID, secret: "not-the-secret" });
    const err = await bankLinkError(misconfigured.createLinkToken({ clientUserId: "c", clientName: "Acme" }));
    expect(err.kind).toBe("configuration");
    expect(err.plaid).toMatchObject({ errorType: "INVALID_INPUT", errorCode: "INVALID_API_KEYS" });
    expect(err.message).not.toContain("not-the-secret");
    expect((await bankLinkError(misconfigured.linkAccount({ publicToken: await newPublicToken(), accountId: "a" }))).kind).toBe("configuration");
  });
});
