import "server-only";
import { Prisma, type PrismaClient } from "../db/generated/client";
import { queryRows } from "../db/raw-query";
import type { DbOrTx, Tx } from "../db/transaction";
import { AppError } from "../errors/app-error";

export type StoredResponse = { status: number; body: unknown };

/**
 * How a response is kept for replays when it carries a secret that must not sit in clear in
 * idempotency_records (a webhook signing secret): `seal` runs before it is stored, `open` on replay.
 */
export type ResponseSeal = { seal(body: unknown): unknown; open(body: unknown): unknown };

/** Responses without a secret are stored as they are. */
const AS_IS: ResponseSeal = { seal: (body) => body, open: (body) => body };

// Replays last 24 hours, as Stripe's do; after that a key may be used again.
export const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;

export function checkIdempotencyKey(key: string): string {
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new AppError("idempotency_key_invalid");
  return key;
}

export type IdempotencyScope = { organizationId: string; key: string; requestHash: string };

// How many times a request runs again after losing to one with the same key (a unique violation on
// the key, or a deadlock's victim); each next look finds the winner's response, so a few are
// plenty, and the cap turns a misread error into a 500 instead of a spin.
const MAX_ATTEMPTS = 5;

/**
 * Runs `work` once per (organisation, key). The record is inserted first, inside the same
 * transaction as the work: a concurrent request with the same key blocks on the primary key until
 * this transaction ends, then finds the stored response and replays it. Refusals (AppError) are
 * stored too, since they are what the first request answered, except rate limits (a retry after
 * Retry-After should run); a crash stores nothing, so a retry runs the work again.
 */
export async function withIdempotency(
  prisma: PrismaClient,
  scope: IdempotencyScope,
  work: (tx: Tx) => Promise<StoredResponse>,
  seal: ResponseSeal = AS_IS,
): Promise<StoredResponse & { replayed: boolean }> {
  const { organizationId, key, requestHash } = scope;
  for (let deadlocks = 0; ; ) {
    const outcome = await prisma.$transaction(async (tx) => {
      const { count } = await tx.idempotencyRecord.createMany({
        data: [{ organizationId, key, requestHash, responseStatus: 0, responseBody: {} }],
        skipDuplicates: true,
      });
      // Null (try again) when its transaction rolled back between our insert and read, or it was stale.
      if (count === 0) return storedResponse(tx, scope, seal);
      let response: StoredResponse;
      try {
        response = await work(tx);
      } catch (err) {
        response = storableRefusal(err);
      }
      await tx.idempotencyRecord.update({
        where: { organizationId_key: { organizationId, key } },
        data: { responseStatus: response.status, responseBody: seal.seal(response.body) as object },
      });
      return { ...response, replayed: false };
    }).catch((err: unknown) => {
      // Chosen as a deadlock's victim: everything rolled back, the record included, so run again
      // (PostgreSQL picks a victim precisely so that it can retry). The cycle this can meet is a
      // client's error: one key used at once for a cancel (key, link, balance) and a generate
      // (balance, key); the retry then finds the generate's record and answers 409.
      if (isDeadlock(err) && ++deadlocks < MAX_ATTEMPTS) return null;
      throw err;
    });
    if (outcome) return outcome;
  }
}

/**
 * Lets a write that is one SQL statement store its own response in that statement: `cte(response,
 * gate)` is a CTE inserting the idempotency record with `response` for the row of the statement's
 * CTE named `gate` (at most one row; none when the gate refuses). See withIdempotentStatement.
 */
export type ResponseRecorder = { cte(response: StoredResponse, gate: string): Prisma.Sql };

/**
 * Idempotency for a handler whose write is one SQL statement (generate). withIdempotency's
 * interactive transaction would keep that statement's row locks (the organisation's balance row)
 * until the response is stored and committed, two round trips later, and every other generate of
 * the organisation would queue behind those round trips. Here the statement inserts the record
 * itself, so the write and its stored response commit together, in one statement and no
 * transaction, and the answer is the recorded response by construction. Two requests with one key:
 * the second's insert of the record fails on the primary key, which undoes its whole statement (its
 * hold too), and it replays the first's response. Refusals are stored after the fact, first writer
 * wins; a crash stores nothing, as before.
 */
