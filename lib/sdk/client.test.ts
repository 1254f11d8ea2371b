// The SDK against a real HTTP server on a free port, scripted per test: real sockets, real fetch,
// no mocks, so retries, dropped connections and headers behave as they do in production.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, PayoutLinksError, type PayoutLink, type Recipient, type Transaction } from "./index";

type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: string; at: number };
type Responder = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let script: Responder[] = [];
let seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: Date.now() });
      const next = script.shift() ?? json(418, { error: { type: "invalid_request_error", code: "not_found", message: "unscripted request" } });
      next(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  script = [];
  seen = [];
});

let requestCounter = 0;
function json(status: number, body: unknown, headers: Record<string, string> = {}): Responder {
  return (_req, res) => {
    res.writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_hdr_${++requestCounter}`, ...headers });
    res.end(JSON.stringify(body));
  };
}
function text(status: number, body: string, headers: Record<string, string> = {}): Responder {
  return (_req, res) => {
    res.writeHead(status, { "Content-Type": "text/html", ...headers });
    res.end(body);
  };
}
/** The connection dies after the request arrived and before any response. */
const dropConnection: Responder = (req) => req.socket.destroy();
/** Status and half a body, then the connection dies. */
const dropMidBody: Responder = (_req, res) => {
  res.writeHead(201, { "Content-Type": "application/json", "Content-Length": "500" });
  res.write('{"data":{"id":"plink_');
  setTimeout(() => res.socket?.destroy(), 10);
};
function apiError(status: number, code: string, type: string, extra: Record<string, unknown> = {}) {
  return json(status, { error: { type, code, message: `message for ${code}`, request_id: `req_body_${code}`, ...extra } });
}

function link(overrides: Partial<PayoutLink> = {}): PayoutLink {
  return {
    id: "plink_01JZ8X5Q3W4E5R6T7Y8U9I0OPA",
    object: "payout_link",
    url: "http://localhost:3000/claim/tok_abcDEF123-_",
    token: "tok_abcDEF123-_",
    amount: 25_000,
    currency: "USD",
    description: "Q3 referral bonus — order #4127",
    status: "pending",
    expires_at: "2030-01-01T00:00:00.000Z",
    created_at: "2029-12-25T00:00:00.000Z",
    claimed_at: null,
    completed_at: null,
    cancelled_at: null,
    recipient_id: null,
    transaction_id: null,
    metadata: {},
    ...overrides,
  };
}

const client = () => createClient({ apiKey: "sk_test_unit", baseUrl, retryBaseDelayMs: 1 });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function rejection(promise: Promise<unknown>): Promise<PayoutLinksError> {
  const err = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PayoutLinksError);
  return err as PayoutLinksError;
}

describe("the seed example's calls and shapes", () => {
  it("generatePayoutLink POSTs the JSON body with auth and a fresh UUID Idempotency-Key, and resolves { data }", async () => {
    script.push(json(201, { data: link() }));
    const input = { amount: 25_000, currency: "USD" as const, description: "Q3 referral bonus — order #4127" };
    const { data } = await client().generatePayoutLink(input);
    expect(data).toEqual(link());
    expect(data.status).toBe("pending");
    expect(seen).toHaveLength(1);
    const [req] = seen;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/treasury/payout-link/generate");
    expect(req.headers.authorization).toBe("Bearer sk_test_unit");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["idempotency-key"]).toMatch(UUID);
    expect(JSON.parse(req.body)).toEqual(input);
  });

  it("each call gets its own key unless the caller passes one, which is sent as given", async () => {
    script.push(json(201, { data: link() }), json(201, { data: link() }), json(201, { data: link() }));
    const c = client();
    const input = { amount: 1, currency: "USD" as const, description: "x" };
    await c.generatePayoutLink(input);
    await c.generatePayoutLink(input);
    await c.generatePayoutLink(input, { idempotencyKey: "order-4127" });
    expect(seen[0].headers["idempotency-key"]).not.toBe(seen[1].headers["idempotency-key"]);
    expect(seen[2].headers["idempotency-key"]).toBe("order-4127");
  });

  it("getPayoutLink GETs by token or id without an Idempotency-Key or a body", async () => {
    script.push(json(200, { data: link() }), json(200, { data: link() }));
    const c = client();
    expect((await c.getPayoutLink("tok_abcDEF123-_")).data.token).toBe("tok_abcDEF123-_");
    await c.getPayoutLink("plink_01JZ8X5Q3W4E5R6T7Y8U9I0OPA");
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /treasury/payout-link/tok_abcDEF123-_",
      "GET /treasury/payout-link/plink_01JZ8X5Q3W4E5R6T7Y8U9I0OPA",
    ]);
    for (const r of seen) {
      expect(r.headers["idempotency-key"]).toBeUndefined();
      expect(r.headers["content-type"]).toBeUndefined();
      expect(r.body).toBe("");
    }
  });

  it("listPayoutLinks resolves the page as sent, and builds the query only from defined values", async () => {
    const page = { data: [link()], has_more: false, next_cursor: null };
    script.push(json(200, page), json(200, page), json(200, page));
    const c = client();
    const result = await c.listPayoutLinks();
    expect(result).toEqual(page);
    const { data: links } = await c.listPayoutLinks({ status: "pending", limit: undefined });
    expect(links).toHaveLength(1);
    await c.listPayoutLinks({ limit: 5, starting_after: "plink_A" });
    expect(seen.map((r) => r.url)).toEqual([
      "/treasury/payout-link",
      "/treasury/payout-link?status=pending",
      "/treasury/payout-link?limit=5&starting_after=plink_A",
    ]);
  });

  it("cancelPayoutLink POSTs to /cancel with an Idempotency-Key and no body", async () => {
    script.push(json(200, { data: link({ status: "cancelled", cancelled_at: "2029-12-26T00:00:00.000Z" }) }));
    const { data } = await client().cancelPayoutLink("plink_01JZ8X5Q3W4E5R6T7Y8U9I0OPA");
    expect(data.status).toBe("cancelled");
    expect(seen[0].method).toBe("POST");
    expect(seen[0].url).toBe("/treasury/payout-link/plink_01JZ8X5Q3W4E5R6T7Y8U9I0OPA/cancel");
    expect(seen[0].headers["idempotency-key"]).toMatch(UUID);
    expect(seen[0].headers["content-type"]).toBeUndefined();
    expect(seen[0].body).toBe("");
  });

  it("getBalance resolves { data: balance }", async () => {
    const balance = { object: "balance", available: 975_000, held: 25_000, currency: "USD" };
    script.push(json(200, { data: balance }));
    const { data } = await client().getBalance();
    expect(data).toEqual(balance);
    expect(`${seen[0].method} ${seen[0].url}`).toBe("GET /treasury/balance");
  });

  it("keeps a path prefix in baseUrl and ignores trailing slashes", async () => {
    script.push(json(200, { data: { object: "balance", available: 0, held: 0, currency: "USD" } }));
    await createClient({ apiKey: "sk_test_unit", baseUrl: `${baseUrl}/payouts//` }).getBalance();
    expect(seen[0].url).toBe("/payouts/treasury/balance");
  });

  it("uses the fetch it is given", async () => {
    script.push(json(200, { data: { object: "balance", available: 0, held: 0, currency: "USD" } }));
    const calls: string[] = [];
    const c = createClient({
      apiKey: "sk_test_unit",
      baseUrl,
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    await c.getBalance();
    expect(calls).toEqual([`${baseUrl}/treasury/balance`]);
  });

  it("refuses to be created without an apiKey or baseUrl, or with a bad maxRetries", () => {
    expect(() => createClient({ apiKey: "", baseUrl })).toThrow(TypeError);
    expect(() => createClient({ apiKey: "sk_test_x", baseUrl: "" })).toThrow(TypeError);
    expect(() => createClient({ apiKey: "sk_test_x", baseUrl, maxRetries: -1 })).toThrow(TypeError);
    expect(() => createClient({ apiKey: "sk_test_x", baseUrl, timeoutMs: 0 })).toThrow(TypeError);
  });
});

