import type { PrismaClient } from "@/lib/db/generated/client";
import { openTransaction } from "./open-transaction";

/**
 * A deadlock check for code that locks several rows in one transaction (PostgreSQL only: it needs
 * two connections at once). Another transaction locks `ids[0]` of `table`; `action` starts and is
 * left until one of its statements (matching `blockedStatement`) waits on a lock; then the other
 * transaction locks `ids[1]` and commits. Code that locks in the same order simply waits and then
 * completes. Code that took `ids[1]` first is in a cycle with it, and PostgreSQL aborts one of the
 * two with 40P01 after deadlock_timeout; both outcomes are returned settled, for the test to assert.
 */
export async function raceOrderedLocker<T>(
  prisma: PrismaClient,
  lock: { table: string; ids: [string, string]; blockedStatement: string },
  action: () => Promise<T>,
): Promise<{ blocked: boolean; other: PromiseSettledResult<void>; result: PromiseSettledResult<T> }> {
  const lockRow = (tx: Pick<PrismaClient, "$queryRawUnsafe">, id: string) => tx.$queryRawUnsafe(`SELECT id FROM "${lock.table}" WHERE id = $1 FOR UPDATE`, id);
  const other = await openTransaction(prisma, (tx) => lockRow(tx, lock.ids[0]), (tx) => lockRow(tx, lock.ids[1]));
  const result = action();
  const blocked = await waitUntilBlocked(prisma, lock.blockedStatement);
  const [otherOutcome, resultOutcome] = await Promise.allSettled([other.finish(), result]);
  return { blocked, other: otherOutcome, result: resultOutcome };
}

/** Waits (up to 10 s) until a statement containing `statement` waits on a lock in this database; false if none did. */
export async function waitUntilBlocked(prisma: PrismaClient, statement: string): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    const [{ n }] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ${`%${statement}%`}`;
    if (n > 0) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}
