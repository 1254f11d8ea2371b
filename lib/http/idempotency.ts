import "server-only";
import type { PrismaClient } from "../db/generated/client";
import type { Tx } from "../db/transaction";
import { AppError } from "../errors/app-error";

export type StoredResponse = { status: number; body: unknown };

/**
 * How a response is kept for replays when it carries a secret that must not sit in clear in
 * idempotency_records (a webhook signing secret): `seal` runs before it is stored, `open` on replay.
 */
export type ResponseSeal = { seal(body: unknown): unknown; open(body: unknown): unknown };

// Replays last 24 hours, as Stripe's do; after that a key may be used again.
export const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;

export function checkIdempotencyKey(key: string): string {
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new AppError("idempotency_key_invalid");
  return key;
}

/**
 * Runs `work` once per (organisation, key). The record is inserted first, inside the same
 * transaction as the work: a concurrent request with the same key blocks on the primary key until
 * this transaction ends, then finds the stored response and replays it. Refusals (AppError) are
 * stored too, since they are what the first request answered, except rate limits (a retry after
 * Retry-After should run); a crash stores nothing, so a retry runs the work again.
 */
export async function withIdempotency(
  prisma: PrismaClient,
  scope: { organizationId: string; key: string; requestHash: string },
  work: (tx: Tx) => Promise<StoredResponse>,
  seal?: ResponseSeal,
): Promise<StoredResponse & { replayed: boolean }> {
  const { organizationId, key, requestHash } = scope;
  for (;;) {
    const outcome = await prisma.$transaction(async (tx) => {
      const { count } = await tx.idempotencyRecord.createMany({
        data: [{ organizationId, key, requestHash, responseStatus: 0, responseBody: {} }],
        skipDuplicates: true,
      });
      if (count === 0) {
        const prior = await tx.idempotencyRecord.findUnique({ where: { organizationId_key: { organizationId, key } } });
        if (!prior) return null; // its transaction rolled back between our insert and read: try again
        if (Date.now() - prior.createdAt.getTime() > IDEMPOTENCY_RETENTION_MS) {
          await tx.idempotencyRecord.delete({ where: { organizationId_key: { organizationId, key } } });
          return null;
        }
        if (prior.requestHash !== requestHash) throw new AppError("idempotency_key_reused");
        return { status: prior.responseStatus, body: seal ? seal.open(prior.responseBody) : prior.responseBody, replayed: true };
      }
      let response: StoredResponse;
      try {
        response = await work(tx);
      } catch (err) {
        // A refusal about timing (a rate limit, with Retry-After) says nothing about the request:
        // it is not stored, so the same key retried after the wait runs the request.
        if (!(err instanceof AppError) || err.retryAfterSeconds) throw err;
        response = { status: err.status, body: { error: { type: err.type, code: err.code, message: err.message, ...(err.param ? { param: err.param } : {}) } } };
      }
      await tx.idempotencyRecord.update({
        where: { organizationId_key: { organizationId, key } },
        data: { responseStatus: response.status, responseBody: (seal ? seal.seal(response.body) : response.body) as object },
      });
      return { ...response, replayed: false };
    });
    if (outcome) return outcome;
  }
}
