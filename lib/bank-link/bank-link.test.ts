// The adapter's backend choice, and its error mapping with the real `plaid` client against a stub
// HTTP server that answers the way Plaid answers when things go wrong (rate limits, a bank that is
// down, Plaid's own 500s, a network that drops), which the sandbox bank cannot be asked to do.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { bankLinkBackend, createBankLink, linkClientName } from "./bank-link";
import { classify, plaidFailure } from "./plaid-errors";
import { BankLinkError } from "./types";

const SECRET = "stub-secret-must-never-be-logged";

describe("backend choice", () => {
  const appUrl = () => "http://localhost:3000";

  it("no keys: the built-in sandbox bank under APP_URL, mode sandbox", () => {
    expect(bankLinkBackend({}, appUrl)).toMatchObject({ mode: "sandbox", basePath: "http://localhost:3000/api/sandbox-bank" });
    expect(bankLinkBackend({ PLAID_CLIENT_ID: "", PLAID_SECRET: " ", PLAID_ENV: "sandbox" }, appUrl).mode).toBe("sandbox");
  });

  it("keys: real Plaid, sandbox by default, production when asked", () => {
    expect(bankLinkBackend({ PLAID_CLIENT_ID: "id", PLAID_SECRET: "s" }, appUrl)).toEqual({
      mode: "plaid-sandbox",
      basePath: "https://sandbox.plaid.com",
      clientId: "id",
      secret: "s",
    });
    expect(bankLinkBackend({ PLAID_CLIENT_ID: "id", PLAID_SECRET: "s", PLAID_ENV: "production" }, appUrl)).toMatchObject({
      mode: "plaid-production",
      basePath: "https://production.plaid.com",
    });
  });

  it.each([
    [{ PLAID_CLIENT_ID: "id", PLAID_SECRET: "s", PLAID_ENV: "development" }, /PLAID_ENV/],
    [{ PLAID_CLIENT_ID: "id", PLAID_SECRET: "s", PLAID_ENV: "Production" }, /PLAID_ENV/],
    [{ PLAID_CLIENT_ID: "id", PLAID_SECRET: "s", PLAID_ENV: "__proto__" }, /PLAID_ENV/],
    [{ PLAID_CLIENT_ID: "id" }, /both/],
    [{ PLAID_SECRET: "s" }, /both/],
    [{ PLAID_ENV: "production" }, /PLAID_CLIENT_ID/],
    [{ PLAID_ENV: "staging" }, /PLAID_ENV/],
  ])("refuses %j with a configuration error", (env, message) => {
    let thrown: unknown;
    try {
      bankLinkBackend(env, appUrl);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(BankLinkError);
    expect((thrown as BankLinkError).kind).toBe("configuration");
    expect((thrown as BankLinkError).message).toMatch(message);
  });

  it("client_name fits Plaid's 30 characters", () => {
    expect(linkClientName("Acme")).toBe("Acme");
    expect(linkClientName("x".repeat(40))).toBe("x".repeat(30));
    expect(Array.from(linkClientName("😀".repeat(40)))).toHaveLength(30);
    expect(linkClientName("   ")).toBe("Payout Links");
  });
});

describe("classify", () => {
  const f = (status: number | null, errorType: string, errorCode: string, networkCode: string | null = null) => ({
    status,
    errorType,
    errorCode,
    displayMessage: null,
    requestId: null,
    networkCode,
  });
  it.each([
    [f(400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN"), "public_token_exchange", "public_token_invalid"],
    [f(400, "INVALID_INPUT", "SOMETHING_ELSE"), "public_token_exchange", "public_token_invalid"],
    [f(400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED"), "auth_get", "public_token_invalid"],
    [f(400, "INVALID_INPUT", "INVALID_ACCOUNT_ID"), "auth_get", "account_not_found"],
    [f(400, "ITEM_ERROR", "NO_AUTH_ACCOUNTS"), "auth_get", "account_not_found"],
    [f(429, "RATE_LIMIT_EXCEEDED", "RATE_LIMIT"), "auth_get", "rate_limited"],
    [f(429, "UNKNOWN", "UNKNOWN"), "link_token_create", "rate_limited"],
    [f(400, "INSTITUTION_ERROR", "INSTITUTION_DOWN"), "auth_get", "bank_unavailable"],
    [f(400, "INSTITUTION_ERROR", "INSTITUTION_NOT_RESPONDING"), "public_token_exchange", "bank_unavailable"],
    [f(500, "API_ERROR", "INTERNAL_SERVER_ERROR"), "auth_get", "bank_unavailable"],
    [f(502, "UNKNOWN", "UNKNOWN"), "auth_get", "bank_unavailable"],
    [f(null, "NETWORK_ERROR", "ECONNREFUSED", "ECONNREFUSED"), "link_token_create", "bank_unavailable"],
    [f(400, "INVALID_INPUT", "INVALID_API_KEYS"), "public_token_exchange", "configuration"],
    [f(400, "INVALID_REQUEST", "MISSING_FIELDS"), "auth_get", "configuration"],
    [f(404, "UNKNOWN", "UNKNOWN"), "link_token_create", "configuration"],
  ] as const)("%j during %s → %s", (failure, step, kind) => {
    expect(classify(failure, step)).toBe(kind);
  });

  it("reads only Axios-shaped failures", () => {
    expect(plaidFailure(new Error("bug"))).toBeNull();
    expect(plaidFailure({ isAxiosError: true, code: "ECONNRESET" })).toMatchObject({ networkCode: "ECONNRESET", status: null });
  });
});

// ---- a stub Plaid ----

type Answer = { status: number; body: unknown };
let stub: Server;
let stubUrl: string;
const answers = new Map<string, Answer | ((body: Record<string, unknown>) => Answer)>();
const calls: { path: string; body: Record<string, unknown>; headers: IncomingMessage["headers"] }[] = [];

function plaidErrorBody(error_type: string, error_code: string, display_message: string | null = null) {
  return { error_type, error_code, error_message: error_code.toLowerCase(), display_message, request_id: "stubReq123" };
}

const ACCOUNT = { account_id: "acc_1", balances: {}, mask: "6789", name: "Everyday Checking", official_name: null, type: "depository", subtype: "checking" };
const ITEM = { item_id: "item_1", institution_id: "ins_9", institution_name: "Stub Bank", webhook: null, error: null, available_products: [], billed_products: ["auth"], consent_expiration_time: null, update_type: "background" };

function happyPath() {
  answers.clear();
  answers.set("/item/public_token/exchange", { status: 200, body: { access_token: "access-stub", item_id: "item_1", request_id: "r" } });
  answers.set("/auth/get", {
    status: 200,
    body: { accounts: [ACCOUNT], numbers: { ach: [{ account_id: "acc_1", account: "000123456789", routing: "110000000", wire_routing: null }], eft: [], international: [], bacs: [] }, item: ITEM, request_id: "r" },
  });
  answers.set("/identity/match", { status: 200, body: { accounts: [{ ...ACCOUNT, legal_name: { score: 87.6 } }], item: ITEM, request_id: "r" } });
  answers.set("/item/remove", { status: 200, body: { request_id: "r" } });
  answers.set("/institutions/get_by_id", { status: 200, body: { institution: { institution_id: "ins_9", name: "Stub Bank By Id" }, request_id: "r" } });
}

beforeAll(async () => {
  stub = createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const path = req.url ?? "";
      calls.push({ path, body, headers: req.headers });
      const answer = answers.get(path);
      const { status, body: out } = typeof answer === "function" ? answer(body) : (answer ?? { status: 404, body: "not found" });
      res.writeHead(status, { "content-type": typeof out === "string" ? "text/plain" : "application/json" });
      res.end(typeof out === "string" ? out : JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => stub.close(resolve));
});

afterEach(() => {
  vi.restoreAllMocks();
  calls.length = 0;
});

function adapter(basePath = stubUrl) {
  return createBankLink({ mode: "plaid-sandbox", basePath, clientId: "stub-client", secret: SECRET }, { timeoutMs: 2000 });
}

/** Console output during `fn`, to check that nothing secret is logged. */
async function logsOf(fn: () => Promise<unknown>): Promise<{ result: unknown; logs: string }> {
  const lines: string[] = [];
  for (const level of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a) ?? String(a))).join(" "));
    });
  }
  let result: unknown;
  try {
    result = await fn();
  } catch (err) {
    result = err;
  }
  return { result, logs: lines.join("\n") };
}

