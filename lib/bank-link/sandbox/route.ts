import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { db } from "../../db/client";
import type { PrismaClient } from "../../db/generated/client";
import { SANDBOX_BANK_CLIENT_ID, SANDBOX_BANK_SECRET } from "./credentials";
import { readBodyText } from "../../http/read-json-body";
import { SandboxPlaidError, plaidRequestId } from "./plaid-error";

// The HTTP side of the sandbox bank: Plaid's request handling, so the official client sees what it
// would see from Plaid. Credentials from the PLAID-CLIENT-ID / PLAID-SECRET headers or the body's
// client_id / secret; unknown fields refused (UNKNOWN_FIELDS), missing ones named (MISSING_FIELDS);
// every answer carries a request_id; errors in Plaid's body shape and statuses.

const MAX_BODY_BYTES = 64 * 1024;

export type SandboxContext = { db: PrismaClient; requestId: string; now: Date; req: Request };

export type SandboxEndpoint<Req, Res, S extends z.ZodType> = {
  /** Every field Plaid documents for the request, so a field Plaid accepts is never UNKNOWN_FIELDS. */
  fields: Record<keyof Req, true>;
  /** The fields the sandbox reads, validated. */
  schema: S;
  handle(input: z.output<S>, ctx: SandboxContext): Promise<Omit<Res, "request_id">>;
};

/**
 * Types an endpoint with the `plaid` package's request and response types: the field list must be
 * complete, the schema's output must fit the request type and the answer must fit the response type.
 */
export function plaidEndpoint<Req extends object, Res extends { request_id: string }>() {
  return <S extends z.ZodType<Partial<Req>>>(def: SandboxEndpoint<Req, Res, S>) => def;
}

export const SANDBOX_HEADERS = {
  "Cache-Control": "no-store",
  // Every answer says what it is: nothing here is a real bank.
  "X-Sandbox-Bank": "sandbox; no real money",
} as const;

/** A Plaid API endpoint of the sandbox bank (credentials required). */
export function sandboxBankRoute<Req, Res, S extends z.ZodType>(endpoint: SandboxEndpoint<Req, Res, S>) {
  return handleWith(endpoint, { credentials: true });
}

/** An endpoint the sandbox Link script calls from the browser: no API keys, Plaid's error shape. */
export function sandboxLinkRoute<Req, Res, S extends z.ZodType>(endpoint: SandboxEndpoint<Req, Res, S>) {
  return handleWith(endpoint, { credentials: false });
}

function handleWith<Req, Res, S extends z.ZodType>(endpoint: SandboxEndpoint<Req, Res, S>, options: { credentials: boolean }) {
  return async (req: Request): Promise<Response> => {
    const requestId = plaidRequestId();
    try {
      const body = await readBody(req);
      if (options.credentials) checkCredentials(req, body);
      const unknown = Object.keys(body).filter((k) => !Object.hasOwn(endpoint.fields, k));
      if (unknown.length > 0) throw new SandboxPlaidError("UNKNOWN_FIELDS", unknown.join(", "));
      const input = parse(endpoint.schema, body);
      const result = await endpoint.handle(input, { db: await db(), requestId, now: new Date(), req });
      return Response.json({ ...result, request_id: requestId }, { status: 200, headers: SANDBOX_HEADERS });
    } catch (err) {
      return plaidErrorResponse(err, requestId);
    }
  };
}

export function plaidErrorResponse(err: unknown, requestId: string): Response {
  let error: SandboxPlaidError;
  if (err instanceof SandboxPlaidError) {
    error = err;
  } else {
    // Never the request (it carries credentials and tokens): the stack is enough to debug.
    console.error(`[sandbox-bank ${requestId}] unexpected error:`, err instanceof Error ? (err.stack ?? err.message) : err);
    error = new SandboxPlaidError("INTERNAL_SERVER_ERROR");
  }
  return Response.json(error.body(requestId), { status: error.status, headers: SANDBOX_HEADERS });
}

async function readBody(req: Request): Promise<Record<string, unknown>> {
  const body = await readBodyText(req, MAX_BODY_BYTES);
  if (!body.ok) throw new SandboxPlaidError("INVALID_BODY", body.reason === "too_large" ? "body is too large" : undefined);
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    throw new SandboxPlaidError("INVALID_BODY");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SandboxPlaidError("INVALID_BODY", "expected a JSON object");
  return value as Record<string, unknown>;
}

function checkCredentials(req: Request, body: Record<string, unknown>) {
  const clientId = typeof body.client_id === "string" ? body.client_id : req.headers.get("plaid-client-id");
  const secret = typeof body.secret === "string" ? body.secret : req.headers.get("plaid-secret");
  const missing = [clientId ? null : "client_id", secret ? null : "secret"].filter(Boolean);
  if (missing.length > 0) throw new SandboxPlaidError("MISSING_FIELDS", missing.join(", "));
  if (!sameString(clientId!, SANDBOX_BANK_CLIENT_ID) || !sameString(secret!, SANDBOX_BANK_SECRET)) throw new SandboxPlaidError("INVALID_API_KEYS");
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parse<S extends z.ZodType>(schema: S, body: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join(".");
    if (valueAt(body, issue.path) === undefined) missing.push(path);
    else invalid.push(`${path}: ${issue.message}`);
  }
  if (missing.length > 0) throw new SandboxPlaidError("MISSING_FIELDS", missing.join(", "));
  throw new SandboxPlaidError("INVALID_FIELD", invalid.join("; "));
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
