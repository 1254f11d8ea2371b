import type { Prisma, PrismaClient } from "./generated/client";

export type Tx = Prisma.TransactionClient;
/** A client or an open interactive transaction: lib functions accept either. */
export type DbOrTx = PrismaClient | Tx;

/**
 * Runs `fn` in a transaction, or inside the caller's transaction when it already has one, so a
 * lib function composes with the HTTP layer's idempotency record in one atomic unit.
 */
export function inTransaction<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // A transaction client lacks $connect (Prisma's deny list); it has $transaction (nested
  // savepoints), which the embedded adapter does not support, so never nest.
  if ("$connect" in db) return (db as PrismaClient).$transaction(fn);
  return fn(db);
}