describe("retries", () => {
  const input = { amount: 25_000, currency: "USD" as const, description: "retry me" };

  it("500 then 201: retries once with the same Idempotency-Key and body", async () => {
    script.push(apiError(500, "internal_error", "api_error"), json(201, { data: link() }));
    const { data } = await client().generatePayoutLink(input);
    expect(data.id).toBe(link().id);
    expect(seen).toHaveLength(2);
    expect(seen[0].headers["idempotency-key"]).toMatch(UUID);
    expect(seen[1].headers["idempotency-key"]).toBe(seen[0].headers["idempotency-key"]);
    expect(seen[1].body).toBe(seen[0].body);
  });

  it("a connection destroyed before the response: retried with the same key (generated or the caller's)", async () => {
    script.push(dropConnection, json(201, { data: link() }));
    const { data } = await client().generatePayoutLink(input);
    expect(data.id).toBe(link().id);
    expect(seen).toHaveLength(2);
    expect(seen[0].headers["idempotency-key"]).toMatch(UUID);
    expect(seen[1].headers["idempotency-key"]).toBe(seen[0].headers["idempotency-key"]);
    expect(seen[1].body).toBe(seen[0].body);

    seen = [];
    script = [dropConnection, json(201, { data: link() })];
    await client().generatePayoutLink(input, { idempotencyKey: "key-drop-1" });
    expect(seen.map((r) => r.headers["idempotency-key"])).toEqual(["key-drop-1", "key-drop-1"]);
  });

  it("a connection destroyed halfway through the response body: retried with the same key", async () => {
    script.push(dropMidBody, json(200, { data: link({ status: "cancelled" }) }));
    const { data } = await client().cancelPayoutLink("plink_X");
    expect(data.status).toBe("cancelled");
    expect(seen).toHaveLength(2);
    expect(seen[1].headers["idempotency-key"]).toBe(seen[0].headers["idempotency-key"]);
  });

  it("GETs retry the same way", async () => {
    script.push(apiError(503, "internal_error", "api_error"), dropConnection, json(200, { data: link() }));
    const { data } = await client().getPayoutLink("tok_abc");
    expect(data.id).toBe(link().id);
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(Array(3).fill("GET /treasury/payout-link/tok_abc"));
  });

  it("400: no retry, and the PayoutLinksError carries type, code, status, param, request_id and message", async () => {
    script.push(apiError(400, "amount_invalid", "invalid_request_error", { param: "amount" }), json(201, { data: link() }));
    const err = await rejection(client().generatePayoutLink({ ...input, amount: 12.5 }));
    expect(seen).toHaveLength(1);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("PayoutLinksError");
    expect(err).toMatchObject({
      type: "invalid_request_error",
      code: "amount_invalid",
      status: 400,
      param: "amount",
      request_id: "req_body_amount_invalid",
      message: "message for amount_invalid",
    });
  });

  it("no 4xx is retried (401, 404, 409, 422)", async () => {
    for (const [status, code, type] of [
      [401, "api_key_invalid", "authentication_error"],
      [404, "payout_link_not_found", "invalid_request_error"],
      [409, "idempotency_key_reused", "idempotency_error"],
      [422, "insufficient_funds", "invalid_request_error"],
    ] as const) {
      seen = [];
      script = [apiError(status, code, type), json(201, { data: link() })];
      const err = await rejection(client().generatePayoutLink(input));
      expect(seen).toHaveLength(1);
      expect(err).toMatchObject({ status, code, type });
    }
  });

  it("429 with Retry-After: waits that long, then retries with the same key", async () => {
    script.push(
      json(429, { error: { type: "rate_limit_error", code: "rate_limited", message: "slow down", request_id: "req_429" } }, { "Retry-After": "1" }),
      json(201, { data: link() }),
    );
    const { data } = await client().generatePayoutLink(input);
    expect(data.id).toBe(link().id);
    expect(seen).toHaveLength(2);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(950);
    expect(seen[1].headers["idempotency-key"]).toBe(seen[0].headers["idempotency-key"]);
  });

  it("429 with a Retry-After too long to wait out: thrown at once as rate_limit_error", async () => {
    script.push(json(429, { error: { type: "rate_limit_error", code: "rate_limited", message: "slow down", request_id: "req_429" } }, { "Retry-After": "3600" }));
    const started = Date.now();
    const err = await rejection(client().getBalance());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seen).toHaveLength(1);
    expect(err).toMatchObject({ status: 429, type: "rate_limit_error", request_id: "req_429" });
  });

  it("5xx until retries run out: maxRetries + 1 attempts, then the last error", async () => {
    script.push(...Array.from({ length: 3 }, () => apiError(500, "internal_error", "api_error")), json(201, { data: link() }));
    const err = await rejection(client().generatePayoutLink(input));
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((r) => r.headers["idempotency-key"])).size).toBe(1);
    expect(err).toMatchObject({ status: 500, type: "api_error", code: "internal_error", request_id: "req_body_internal_error" });
  });

  it("network errors until retries run out: status 0, type api_error, code network_error, with the cause", async () => {
    script.push(dropConnection, dropConnection, dropConnection, json(201, { data: link() }));
    const err = await rejection(client().generatePayoutLink(input));
    expect(seen).toHaveLength(3);
    expect(err).toMatchObject({ status: 0, type: "api_error", code: "network_error", request_id: undefined });
    expect(err.message).toContain("3 attempts");
    expect(err.cause).toBeInstanceOf(Error);
  });

  it("a server that cannot be reached at all: network_error after the retries", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const err = await rejection(createClient({ apiKey: "sk_test_unit", baseUrl: `http://127.0.0.1:${port}`, retryBaseDelayMs: 1, maxRetries: 1 }).getBalance());
    expect(err).toMatchObject({ status: 0, code: "network_error" });
  });

  it("maxRetries: 0 makes one attempt; per-call maxRetries overrides the client's", async () => {
    script.push(apiError(500, "internal_error", "api_error"), json(200, { data: link() }));
    const c = createClient({ apiKey: "sk_test_unit", baseUrl, maxRetries: 0, retryBaseDelayMs: 1 });
    await rejection(c.getPayoutLink("tok_abc"));
    expect(seen).toHaveLength(1);
    script = [apiError(500, "internal_error", "api_error"), json(200, { data: link() })];
    seen = [];
    await c.getPayoutLink("tok_abc", { maxRetries: 1 });
    expect(seen).toHaveLength(2);
  });

  it("backs off exponentially between attempts", async () => {
    script.push(...Array.from({ length: 3 }, () => apiError(502, "internal_error", "api_error")));
    await rejection(createClient({ apiKey: "sk_test_unit", baseUrl, retryBaseDelayMs: 100 }).getBalance());
    expect(seen).toHaveLength(3);
    // Waits are in [50, 100] then [100, 200] ms.
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(45);
    expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(95);
  });

  it("a slow response times out per attempt and is retried; after the retries: code timeout, status 0", async () => {
    // The server never answers: only the client's own timeout can end each attempt (were it broken,
    // the test would hang until vitest's timeout and fail).
    const silent: Responder = () => {};
    script.push(silent, silent);
    const err = await rejection(createClient({ apiKey: "sk_test_unit", baseUrl, retryBaseDelayMs: 1, maxRetries: 1, timeoutMs: 100 }).getPayoutLink("tok_slow"));
    expect(seen).toHaveLength(2);
    expect(err).toMatchObject({ status: 0, type: "api_error", code: "timeout" });
  });

  it("a caller's abort rejects with the signal's reason and stops retrying", async () => {
    const controller = new AbortController();
    // The caller gives up once the first attempt has been answered (a 500, which would be retried).
    const answerThenAbort: Responder = (req, res) => {
      res.on("finish", () => controller.abort(new Error("caller gave up")));
      apiError(500, "internal_error", "api_error")(req, res);
    };
    script.push(answerThenAbort, json(200, { data: link() }));
    const c = createClient({ apiKey: "sk_test_unit", baseUrl, retryBaseDelayMs: 2000 });
    const pending = c.getPayoutLink("tok_abc", { signal: controller.signal });
    await expect(pending).rejects.toThrow("caller gave up");
    expect(seen).toHaveLength(1);
  });
});

