import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrate";
import { ADMIN_URL, testBackend } from "./backend";

export type TestDatabase = {
  prisma: PrismaClient;
  kind: "postgresql" | "embedded";
  /** Environment a server process needs to open this same database. */
  serverEnv: Record<string, string>;
  /** Embedded only: lets another process (a test server) open the directory. */
  release(): Promise<void>;
  destroy(): Promise<void>;
};

/** A migrated database of the test's own: on PostgreSQL a new database, else a PGlite directory. */
export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (testBackend() === "postgresql") {
    const name = `payout_links_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const opened = await openDatabase({ databaseUrl: url.toString(), poolSize: options.poolSize ?? 60 });
    await applyMigrations(opened.adapter);
    return {
      prisma: opened.prisma,
      kind: "postgresql",
      serverEnv: { DATABASE_URL: url.toString() },
      release: async () => {},
      destroy: async () => {
        await opened.close();
        const a = new pg.Client({ connectionString: ADMIN_URL });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "payout-links-test-"));
  const opened = await openDatabase({ dataDir, command: "vitest" });
  await applyMigrations(opened.adapter);
  let open = true;
  return {
    prisma: opened.prisma,
    kind: "embedded",
    serverEnv: { DATA_DIR: dataDir },
    release: async () => {
      if (open) await opened.close();
      open = false;
    },
    destroy: async () => {
      if (open) await opened.close();
      open = false;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
