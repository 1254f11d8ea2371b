import "server-only";
import type pg from "pg";
import type { Prisma } from "./generated/client";
import type { DbOrTx } from "./transaction";

// The operator API's hot path is two hand-written statements per request: the API key lookup and
// generate's conditional hold. Through Prisma's client engine each costs the app server's one
// JavaScript thread several times what the statement itself costs when handed to the pg pool that
// Prisma already drives (docs/benchmarks.md, "Where the time goes"). So, outside a transaction and
// on PostgreSQL, raw statements go to that pool directly. Inside an interactive transaction (the
// idempotency record's) they must use the transaction's connection, and the embedded database has
// no pool: there they go through Prisma as before. Results are the same either way: pg and Prisma
// both give Date for timestamptz, number for int4, string[] for text[] and objects for jsonb.
// On globalThis, like the client itself (client.ts): Next may evaluate this module in more than one
// bundle, and the bundle that opened the database must share the map with the routes'.
const g = globalThis as { __payoutLinksRawQueryPools?: WeakMap<object, pg.Pool> };
const pools = (g.__payoutLinksRawQueryPools ??= new WeakMap());

/** Called once by openDatabase: raw statements on this client may use its own pool. */
export function sendRawQueriesThroughPool(prisma: object, pool: pg.Pool): void {
  pools.set(prisma, pool);
}

/** Runs a `Prisma.sql` statement and returns its rows. */
export async function queryRows<T>(db: DbOrTx, statement: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (pool) return (await pool.query(statement.text, statement.values)).rows as T[];
  return db.$queryRaw<T[]>(statement);
}