describe("error bodies that are not the API's", () => {
  it("an HTML 502 from a proxy: retried, then PayoutLinksError invalid_response with the Request-Id header", async () => {
    script.push(...Array.from({ length: 3 }, () => text(502, "<html><body>Bad Gateway</body></html>", { "Request-Id": "req_proxy" })));
    const err = await rejection(client().getBalance());
    expect(seen).toHaveLength(3);
    expect(err).toMatchObject({ status: 502, type: "api_error", code: "invalid_response", request_id: "req_proxy", param: undefined });
    expect(err.message).toContain("Bad Gateway");
  });

  it("a 4xx with an empty or malformed JSON body: not retried, type from the status", async () => {
    script.push(text(403, ""), json(200, { data: link() }));
    expect(await rejection(client().getBalance())).toMatchObject({ status: 403, type: "permission_error", code: "invalid_response" });
    seen = [];
    script = [text(404, '{"error": "nope"'), json(200, { data: link() })];
    expect(await rejection(client().getBalance())).toMatchObject({ status: 404, type: "invalid_request_error", code: "invalid_response" });
    expect(seen).toHaveLength(1);
  });

  it("request_id falls back to the Request-Id header when the body has none", async () => {
    script.push(json(409, { error: { type: "invalid_request_error", code: "payout_link_cancelled", message: "cancelled" } }, { "Request-Id": "req_from_header" }));
    const err = await rejection(client().cancelPayoutLink("plink_X"));
    expect(err).toMatchObject({ code: "payout_link_cancelled", status: 409, request_id: "req_from_header" });
  });

  it("a 2xx that is not { data } JSON: invalid_response, not retried (the server may have acted)", async () => {
    script.push(text(201, "created!"), json(201, { data: link() }));
    const err = await rejection(client().generatePayoutLink({ amount: 1, currency: "USD", description: "x" }));
    expect(seen).toHaveLength(1);
    expect(err).toMatchObject({ status: 201, code: "invalid_response", type: "api_error" });
  });
});

