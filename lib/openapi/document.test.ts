import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/openapi.json/route";
import packageJson from "../../package.json";
import { ERROR_CODES, type ErrorCode } from "../errors/codes";
import { LIMITS, ListPayoutLinksQuery } from "../payout-links/schemas";
import { ListRecipientsQuery } from "../recipients/schemas";
import { ListTransactionsQuery } from "../transactions/schemas";
import { buildOpenApiDocument, requestOrigin } from "./document";
import { ApiError } from "./errors";

type Json = { [key: string]: unknown };

const ROOT = path.resolve(import.meta.dirname, "../..");
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const doc = buildOpenApiDocument({ serverUrl: "https://payouts.example.com" });

async function validate(spec: object) {
  return new Validator().validate(structuredClone(spec) as Record<string, unknown>);
}

/** Every `$ref` in `value`, with the JSON path it sits at. */
function collectRefs(value: unknown, at = "#", out: { at: string; ref: string }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => collectRefs(v, `${at}/${i}`, out));
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") out.push({ at, ref: child });
      else collectRefs(child, `${at}/${key}`, out);
    }
  }
  return out;
}

/** The value a local JSON pointer (`#/a/b~1c`) names in `root`, or undefined. */
function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

const danglingRefs = (spec: object) => collectRefs(spec).filter(({ ref }) => resolvePointer(spec, ref) === undefined);

/** Follows `$ref`s until a non-reference object. */
function deref(value: unknown): Json {
  let node = value as Json;
  for (let hops = 0; typeof node?.$ref === "string"; hops++) {
    if (hops > 20) throw new Error("ref cycle");
    node = resolvePointer(doc, node.$ref) as Json;
  }
  return node;
}

/** Keys anywhere in `value` (property names included; good enough for keys that start with `$`). */
function allKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => allKeys(v, out));
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      out.add(key);
      allKeys(child, out);
    }
  }
  return out;
}

/** "METHOD /path" for every route.ts under app/treasury, read from its exports. */
function routeOperations(): string[] {
  const ops: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      // A catch-all ([...path]) only answers unknown paths with a JSON 404: not an operation.
      if (entry.startsWith("[...")) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (entry === "route.ts" || entry === "route.js") {
        const urlPath = "/" + path.relative(path.join(ROOT, "app"), dir).split(path.sep).map((seg) => seg.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
        const source = readFileSync(full, "utf8");
        const methods = [...source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)].map((m) => m[1]);
        expect(methods, `${full} exports no HTTP method`).not.toHaveLength(0);
        for (const method of methods) ops.push(`${method} ${urlPath}`);
      }
    }
  };
  walk(path.join(ROOT, "app/treasury"));
  return ops.sort();
}

function documentOperations(): string[] {
  return Object.entries(doc.paths)
    .flatMap(([p, item]) => Object.keys(item).filter((k) => HTTP_METHODS.includes(k)).map((m) => `${m.toUpperCase()} ${p}`))
    .sort();
}