describe("the adapter against a stub Plaid", () => {
  it("sends Plaid's headers and fields, and maps a good answer", async () => {
    happyPath();
    const linked = await adapter().linkAccount({ publicToken: "public-stub", accountId: "acc_1", owner: { legalName: "Jane Doe", email: "jane@example.com" } });
    expect(linked).toEqual({
      itemId: "item_1",
      accessToken: "access-stub",
      accountId: "acc_1",
      institutionId: "ins_9",
      institutionName: "Stub Bank",
      accountName: "Everyday Checking",
      accountSubtype: "checking",
      mask: "6789",
      routingNumber: "110000000",
      accountNumber: "000123456789",
      nameMatchScore: 88,
    });
    expect(calls.map((c) => c.path)).toEqual(["/item/public_token/exchange", "/auth/get", "/identity/match"]);
    expect(calls[0].headers).toMatchObject({ "plaid-client-id": "stub-client", "plaid-secret": SECRET, "plaid-version": "2020-09-14" });
    expect(calls[1].body).toEqual({ access_token: "access-stub", options: { account_ids: ["acc_1"] } });
    expect(calls[2].body).toEqual({ access_token: "access-stub", user: { legal_name: "Jane Doe", email_address: "jane@example.com" }, options: { account_ids: ["acc_1"] } });
  });

  it("creates link tokens with the fields PLAID.md lists", async () => {
    answers.set("/link/token/create", { status: 200, body: { link_token: "link-sandbox-x", expiration: "2030-01-01T00:00:00Z", request_id: "r" } });
    expect(await adapter().createLinkToken({ clientUserId: "u1", clientName: "A".repeat(35) })).toEqual({ linkToken: "link-sandbox-x", expiration: "2030-01-01T00:00:00Z" });
    expect(calls[0].body).toEqual({
      client_name: "A".repeat(30),
      language: "en",
      country_codes: ["US"],
      user: { client_user_id: "u1" },
      products: ["auth"],
      required_if_supported_products: ["identity"],
    });
  });

  it("asks /institutions/get_by_id when the Item does not name its institution", async () => {
    happyPath();
    const auth = answers.get("/auth/get") as Answer;
    answers.set("/auth/get", { ...auth, body: { ...(auth.body as object), item: { ...ITEM, institution_name: undefined } } });
    const linked = await adapter().linkAccount({ publicToken: "public-stub", accountId: "acc_1" });
    expect(linked.institutionName).toBe("Stub Bank By Id");
    expect(calls.find((c) => c.path === "/institutions/get_by_id")?.body).toEqual({ institution_id: "ins_9", country_codes: ["US"] });
  });

  it.each([
    ["/auth/get", 429, plaidErrorBody("RATE_LIMIT_EXCEEDED", "RATE_LIMIT"), "rate_limited"],
    ["/auth/get", 400, plaidErrorBody("INSTITUTION_ERROR", "INSTITUTION_DOWN", "This financial institution is not currently responding."), "bank_unavailable"],
    ["/auth/get", 400, plaidErrorBody("INSTITUTION_ERROR", "INSTITUTION_NOT_RESPONDING"), "bank_unavailable"],
    ["/auth/get", 500, plaidErrorBody("API_ERROR", "INTERNAL_SERVER_ERROR"), "bank_unavailable"],
    ["/auth/get", 400, plaidErrorBody("INVALID_INPUT", "INVALID_ACCOUNT_ID"), "account_not_found"],
    ["/auth/get", 400, plaidErrorBody("ITEM_ERROR", "ITEM_LOGIN_REQUIRED"), "public_token_invalid"],
    ["/identity/match", 500, plaidErrorBody("API_ERROR", "INTERNAL_SERVER_ERROR"), "bank_unavailable"],
    ["/identity/match", 429, plaidErrorBody("RATE_LIMIT_EXCEEDED", "RATE_LIMIT"), "rate_limited"],
  ] as const)("%s answering %i %j after the exchange → %s, the Item removed, nothing secret logged", async (path, status, body, kind) => {
    happyPath();
    answers.set(path, { status, body });
    const { result, logs } = await logsOf(() => adapter().linkAccount({ publicToken: "public-stub", accountId: "acc_1", owner: { legalName: "J", email: "j@x.io" } }));
    expect(result).toBeInstanceOf(BankLinkError);
    const err = result as BankLinkError;
    expect(err.kind).toBe(kind);
    expect(err.plaid).toEqual({ errorType: body.error_type, errorCode: body.error_code, displayMessage: body.display_message, requestId: "stubReq123" });
    expect(calls.at(-1)).toMatchObject({ path: "/item/remove", body: { access_token: "access-stub" } });
    expect(logs).toContain(body.error_code);
    expect(logs).toContain("stubReq123");
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain("access-stub");
    expect(logs).not.toContain("public-stub");
  });

  it.each([
    [400, plaidErrorBody("INVALID_INPUT", "INVALID_PUBLIC_TOKEN"), "public_token_invalid"],
    [429, plaidErrorBody("RATE_LIMIT_EXCEEDED", "RATE_LIMIT"), "rate_limited"],
    [400, plaidErrorBody("INSTITUTION_ERROR", "INSTITUTION_DOWN"), "bank_unavailable"],
    [400, plaidErrorBody("INVALID_INPUT", "INVALID_API_KEYS"), "configuration"],
  ] as const)("the exchange answering %i %j → %s, and no /item/remove (there is no Item)", async (status, body, kind) => {
    happyPath();
    answers.set("/item/public_token/exchange", { status, body });
    const { result, logs } = await logsOf(() => adapter().linkAccount({ publicToken: "public-stub", accountId: "acc_1" }));
    expect((result as BankLinkError).kind).toBe(kind);
    expect(calls.map((c) => c.path)).toEqual(["/item/public_token/exchange"]);
    expect(logs).not.toContain(SECRET);
  });

  it.each(["PRODUCTS_NOT_SUPPORTED", "ADDITIONAL_CONSENT_REQUIRED", "INVALID_PRODUCT"])("Identity Match %s → nameMatchScore null, the claim goes on", async (code) => {
    happyPath();
    answers.set("/identity/match", { status: 400, body: plaidErrorBody(code === "INVALID_PRODUCT" ? "INVALID_INPUT" : "ITEM_ERROR", code) });
    const linked = await adapter().linkAccount({ publicToken: "public-stub", accountId: "acc_1", owner: { legalName: "J", email: "j@x.io" } });
    expect(linked.nameMatchScore).toBeNull();
    expect(calls.map((c) => c.path)).not.toContain("/item/remove");
  });

  it("an auth answer without the chosen account's ACH numbers → account_not_found, Item removed", async () => {
    happyPath();
    const auth = answers.get("/auth/get") as Answer;
    answers.set("/auth/get", { ...auth, body: { ...(auth.body as object), numbers: { ach: [], eft: [], international: [], bacs: [] } } });
    const { result } = await logsOf(() => adapter().linkAccount({ publicToken: "public-stub", accountId: "acc_1" }));
    expect((result as BankLinkError).kind).toBe("account_not_found");
    expect(calls.at(-1)?.path).toBe("/item/remove");
  });

  it("nobody listening → bank_unavailable; a path that is not Plaid → configuration", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await logsOf(() => adapter(`http://127.0.0.1:${port}`).createLinkToken({ clientUserId: "u", clientName: "A" }));
    expect((down.result as BankLinkError).kind).toBe("bank_unavailable");
    expect((down.result as BankLinkError).plaid).toBeNull();
    expect(down.logs).not.toContain(SECRET);

    answers.clear();
    const notPlaid = await logsOf(() => adapter().createLinkToken({ clientUserId: "u", clientName: "A" }));
    expect((notPlaid.result as BankLinkError).kind).toBe("configuration");
  });

  it("removeItem never throws: gone now or already → true; the bank failing → false, logged", async () => {
    answers.set("/item/remove", { status: 200, body: { request_id: "req-remove" } });
    await expect(adapter().removeItem("access-stub")).resolves.toBe(true);
    answers.set("/item/remove", { status: 400, body: plaidErrorBody("INVALID_INPUT", "INVALID_ACCESS_TOKEN") });
    await expect(adapter().removeItem("access-stub")).resolves.toBe(true);
    answers.set("/item/remove", { status: 500, body: plaidErrorBody("API_ERROR", "INTERNAL_SERVER_ERROR") });
    const { result, logs } = await logsOf(() => adapter().removeItem("access-stub"));
    expect(result).toBe(false);
    expect(logs).toContain("INTERNAL_SERVER_ERROR");
    expect(logs).not.toContain(SECRET);
  });
});