describe("pagination", () => {
  it("listPayoutLinks.all walks the pages via starting_after until has_more is false, keeping the filters", async () => {
    const ids = ["plink_5", "plink_4", "plink_3", "plink_2", "plink_1"];
    script.push(
      json(200, { data: ids.slice(0, 2).map((id) => link({ id })), has_more: true, next_cursor: "plink_4" }),
      json(200, { data: ids.slice(2, 4).map((id) => link({ id })), has_more: true, next_cursor: "plink_2" }),
      json(200, { data: ids.slice(4).map((id) => link({ id })), has_more: false, next_cursor: null }),
      json(200, { data: [link({ id: "plink_extra" })], has_more: false, next_cursor: null }),
    );
    const got: string[] = [];
    for await (const l of client().listPayoutLinks.all({ status: "pending", limit: 2 })) got.push(l.id);
    expect(got).toEqual(ids);
    expect(seen.map((r) => r.url)).toEqual([
      "/treasury/payout-link?status=pending&limit=2",
      "/treasury/payout-link?status=pending&limit=2&starting_after=plink_4",
      "/treasury/payout-link?status=pending&limit=2&starting_after=plink_2",
    ]);
  });

  it("fetches lazily: breaking out early requests no further pages", async () => {
    script.push(
      json(200, { data: [link({ id: "plink_2" }), link({ id: "plink_1" })], has_more: true, next_cursor: "plink_1" }),
      json(200, { data: [link({ id: "plink_0" })], has_more: false, next_cursor: null }),
    );
    for await (const l of client().listPayoutLinks.all()) {
      expect(l.id).toBe("plink_2");
      break;
    }
    expect(seen).toHaveLength(1);
  });

  it("stops on an empty last page, and on a cursor that does not advance", async () => {
    script.push(
      json(200, { data: [link({ id: "plink_1" })], has_more: true, next_cursor: "plink_1" }),
      json(200, { data: [link({ id: "plink_1" })], has_more: true, next_cursor: "plink_1" }),
    );
    const got: string[] = [];
    for await (const l of client().listPayoutLinks.all()) got.push(l.id);
    expect(got).toEqual(["plink_1", "plink_1"]);
    expect(seen).toHaveLength(2);
  });

  it("an error on a later page rejects the iteration", async () => {
    script.push(
      json(200, { data: [link({ id: "plink_1" })], has_more: true, next_cursor: "plink_1" }),
      apiError(400, "cursor_invalid", "invalid_request_error", { param: "starting_after" }),
    );
    const iterate = async () => {
      for await (const _ of client().listPayoutLinks.all()) void _;
    };
    expect(await rejection(iterate())).toMatchObject({ code: "cursor_invalid", param: "starting_after" });
  });
});