function operations(): { key: string; op: Json }[] {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([m]) => HTTP_METHODS.includes(m))
      .map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })),
  );
}

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await validate(doc);
    if (!result.valid) console.error(JSON.stringify(result.errors, null, 2));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\./);
  });

  it("the validator does refuse a broken document (so the test above can fail)", async () => {
    const broken = structuredClone(doc) as unknown as Json;
    const firstPath = Object.values(broken.paths as Record<string, Json>)[0];
    (Object.values(firstPath)[0] as Json).parameters = [{ name: "x", in: "body", schema: {} }];
    expect((await validate(broken)).valid).toBe(false);
    const untitled = structuredClone(doc) as unknown as { info: Json };
    delete untitled.info.title;
    expect((await validate(untitled)).valid).toBe(false);
  });

  it("documents exactly the routes under app/treasury, with their methods", () => {
    const routes = routeOperations();
    expect(routes.length).toBeGreaterThanOrEqual(5);
    expect(documentOperations()).toEqual(routes);
  });

  it("every $ref resolves, and no JSON Schema $schema/$defs/$id is left inside the document", () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(10);
    expect(danglingRefs(doc)).toEqual([]);
    const keys = allKeys(doc);
    for (const key of ["$schema", "$defs", "$id", "example"]) expect(keys.has(key), key).toBe(false);
    // The checker itself notices a dangling ref.
    expect(danglingRefs({ a: { $ref: "#/components/schemas/Nope" } })).toHaveLength(1);
  });

  it("puts the named zod schemas under components.schemas", () => {
    expect(Object.keys(doc.components.schemas).sort()).toEqual([
      "Balance",
      "ClaimReceipt",
      "Error",
      "GeneratePayoutLinkRequest",
      "PaymentMethod",
      "PayoutLink",
      "PayoutLinkList",
      "Recipient",
      "RecipientList",
      "SubmitClaimRequest",
      "Transaction",
      "TransactionList",
      "WebhookEndpoint",
      "WebhookEndpointList",
      "WebhookEndpointWithSecret",
      "Event",
      "EventList",
      "CreateWebhookEndpointRequest",
      "FundingSource",
      "FundingSourceList",
      "FundingLinkToken",
      "LinkFundingSourceRequest",
      "Deposit",
      "DepositList",
      "CreateDepositRequest",
      "WebhookTest",
      "WebhookDelivery",
      "WebhookDeliveryAttempt",
      "WebhookDeliveryWithAttempts",
      "WebhookDeliveryList",
      "ReplayWebhookEventsRequest",
      "WebhookReplay",
    ].sort());
  });

  it("describes the generate request body strictly", () => {
    const op = doc.paths["/treasury/payout-link/generate"].post as Json;
    const body = op.requestBody as Json;
    expect(body.required).toBe(true);
    const schema = deref(((body.content as Json)["application/json"] as Json).schema);
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(["amount", "currency", "description"]));
    const props = schema.properties as Record<string, Json>;

    expect(props.amount.type).toBe("integer");
    expect(props.amount.exclusiveMinimum === 0 || (props.amount.minimum as number) >= 1).toBe(true);

    const currency = props.currency;
    expect(currency.const === "USD" || JSON.stringify(currency.enum) === '["USD"]').toBe(true);

    const description = props.description;
    expect(description.type).toBe("string");
    expect(description.maxLength === LIMITS.descriptionMaxChars || String(description.description).includes(String(LIMITS.descriptionMaxChars))).toBe(true);

    expect(props.expires_in_seconds).toMatchObject({ type: "integer", minimum: LIMITS.ttlMinSeconds });
    expect(props.metadata).toMatchObject({ type: "object", maxProperties: LIMITS.metadataMaxKeys });
  });

  it("documents the error shape with every code and type", () => {
    const error = deref(doc.components.schemas.Error);
    const inner = (error.properties as Record<string, Json>).error;
    const fields = inner.properties as Record<string, Json>;
    expect(fields.code.enum).toEqual(Object.keys(ERROR_CODES));
    const usedTypes = new Set(Object.values(ERROR_CODES).map((c) => c.type));
    for (const type of usedTypes) expect(fields.type.enum).toContain(type);
    expect(inner.required).toEqual(expect.arrayContaining(["type", "code", "message", "request_id"]));
    expect(inner.required).not.toContain("param");
  });

  it("each operation's error responses sit at the status codes.ts gives them, with valid examples", () => {
    // The claimant's submit answers an expired link with 410 Gone (an operator's cancel gets 409).
    const overrides: Record<string, Partial<Record<ErrorCode, number>>> = { "POST /treasury/payout-link/{token}/submit": { payout_link_expired: 410 } };
    for (const { key, op } of operations()) {
      const responses = op.responses as Record<string, Json>;
      const isPublic = Array.isArray(op.security) && (op.security as unknown[]).length === 0;
      // Public (claimant) operations take no API key, so they have no 401/403 for keys.
      for (const status of isPublic ? ["500"] : ["401", "403", "500"]) expect(responses[status], `${key} ${status}`).toBeDefined();
      if (isPublic) expect(responses["401"], key).toBeUndefined();
      const success = Object.keys(responses).filter((s) => s.startsWith("2"));
      expect(success, key).toHaveLength(1);
      expect(Object.keys((responses[success[0]].headers ?? {}) as Json), key).toContain("Request-Id");

      for (const [status, response] of Object.entries(responses)) {
        if (status.startsWith("2")) continue;
        const content = (response.content as Json)["application/json"] as Json;
        expect(content.schema, `${key} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
        const examples = Object.entries(content.examples as Record<string, { value: unknown }>);
        expect(examples.length, `${key} ${status}`).toBeGreaterThan(0);
        for (const [code, example] of examples) {
          expect(overrides[key]?.[code as ErrorCode] ?? ERROR_CODES[code as ErrorCode]?.status, `${key}: ${code}`).toBe(Number(status));
          expect(ApiError.strict().safeParse(example.value).success, `${key}: ${code}`).toBe(true);
        }
      }
    }
    const generate = doc.paths["/treasury/payout-link/generate"].post as Json;
    for (const status of ["201", "400", "409", "413", "415", "422"]) expect((generate.responses as Json)[status], status).toBeDefined();
    const cancel = doc.paths["/treasury/payout-link/{token}/cancel"].post as Json;
    for (const status of ["200", "404", "409"]) expect((cancel.responses as Json)[status], status).toBeDefined();
    expect(cancel.requestBody).toBeUndefined();
  });

  it("idempotent POSTs take Idempotency-Key and announce replays", () => {
    const param = deref(doc.components.parameters.IdempotencyKey);
    expect(param).toMatchObject({ name: "Idempotency-Key", in: "header", required: false });
    const pattern = new RegExp((param.schema as Json).pattern as string);
    expect(pattern.test("order-4127")).toBe(true);
    expect(pattern.test("has space")).toBe(false);
    expect(pattern.test("x".repeat(256))).toBe(false);
    const posts = operations().filter((o) => o.key.startsWith("POST "));
    // The claimant's submit is made idempotent by its single-use public_token instead.
    expect(posts.filter((o) => Array.isArray(o.op.security)).map((o) => o.key)).toEqual(["POST /treasury/payout-link/{token}/submit"]);
    // Responses that carry a webhook signing secret are idempotent too: the stored copy keeps the
    // secret encrypted (lib/webhooks/secret-seal.ts), so a retried create never makes a second endpoint.
    const SECRET_RESPONSES = ["POST /treasury/webhook-endpoints", "POST /treasury/webhook-endpoints/{id}/rotate-secret"];
    for (const key of SECRET_RESPONSES) expect(posts.map((o) => o.key)).toContain(key);
    // POSTs that call the bank run outside any database transaction (the idempotency record's would
    // hold the embedded database's one connection while the sandbox bank needs it); they move no money,
    // and linking is single use by its public token.
    const BANK_CALLS = ["POST /treasury/funding-sources/link-token", "POST /treasury/funding-sources"];
    for (const key of BANK_CALLS) expect(posts.map((o) => o.key)).toContain(key);
    for (const { key, op } of posts.filter((o) => BANK_CALLS.includes(o.key))) {
      expect((op.parameters as Json[] | undefined) ?? [], key).not.toContainEqual({ $ref: "#/components/parameters/IdempotencyKey" });
    }
    for (const { key, op } of posts.filter((o) => !Array.isArray(o.op.security) && !BANK_CALLS.includes(o.key))) {
      expect(op.parameters, key).toContainEqual({ $ref: "#/components/parameters/IdempotencyKey" });
      const success = Object.entries(op.responses as Record<string, Json>).find(([s]) => s.startsWith("2"))![1];
      expect(Object.keys(success.headers as Json), key).toContain("Idempotent-Replayed");
    }
  });

  it("documents the list query parameters from the query schema, limit as an integer 1..max", () => {
    const op = doc.paths["/treasury/payout-link"].get as Json;
    const params = (op.parameters as Json[]).map(deref);
    expect(params.map((p) => p.name).sort()).toEqual(Object.keys(ListPayoutLinksQuery.shape).sort());
    for (const p of params) expect(p.in).toBe("query");
    const limit = params.find((p) => p.name === "limit")!;
    expect(limit.schema).toMatchObject({ type: "integer", minimum: 1, maximum: LIMITS.listMaxLimit, default: LIMITS.listDefaultLimit });
    const status = params.find((p) => p.name === "status")!;
    expect((status.schema as Json).enum).toEqual(["pending", "claimed", "completed", "expired", "cancelled"]);
    const list = deref(((((op.responses as Json)["200"] as Json).content as Json)["application/json"] as Json).schema);
    expect(list.required).toEqual(expect.arrayContaining(["data", "has_more", "next_cursor"]));
  });

  it("documents the recipients endpoints: the list's query from its schema, the shapes without any account number or Plaid field", () => {
    const listOp = doc.paths["/treasury/recipients"].get as Json;
    const params = (listOp.parameters as Json[]).map(deref);
    expect(params.map((p) => p.name).sort()).toEqual(Object.keys(ListRecipientsQuery.shape).sort());
    for (const p of params) expect(p.in).toBe("query");
    expect(params.find((p) => p.name === "limit")!.schema).toMatchObject({ type: "integer", minimum: 1, maximum: LIMITS.listMaxLimit, default: LIMITS.listDefaultLimit });
    expect(params.find((p) => p.name === "email")!.schema).toMatchObject({ type: "string", maxLength: 254 });
    const listResponses = listOp.responses as Json;
    const list = deref((((listResponses["200"] as Json).content as Json)["application/json"] as Json).schema);
    expect(list.required).toEqual(expect.arrayContaining(["data", "has_more", "next_cursor"]));
    expect(Object.keys(((listResponses["400"] as Json).content as Json)["application/json"] as Json)).toContain("examples");
    const listCodes = Object.keys(((((listResponses["400"] as Json).content as Json)["application/json"] as Json).examples) as Json);
    expect(listCodes).toEqual(expect.arrayContaining(["limit_invalid", "cursor_invalid", "email_invalid", "parameter_unknown"]));

    const getOp = doc.paths["/treasury/recipients/{id}"].get as Json;
    expect(getOp.parameters).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
    const notFound = (((getOp.responses as Json)["404"] as Json).content as Json)["application/json"] as Json;
    expect(Object.keys(notFound.examples as Json)).toEqual(["recipient_not_found"]);

    const recipient = deref(doc.components.schemas.Recipient);
    expect(Object.keys(recipient.properties as Json).sort()).toEqual(["created_at", "email", "id", "name", "object", "payment_methods"]);
    expect(recipient.required).toEqual(expect.arrayContaining(["id", "object", "name", "email", "created_at", "payment_methods"]));
    expect((recipient.properties as Record<string, Json>).payment_methods.items).toEqual({ $ref: "#/components/schemas/PaymentMethod" });
    const method = deref(doc.components.schemas.PaymentMethod);
    const fields = Object.keys(method.properties as Json).sort();
    expect(fields).toEqual([
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
    ]);
    for (const field of fields) expect(field, "no account number or Plaid field is documented").not.toMatch(/account_number|plaid|access/);
    expect((method.properties as Record<string, Json>).name_match_score.anyOf).toEqual([{ type: "integer", minimum: 0, maximum: 100 }, { type: "null" }]);
  });

  it("documents the transactions endpoints: the list's filters from its schema, the transaction without any account number", () => {
    const listOp = doc.paths["/treasury/transactions"].get as Json;
    const params = (listOp.parameters as Json[]).map(deref);
    expect(params.map((p) => p.name).sort()).toEqual(Object.keys(ListTransactionsQuery.shape).sort());
    expect(params.map((p) => p.name).sort()).toEqual(["limit", "payout_link_id", "starting_after", "status"]);
    for (const p of params) expect(p.in).toBe("query");
    expect(params.find((p) => p.name === "limit")!.schema).toMatchObject({ type: "integer", minimum: 1, maximum: LIMITS.listMaxLimit, default: LIMITS.listDefaultLimit });
    expect((params.find((p) => p.name === "status")!.schema as Json).enum).toEqual(["queued", "processing", "settled", "failed", "returned"]);
    expect(String(params.find((p) => p.name === "payout_link_id")!.description)).toMatch(/plink_/);
    const listResponses = listOp.responses as Json;
    const list = deref((((listResponses["200"] as Json).content as Json)["application/json"] as Json).schema);
    expect(list.required).toEqual(expect.arrayContaining(["data", "has_more", "next_cursor"]));
    expect(((list.properties as Record<string, Json>).data.items as Json).$ref).toBe("#/components/schemas/Transaction");
    const examples = ((((listResponses["400"] as Json).content as Json)["application/json"] as Json).examples) as Record<string, { value: { error: Json } }>;
    expect(Object.keys(examples)).toEqual(expect.arrayContaining(["limit_invalid", "cursor_invalid", "status_invalid", "parameter_unknown", "parameter_invalid"]));
    // The example names this list's statuses, not the links' ones the code's usual message lists.
    expect(examples.status_invalid.value.error.message).toBe("status must be one of queued, processing, settled, failed, returned.");

    const getOp = doc.paths["/treasury/transactions/{id}"].get as Json;
    expect(getOp.parameters).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
    const notFound = (((getOp.responses as Json)["404"] as Json).content as Json)["application/json"] as Json;
    expect(Object.keys(notFound.examples as Json)).toEqual(["transaction_not_found"]);
    expect((notFound.examples as Record<string, { value: { error: Json } }>).transaction_not_found.value.error.param).toBe("id");

    const transaction = deref(doc.components.schemas.Transaction);
    const fields = Object.keys(transaction.properties as Json).sort();
    expect(fields).toEqual([
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
    ]);
    expect(transaction.required).toEqual(expect.arrayContaining(fields));
    for (const field of fields) expect(field, "no account number is documented").not.toMatch(/account_number|plaid|access/);
    const props = transaction.properties as Record<string, Json>;
    expect(props.status.enum).toEqual(["queued", "processing", "settled", "failed", "returned"]);
    expect(props.kind.enum).toEqual(["payout"]);
    for (const nullable of ["rail", "rail_reference", "failure_reason"]) expect(props[nullable].type, nullable).toEqual(["string", "null"]);
    for (const field of fields) expect(props[field].description ?? props[field].const ?? props[field].$ref, `${field} is described`).toBeDefined();
  });

  it("uses bearer auth on every operation, and takes servers and version from the caller and package.json", () => {
    expect(doc.components.securitySchemes.ApiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ ApiKey: [] }]);
    expect(doc.servers).toEqual([{ url: "https://payouts.example.com" }]);
    expect(doc.info.version).toBe(packageJson.version);
    const tokenParams = (doc.paths["/treasury/payout-link/{token}"].get as Json).parameters as Json[];
    expect(tokenParams).toContainEqual(expect.objectContaining({ name: "token", in: "path", required: true }));
  });
});

describe("GET /api/openapi.json", () => {
  it("serves the document with the request's origin as server, cacheable", async () => {
    const res = GET(new Request("https://links.example.org:8443/api/openapi.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { servers: unknown; paths: Json };
    expect(body.servers).toEqual([{ url: "https://links.example.org:8443" }]);
    expect(Object.keys(body.paths)).toEqual(Object.keys(doc.paths));
  });

  it("takes the server origin from the Host header, keeping the request's scheme, and ignores a malformed one", () => {
    const at = (url: string, headers: Record<string, string>) => requestOrigin(new Request(url, { headers }));
    expect(at("http://localhost:3000/api/openapi.json", { host: "Pay.Example.com" })).toBe("http://pay.example.com");
    expect(at("https://localhost:3000/api/openapi.json", { host: "pay.example.com:8443" })).toBe("https://pay.example.com:8443");
    expect(at("http://localhost:3000/api/openapi.json", { host: "[::1]:3000" })).toBe("http://[::1]:3000");
    expect(at("http://localhost:3000/api/openapi.json", { host: "evil.example/x?y" })).toBe("http://localhost:3000");
    expect(at("http://localhost:3000/api/openapi.json", { host: "a@evil.example" })).toBe("http://localhost:3000");
    expect(at("http://localhost:3000/api/openapi.json", {})).toBe("http://localhost:3000");
  });
});
