import "server-only";
import type { z } from "zod";
import { authenticateApiKey, type ApiCaller, type Capability } from "../auth/api-keys";
import { sha256Hex } from "../crypto/secrets";
import { db } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { ERROR_CODES, type ErrorCode } from "../errors/codes";
import { randomToken } from "../crypto/secrets";
import { checkIdempotencyKey, withIdempotency, withIdempotentStatement, type ResponseRecorder, type ResponseSeal, type StoredResponse } from "./idempotency";
import { canonicalJson } from "./canonical-json";
import { readJsonBody } from "./read-json-body";
import { parseOrThrow } from "./validation";

type Context<B, Q> = {
  db: DbOrTx;
  caller: ApiCaller;
  body: B;
  query: Q;
  params: Record<string, string>;
  requestId: string;
  /** Routes with `idempotent: "one-statement"`, when the request has an Idempotency-Key: the statement must store its response with it. */
  recorder?: ResponseRecorder;
};

type Options<BS extends z.ZodType | undefined, QS extends z.ZodType | undefined> = {
  capability: Capability;
  body?: BS;
  query?: QS;
  fieldCodes?: Partial<Record<string, ErrorCode>>;
  /**
   * POSTs that create or change money state honour Idempotency-Key: `true` runs the handler in the
   * idempotency record's transaction; "one-statement" is for a handler whose write is one SQL
   * statement that stores its own response (ctx.recorder; see withIdempotentStatement).
   */
  idempotent?: true | "one-statement";
  /** For idempotent responses that carry a secret: how to store it for replays (encrypted). */
  seal?: ResponseSeal;
};

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * The one wrapper every operator API route goes through: request id, API-key auth scoped to the
 * key's organisation, strict body and query parsing into typed errors with `param`, idempotency,
 * and error responses that never leak internals.
 */
export function apiRoute<BS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined>(
  options: Options<BS, QS>,
  handler: (ctx: Context<Out<BS>, Out<QS>>) => Promise<StoredResponse>,
) {
  return async (req: Request, route: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const requestId = newRequestId();
    try {
      const prisma = await db();
      const caller = await authenticateApiKey(prisma, req.headers.get("authorization"), options.capability);
      const params = await route.params;
      const fieldCodes = options.fieldCodes ?? {};

      const query = options.query ? parseOrThrow(options.query, searchParamsToObject(new URL(req.url).searchParams), fieldCodes) : undefined;
      let body: unknown;
      let bodyValue: unknown;
      if (options.body) {
        bodyValue = (await readJsonBody(req)).value;
        body = parseOrThrow(options.body, bodyValue, fieldCodes);
      }
      const run = (dbOrTx: DbOrTx, recorder?: ResponseRecorder) =>
        handler({ db: dbOrTx, caller, body: body as Out<BS>, query: query as Out<QS>, params, requestId, recorder });

      const idempotencyKey = req.headers.get("idempotency-key");
      if (options.idempotent && idempotencyKey !== null) {
        const key = checkIdempotencyKey(idempotencyKey);
        // The parameters, not the bytes: the same body re-serialised differently is the same request.
        const canonicalBody = options.body ? canonicalJson(bodyValue) : "";
        const requestHash = sha256Hex(`${req.method} ${new URL(req.url).pathname}\n${canonicalBody}`);
        const scope = { organizationId: caller.organizationId, key, requestHash };
        const result =
          options.idempotent === "one-statement"
            ? await withIdempotentStatement(prisma as PrismaClient, scope, (recorder) => run(prisma, recorder), options.seal)
            : await withIdempotency(prisma as PrismaClient, scope, run, options.seal);
        return respond(result, requestId, result.replayed ? { "Idempotent-Replayed": "true" } : {});
      }
      return respond(await run(prisma), requestId);
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}

export function newRequestId() {
  return `req_${randomToken(12)}`;
}

function searchParamsToObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in out) throw new AppError("parameter_invalid", { param: key, message: `${key} was given more than once.` });
    out[key] = value;
  }
  return out;
}

export function respond(result: StoredResponse, requestId: string, headers: Record<string, string> = {}): Response {
  let body = result.body as Record<string, unknown>;
  // Stored refusals are replayed with this request's id, so support can find this request.
  if (body && typeof body === "object" && "error" in body) body = { error: { ...(body.error as object), request_id: requestId } };
  return Response.json(body, { status: result.status, headers: { "Request-Id": requestId, "Cache-Control": "no-store", ...headers } });
}

export function errorResponse(
  err: unknown,
  requestId: string,
  headers: Record<string, string> = {},
  options: { internalMessage?: string } = {},
): Response {
  if (err instanceof AppError) {
    if (err.retryAfterSeconds) headers = { ...headers, "Retry-After": String(err.retryAfterSeconds) };
    return respond(
      { status: err.status, body: { error: { type: err.type, code: err.code, message: err.message, ...(err.param ? { param: err.param } : {}) } } },
      requestId,
      headers,
    );
  }
  // Unexpected: log enough to debug (never the request body or headers, which carry secrets) and
  // answer with nothing internal.
  console.error(`[${requestId}] unhandled error:`, err instanceof Error ? err.stack ?? err.message : err);
  const e = ERROR_CODES.internal_error;
  const message = options.internalMessage ?? e.message;
  return respond({ status: e.status, body: { error: { type: e.type, code: "internal_error", message } } }, requestId);
}