describe("path parameters", () => {
  it("are percent-encoded as one segment", async () => {
    script.push(json(200, { data: link() }), json(200, { data: link() }), json(200, { data: link() }));
    const c = client();
    await c.getPayoutLink("a/b?c=d#e f");
    await c.cancelPayoutLink("../balance");
    await c.getPayoutLink("%2F");
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /treasury/payout-link/a%2Fb%3Fc%3Dd%23e%20f",
      "POST /treasury/payout-link/..%2Fbalance/cancel",
      "GET /treasury/payout-link/%252F",
    ]);
  });

  it("empty, '.' and '..' are refused before any request (they would resolve to another route)", async () => {
    const c = client();
    for (const bad of ["", ".", ".."]) {
      await expect(c.getPayoutLink(bad)).rejects.toThrow(TypeError);
      await expect(c.cancelPayoutLink(bad)).rejects.toThrow(TypeError);
    }
    expect(seen).toHaveLength(0);
  });
});

describe("recipients", () => {
  function recipient(overrides: Partial<Recipient> = {}): Recipient {
    return {
      id: "rcp_01JZ8X5Q3W4E5R6T7Y8U9I0OPC",
      object: "recipient",
      name: "Ada Lovelace",
      email: "ada@example.com",
      created_at: "2029-12-25T00:00:00.000Z",
      payment_methods: [
        {
          id: "pm_01JZ8X5Q3W4E5R6T7Y8U9I0OPB",
          object: "payment_method",
          type: "us_bank_account",
          bank_name: "First Platypus Bank",
          account_name: "Plaid Checking",
          account_type: "checking",
          mask: "0000",
          routing_number: "011401533",
          name_match_score: 92,
          created_at: "2029-12-25T00:00:00.000Z",
        },
      ],
      ...overrides,
    };
  }

  it("getRecipient GETs /treasury/recipients/{id} without an Idempotency-Key or a body, and resolves { data }", async () => {
    script.push(json(200, { data: recipient() }));
    const { data } = await client().getRecipient("rcp_01JZ8X5Q3W4E5R6T7Y8U9I0OPC");
    expect(data).toEqual(recipient());
    expect(data.payment_methods[0].mask).toBe("0000");
    expect(seen).toHaveLength(1);
    expect(`${seen[0].method} ${seen[0].url}`).toBe("GET /treasury/recipients/rcp_01JZ8X5Q3W4E5R6T7Y8U9I0OPC");
    expect(seen[0].headers.authorization).toBe("Bearer sk_test_unit");
    expect(seen[0].headers["idempotency-key"]).toBeUndefined();
    expect(seen[0].headers["content-type"]).toBeUndefined();
    expect(seen[0].body).toBe("");
  });

  it("getRecipient: a 404 is a PayoutLinksError recipient_not_found, not retried; the id is one encoded segment", async () => {
    script.push(apiError(404, "recipient_not_found", "invalid_request_error", { param: "id" }), json(200, { data: recipient() }));
    const err = await rejection(client().getRecipient("rcp_nope"));
    expect(err).toMatchObject({ status: 404, code: "recipient_not_found", param: "id", request_id: "req_body_recipient_not_found" });
    expect(seen).toHaveLength(1);

    seen = [];
    script = [json(200, { data: recipient() })];
    await client().getRecipient("../payout-link");
    expect(seen.map((r) => r.url)).toEqual(["/treasury/recipients/..%2Fpayout-link"]);
  });

  it("getRecipient refuses empty, '.' and '..' before any request", async () => {
    for (const bad of ["", ".", ".."]) await expect(client().getRecipient(bad)).rejects.toThrow(/rcp_/);
    expect(seen).toHaveLength(0);
  });

  it("getRecipient retries a 5xx like any GET", async () => {
    script.push(apiError(503, "internal_error", "api_error"), json(200, { data: recipient() }));
    const { data } = await client().getRecipient("rcp_X");
    expect(data.id).toBe(recipient().id);
    expect(seen.map((r) => r.url)).toEqual(["/treasury/recipients/rcp_X", "/treasury/recipients/rcp_X"]);
  });

  it("listRecipients resolves the page as sent, and builds the query only from defined values (email encoded)", async () => {
    const page = { data: [recipient()], has_more: false, next_cursor: null };
    script.push(json(200, page), json(200, page), json(200, page));
    const c = client();
    expect(await c.listRecipients()).toEqual(page);
    await c.listRecipients({ email: "Ada+pay@Example.com", limit: undefined });
    await c.listRecipients({ limit: 5, starting_after: "rcp_A" });
    expect(seen.map((r) => r.url)).toEqual([
      "/treasury/recipients",
      "/treasury/recipients?email=Ada%2Bpay%40Example.com",
      "/treasury/recipients?limit=5&starting_after=rcp_A",
    ]);
  });

  it("listRecipients.all walks the pages via starting_after, keeping the filters, lazily", async () => {
    const ids = ["rcp_3", "rcp_2", "rcp_1"];
    script.push(
      json(200, { data: ids.slice(0, 2).map((id) => recipient({ id })), has_more: true, next_cursor: "rcp_2" }),
      json(200, { data: ids.slice(2).map((id) => recipient({ id })), has_more: false, next_cursor: null }),
      json(200, { data: [recipient({ id: "rcp_extra" })], has_more: false, next_cursor: null }),
    );
    const got: string[] = [];
    for await (const r of client().listRecipients.all({ email: "ada@example.com", limit: 2 })) got.push(r.id);
    expect(got).toEqual(ids);
    expect(seen.map((r) => r.url)).toEqual([
      "/treasury/recipients?email=ada%40example.com&limit=2",
      "/treasury/recipients?email=ada%40example.com&limit=2&starting_after=rcp_2",
    ]);

    seen = [];
    script = [
      json(200, { data: [recipient({ id: "rcp_2" })], has_more: true, next_cursor: "rcp_2" }),
      json(200, { data: [recipient({ id: "rcp_1" })], has_more: false, next_cursor: null }),
    ];
    for await (const r of client().listRecipients.all()) {
      expect(r.id).toBe("rcp_2");
      break;
    }
    expect(seen).toHaveLength(1);
  });

  it("listRecipients.all: an error on a later page rejects the iteration", async () => {
    script.push(
      json(200, { data: [recipient({ id: "rcp_1" })], has_more: true, next_cursor: "rcp_1" }),
      apiError(400, "cursor_invalid", "invalid_request_error", { param: "starting_after" }),
    );
    const iterate = async () => {
      for await (const _ of client().listRecipients.all()) void _;
    };
    expect(await rejection(iterate())).toMatchObject({ code: "cursor_invalid", param: "starting_after" });
    expect(seen.map((r) => r.url)).toEqual(["/treasury/recipients", "/treasury/recipients?starting_after=rcp_1"]);
  });
});

