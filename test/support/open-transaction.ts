import type { PrismaClient } from "@/lib/db/generated/client";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Another request's transaction, held open: runs `first` in a new transaction and resolves once it
 * has, with its locks (and uncommitted rows) still held. `finish()` runs `then`, commits, and
 * resolves or rejects as the transaction does (a deadlock's victim rejects with 40P01).
 * PostgreSQL only in practice: PGlite's one connection would be held.
 */
export async function openTransaction(
  prisma: PrismaClient,
  first: (tx: Tx) => Promise<unknown>,
  then: (tx: Tx) => Promise<unknown> = async () => {},
): Promise<{ finish(): Promise<void> }> {
  let opened!: () => void;
  let failed!: (err: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => ((opened = resolve), (failed = reject)));
  let finishing!: () => void;
  const finishCalled = new Promise<void>((r) => (finishing = r));
  const transaction = prisma.$transaction(
    async (tx) => {
      await first(tx);
      opened();
      await finishCalled;
      await then(tx);
    },
    { timeout: 30_000 },
  );
  transaction.catch(failed); // a failure before `first` completed rejects the opening, not later
  await ready;
  return {
    finish() {
      finishing();
      return transaction;
    },
  };
}
