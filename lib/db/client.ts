import "server-only";
import path from "node:path";
import { PrismaClient } from "./generated/client";
import { config } from "../config";
import { acquireEmbeddedLock } from "./embedded-lock";
import { applyMigrations } from "./migrate";
import { sendRawQueriesThroughPool } from "./raw-query";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export type Db = PrismaClient;

type Opened = {
  prisma: PrismaClient;
  adapter: SqlMigrationAwareDriverAdapterFactory;
  kind: "postgresql" | "embedded";
  /** Applies committed migrations; returns the names it applied. */
  migrate: () => Promise<string[]>;
  close: () => Promise<void>;
};

// One client per process, kept on globalThis: Next may evaluate this module in more than one bundle
// (instrumentation, route handlers), and the embedded database must be opened once.
const g = globalThis as { __payoutLinksDb?: Promise<Opened> };

const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

export async function openDatabase(options: { databaseUrl?: string; dataDir?: string; command?: string; poolSize?: number } = {}): Promise<Opened> {
  const cfg = config();
  const databaseUrl = options.databaseUrl ?? cfg.DATABASE_URL;
  if (databaseUrl) {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { createPgPool } = await import("./pg-pool");
    // disposeExternalPool: $disconnect ends the pool, as it would end one the adapter made itself.
    const pool = createPgPool({ connectionString: databaseUrl, max: options.poolSize ?? cfg.DATABASE_POOL_SIZE });
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    const prisma = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
    sendRawQueriesThroughPool(prisma, pool);
    // The schema engine takes a session-level advisory lock and leaves it on its connection; on a
    // pooled connection that lives on it would stall every other process's migrations (another
    // worker's, a restarted web process's). Migrate through a one-connection pool that closes its
    // idle connection at once, which ends the session and the lock with it.
    const migrate = () => applyMigrations(new PrismaPg({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 1 }));
    return { prisma, adapter, kind: "postgresql", migrate, close: () => prisma.$disconnect() };
  }
  const dir = path.join(options.dataDir ?? cfg.dataDir, "pglite");
  const release = acquireEmbeddedLock(dir, options.command ?? process.argv.slice(1).join(" "));
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const pglite = new PGlite(dir);
    await pglite.waitReady;
    const adapter = new PrismaPGlite(pglite);
    const prisma = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
    return {
      prisma,
      adapter,
      kind: "embedded",
      migrate: () => applyMigrations(adapter),
      close: async () => {
        await prisma.$disconnect();
        await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** The process-wide database, opened on first use. */
export function database(): Promise<Opened> {
  g.__payoutLinksDb ??= openDatabase().catch((err) => {
    g.__payoutLinksDb = undefined;
    throw err;
  });
  return g.__payoutLinksDb;
}

export async function db(): Promise<PrismaClient> {
  return (await database()).prisma;
}