describe("transactions", () => {
  function transaction(overrides: Partial<Transaction> = {}): Transaction {
    return {
      id: "txn_01JZ8X5Q3W4E5R6T7Y8U9I0OPD",
      object: "transaction",
      kind: "payout",
      amount: 25_000,
      currency: "USD",
      status: "settled",
      rail: "sandbox",
      rail_reference: "sbx_tr_0001",
      failure_reason: null,
      payout_link_id: "plink_01JZ8X5Q3W4E5R6T7Y8U9I0OPA",
      recipient_id: "rcp_01JZ8X5Q3W4E5R6T7Y8U9I0OPC",
      payment_method_id: "pm_01JZ8X5Q3W4E5R6T7Y8U9I0OPB",
      created_at: "2029-12-25T00:00:00.000Z",
      updated_at: "2029-12-25T00:00:05.000Z",
      ...overrides,
    };
  }

  it("getTransaction GETs /treasury/transactions/{id} without an Idempotency-Key or a body, and resolves { data }", async () => {
    script.push(json(200, { data: transaction() }));
    const { data } = await client().getTransaction("txn_01JZ8X5Q3W4E5R6T7Y8U9I0OPD");
    expect(data).toEqual(transaction());
    expect(seen).toHaveLength(1);
    expect(`${seen[0].method} ${seen[0].url}`).toBe("GET /treasury/transactions/txn_01JZ8X5Q3W4E5R6T7Y8U9I0OPD");
    expect(seen[0].headers.authorization).toBe("Bearer sk_test_unit");
    expect(seen[0].headers["idempotency-key"]).toBeUndefined();
    expect(seen[0].headers["content-type"]).toBeUndefined();
    expect(seen[0].body).toBe("");
  });

  it("getTransaction: a 404 is a PayoutLinksError transaction_not_found, not retried; the id is one encoded segment", async () => {
    script.push(apiError(404, "transaction_not_found", "invalid_request_error", { param: "id" }), json(200, { data: transaction() }));
    const err = await rejection(client().getTransaction("txn_nope"));
    expect(err).toBeInstanceOf(PayoutLinksError);
    expect(err).toMatchObject({ status: 404, code: "transaction_not_found", param: "id", request_id: "req_body_transaction_not_found" });
    expect(seen).toHaveLength(1);

    seen = [];
    script = [json(200, { data: transaction() })];
    await client().getTransaction("../recipients?x=1");
    expect(seen.map((r) => r.url)).toEqual(["/treasury/transactions/..%2Frecipients%3Fx%3D1"]);
  });

  it("getTransaction refuses empty, '.' and '..' before any request", async () => {
    for (const bad of ["", ".", ".."]) await expect(client().getTransaction(bad)).rejects.toThrow(/txn_/);
    expect(seen).toHaveLength(0);
  });

  it("getTransaction retries a 5xx like any GET", async () => {
    script.push(apiError(503, "internal_error", "api_error"), json(200, { data: transaction() }));
    const { data } = await client().getTransaction("txn_X");
    expect(data.id).toBe(transaction().id);
    expect(seen.map((r) => r.url)).toEqual(["/treasury/transactions/txn_X", "/treasury/transactions/txn_X"]);
  });

  it("listTransactions resolves the page as sent, and builds the query only from defined values", async () => {
    const page = { data: [transaction()], has_more: false, next_cursor: null };
    script.push(json(200, page), json(200, page), json(200, page), json(200, page));
    const c = client();
    expect(await c.listTransactions()).toEqual(page);
    await c.listTransactions({ status: "failed", limit: undefined });
    await c.listTransactions({ payout_link_id: "plink_A", limit: 5, starting_after: "txn_A" });
    await c.listTransactions({ status: undefined, payout_link_id: undefined });
    expect(seen.map((r) => r.url)).toEqual([
      "/treasury/transactions",
      "/treasury/transactions?status=failed",
      "/treasury/transactions?payout_link_id=plink_A&limit=5&starting_after=txn_A",
      "/treasury/transactions",
    ]);
    for (const r of seen) expect(r.headers["idempotency-key"]).toBeUndefined();
  });

  it("listTransactions.all walks the pages via starting_after, keeping the filters, lazily", async () => {
    const ids = ["txn_3", "txn_2", "txn_1"];
    script.push(
      json(200, { data: ids.slice(0, 2).map((id) => transaction({ id })), has_more: true, next_cursor: "txn_2" }),
      json(200, { data: ids.slice(2).map((id) => transaction({ id })), has_more: false, next_cursor: null }),
      json(200, { data: [transaction({ id: "txn_extra" })], has_more: false, next_cursor: null }),
    );
    const got: string[] = [];
    for await (const t of client().listTransactions.all({ status: "settled", limit: 2 })) got.push(t.id);
    expect(got).toEqual(ids);
    expect(seen.map((r) => r.url)).toEqual([
      "/treasury/transactions?status=settled&limit=2",
      "/treasury/transactions?status=settled&limit=2&starting_after=txn_2",
    ]);

    seen = [];
    script = [
      json(200, { data: [transaction({ id: "txn_2" })], has_more: true, next_cursor: "txn_2" }),
      json(200, { data: [transaction({ id: "txn_1" })], has_more: false, next_cursor: null }),
    ];
    for await (const t of client().listTransactions.all()) {
      expect(t.id).toBe("txn_2");
      break;
    }
    expect(seen).toHaveLength(1);
  });

  it("listTransactions.all stops when a server repeats its cursor, and an error on a later page rejects", async () => {
    script.push(
      json(200, { data: [transaction({ id: "txn_2" })], has_more: true, next_cursor: "txn_2" }),
      json(200, { data: [transaction({ id: "txn_2" })], has_more: true, next_cursor: "txn_2" }),
    );
    const got: string[] = [];
    for await (const t of client().listTransactions.all()) got.push(t.id);
    expect(got).toEqual(["txn_2", "txn_2"]);
    expect(seen).toHaveLength(2);

    seen = [];
    script = [
      json(200, { data: [transaction({ id: "txn_1" })], has_more: true, next_cursor: "txn_1" }),
      apiError(400, "cursor_invalid", "invalid_request_error", { param: "starting_after" }),
    ];
    const iterate = async () => {
      for await (const _ of client().listTransactions.all({ payout_link_id: "plink_A" })) void _;
    };
    expect(await rejection(iterate())).toMatchObject({ code: "cursor_invalid", param: "starting_after" });
    expect(seen.map((r) => r.url)).toEqual([
      "/treasury/transactions?payout_link_id=plink_A",
      "/treasury/transactions?payout_link_id=plink_A&starting_after=txn_1",
    ]);
  });
});