export async function withIdempotentStatement(
  prisma: PrismaClient,
  scope: IdempotencyScope,
  work: (recorder: ResponseRecorder) => Promise<unknown>,
  seal: ResponseSeal = AS_IS,
): Promise<StoredResponse & { replayed: boolean }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const prior = await storedResponse(prisma, scope, seal);
    if (prior) return prior;
    let recorded: StoredResponse | null = null;
    const recorder: ResponseRecorder = {
      cte(response, gate) {
        recorded = response;
        return Prisma.sql`idempotency_record AS (
          INSERT INTO idempotency_records (organization_id, key, request_hash, response_status, response_body)
          SELECT ${scope.organizationId}, ${scope.key}, ${scope.requestHash}, ${response.status}, ${JSON.stringify(seal.seal(response.body))}::jsonb
          FROM ${Prisma.raw(gate)}
        )`;
      },
    };
    let refusal: StoredResponse;
    try {
      await work(recorder);
      if (!recorded) throw new Error("withIdempotentStatement: the handler's statement did not store its response");
      return { ...(recorded as StoredResponse), replayed: false };
    } catch (err) {
      if (lostToSameKey(err)) continue;
      refusal = storableRefusal(err);
    }
    const { count } = await prisma.idempotencyRecord.createMany({
      data: [{ ...scope, responseStatus: refusal.status, responseBody: seal.seal(refusal.body) as object }],
      skipDuplicates: true,
    });
    if (count === 1) return { ...refusal, replayed: false };
  }
  throw new Error(`withIdempotentStatement: no answer for key ${scope.key} after ${MAX_ATTEMPTS} attempts`);
}

/** The stored response for this key, or null when there is none (or it outlived its retention and was dropped). */
async function storedResponse(db: DbOrTx, scope: IdempotencyScope, seal: ResponseSeal): Promise<(StoredResponse & { replayed: true }) | null> {
  const { organizationId, key, requestHash } = scope;
  // On the request's hot path, so hand-written (lib/db/raw-query.ts).
  const [prior] = await queryRows<{ request_hash: string; response_status: number; response_body: unknown; created_at: Date }>(
    db,
    Prisma.sql`SELECT request_hash, response_status, response_body, created_at FROM idempotency_records WHERE organization_id = ${organizationId} AND key = ${key}`,
  );
  if (!prior) return null;
  if (Date.now() - prior.created_at.getTime() > IDEMPOTENCY_RETENTION_MS) {
    await db.idempotencyRecord.deleteMany({ where: { organizationId, key, createdAt: prior.created_at } });
    return null;
  }
  if (prior.request_hash !== requestHash) throw new AppError("idempotency_key_reused");
  return { status: prior.response_status, body: seal.open(prior.response_body), replayed: true };
}

/**
 * A refusal (AppError) as the response to keep for replays. A refusal about timing (a rate limit,
 * with Retry-After) says nothing about the request: it is rethrown, not stored, so the same key
 * retried after the wait runs the request. Anything else is rethrown too (a crash stores nothing).
 */
function storableRefusal(err: unknown): StoredResponse {
  if (!(err instanceof AppError) || err.retryAfterSeconds) throw err;
  return { status: err.status, body: { error: { type: err.type, code: err.code, message: err.message, ...(err.param ? { param: err.param } : {}) } } };
}

/**
 * The statement lost to a request with the same key: a unique violation on the record's key, or a
 * deadlock (generate takes the balance row before the key; a cancel under the same key, a client
 * error, takes them the other way round). From the pg pool, or through Prisma (P2010 carries the
 * database's code and message).
 */
function lostToSameKey(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (!e || typeof e !== "object") return false;
  if (isDeadlock(e)) return true;
  if (e.code === "23505") return e.constraint === "idempotency_records_pkey";
  const message = e.message ?? "";
  return e.code === "P2010" && message.includes("23505") && message.includes("idempotency_records_pkey");
}

/** A deadlock (40P01), from the pg pool or through Prisma (P2034 from a model query, P2010 from raw SQL). */
function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "40P01" || e.meta?.driverAdapterError?.cause?.originalCode === "40P01") return true;
  return (e.code === "P2010" || e.code === "P2034") && (e.message ?? "").includes("deadlock");
}
