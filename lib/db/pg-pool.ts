import "server-only";
import pg from "pg";

/**
 * The PostgreSQL pool behind Prisma's pg adapter, with an `error` listener on every connection for
 * its whole life. pg-pool listens on a connection only while it is idle, and the adapter only while
 * it holds one for an interactive transaction; in between (a connection handed out by the pool, in
 * the same socket read that brings the server's "terminating connection" — a restart, a failover,
 * pg_terminate_backend) the error had no listener and crashed the process. With this one it is
 * logged; the query or transaction that used the connection fails as usual, the pool drops it, and
 * the leased work is retried (test/integration/webhooks-db-restart.test.ts).
 */
export function createPgPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("connect", (client) => {
    client.on("error", (err) => console.error("database connection lost:", err.message));
  });
  // An idle connection's error is reported on the pool too (and logged by the listener above).
  pool.on("error", () => {});
  return pool;
}