describe("webhook endpoints, deliveries and events", () => {
  const endpoint = { id: "we_01JZ8X5Q3W4E5R6T7Y8U9I0OPE", object: "webhook_endpoint", url: "https://example.com/h", enabled_events: ["settlement.created"], created_at: "2029-12-25T00:00:00.000Z" };
  const delivery = (id: string) => ({ id, object: "webhook_delivery", endpoint_id: endpoint.id, event_id: "evt_1", event_type: "webhook.test", status: "pending" });

  it("createWebhookEndpoint POSTs the body with an Idempotency-Key and retries a lost response with the same key", async () => {
    script.push(dropConnection, json(201, { data: { ...endpoint, secret: "whsec_x" } }));
    const { data } = await client().createWebhookEndpoint({ url: endpoint.url, enabled_events: ["settlement.created"] });
    expect(data.secret).toBe("whsec_x");
    expect(seen.map((r) => [r.method, r.url, r.body])).toEqual([
      ["POST", "/treasury/webhook-endpoints", JSON.stringify({ url: endpoint.url, enabled_events: ["settlement.created"] })],
      ["POST", "/treasury/webhook-endpoints", JSON.stringify({ url: endpoint.url, enabled_events: ["settlement.created"] })],
    ]);
    expect(seen[0].headers["idempotency-key"]).toMatch(UUID);
    expect(seen[1].headers["idempotency-key"]).toBe(seen[0].headers["idempotency-key"]);
  });

  it("each method's method, path, query and body; GET and DELETE carry no Idempotency-Key", async () => {
    const ok = () => json(200, { data: {} });
    const page = () => json(200, { data: [], has_more: false, next_cursor: null });
    script.push(page(), ok(), ok(), ok(), page(), ok(), ok(), ok(), ok(), ok(), page());
    const c = client();
    await c.listWebhookEndpoints({ limit: 5 });
    await c.getWebhookEndpoint(endpoint.id);
    await c.deleteWebhookEndpoint(endpoint.id);
    await c.rotateWebhookEndpointSecret(endpoint.id);
    await c.listWebhookDeliveries(endpoint.id, { status: "failed", event_type: "payout.failed", event_id: "evt_1", starting_after: "whd_2" });
    await c.getWebhookDelivery("whd_1");
    await c.retryWebhookDelivery("whd_1", { idempotencyKey: "retry-1" });
    await c.replayWebhookEvents(endpoint.id, { since: "2029-12-24T00:00:00Z", include_delivered: true });
    await c.sendTestWebhookEvent(endpoint.id);
    await c.getEvent("evt_1");
    await c.listEvents({ type: "webhook.test" });
    expect(seen.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      "GET /treasury/webhook-endpoints?limit=5 ",
      `GET /treasury/webhook-endpoints/${endpoint.id} `,
      `DELETE /treasury/webhook-endpoints/${endpoint.id} `,
      `POST /treasury/webhook-endpoints/${endpoint.id}/rotate-secret `,
      `GET /treasury/webhook-endpoints/${endpoint.id}/deliveries?status=failed&event_id=evt_1&event_type=payout.failed&starting_after=whd_2 `,
      "GET /treasury/webhook-deliveries/whd_1 ",
      "POST /treasury/webhook-deliveries/whd_1/retry ",
      `POST /treasury/webhook-endpoints/${endpoint.id}/replay {"since":"2029-12-24T00:00:00Z","include_delivered":true}`,
      `POST /treasury/webhook-endpoints/${endpoint.id}/test `,
      "GET /treasury/events/evt_1 ",
      "GET /treasury/events?type=webhook.test ",
    ]);
    expect(seen.map((r) => r.headers["idempotency-key"] !== undefined)).toEqual([false, false, false, true, false, false, true, true, true, false, false]);
    expect(seen[6].headers["idempotency-key"]).toBe("retry-1");
  });

  it("listWebhookDeliveries.all walks one endpoint's pages, keeping the filters; listEvents.all and listWebhookEndpoints.all likewise", async () => {
    script.push(
      json(200, { data: [delivery("whd_3"), delivery("whd_2")], has_more: true, next_cursor: "whd_2" }),
      json(200, { data: [delivery("whd_1")], has_more: false, next_cursor: null }),
    );
    const ids: string[] = [];
    for await (const d of client().listWebhookDeliveries.all(endpoint.id, { status: "pending", limit: 2 })) ids.push(d.id);
    expect(ids).toEqual(["whd_3", "whd_2", "whd_1"]);
    expect(seen.map((r) => r.url)).toEqual([
      `/treasury/webhook-endpoints/${endpoint.id}/deliveries?status=pending&limit=2`,
      `/treasury/webhook-endpoints/${endpoint.id}/deliveries?status=pending&limit=2&starting_after=whd_2`,
    ]);
    seen = [];
    script.push(json(200, { data: [{ id: "evt_2" }], has_more: true, next_cursor: "evt_2" }), json(200, { data: [{ id: "evt_1" }], has_more: false, next_cursor: null }));
    const events: string[] = [];
    for await (const e of client().listEvents.all({ type: "settlement.created" })) events.push(e.id);
    expect(events).toEqual(["evt_2", "evt_1"]);
    expect(seen[1].url).toBe("/treasury/events?type=settlement.created&starting_after=evt_2");
    seen = [];
    script.push(json(200, { data: [endpoint], has_more: false, next_cursor: null }));
    const endpoints: string[] = [];
    for await (const e of client().listWebhookEndpoints.all()) endpoints.push(e.id);
    expect(endpoints).toEqual([endpoint.id]);
  });

  it("a replay refusal is a PayoutLinksError with code and param, not retried; ids are one encoded segment, and '..' is refused", async () => {
    script.push(apiError(400, "replay_window_invalid", "invalid_request_error", { param: "until" }));
    const err = await rejection(client().replayWebhookEvents("we_a/b", { since: "2029-12-24T00:00:00Z", until: "2029-12-23T00:00:00Z" }));
    expect([err.status, err.code, err.param]).toEqual([400, "replay_window_invalid", "until"]);
    expect(seen.map((r) => r.url)).toEqual(["/treasury/webhook-endpoints/we_a%2Fb/replay"]);
    await expect(client().getWebhookDelivery("..")).rejects.toThrow(TypeError);
    await expect(client().listWebhookDeliveries("")).rejects.toThrow(TypeError);
    expect(seen).toHaveLength(1);
  });
});
