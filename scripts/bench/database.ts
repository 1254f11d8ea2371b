// A throwaway PostgreSQL database for one benchmark run: created, migrated with the project's own
// runner, seeded through the same lib functions the app uses, and dropped at the end.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createApiKey } from "@/lib/auth/api-keys";
import { createOrganization } from "@/lib/auth/organizations";
import { openDatabase } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrate";
import { deposit } from "@/lib/ledger/entries";

export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type BenchDatabase = {
  name: string;
  url: string;
  prisma: PrismaClient;
  close(): Promise<void>;
};

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function serverVersion(): Promise<string> {
  return admin(async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);
}

export function newBenchDatabaseName(): string {
  return `payout_links_bench_${randomBytes(5).toString("hex")}`;
}

export async function createBenchDatabase(name = newBenchDatabaseName()): Promise<BenchDatabase> {
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  await applyMigrations(opened.adapter);
  return { name, url: url.toString(), prisma: opened.prisma, close: opened.close };
}

export async function dropBenchDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export type BenchOrg = { organizationId: string; fundingAccountId: string; apiKey: string; apiKeyId: string };

/** Big enough that no generate in a run is refused for the cap or the balance. */
export const BENCH_DEPOSIT = 1_000_000_000_000;
export const BENCH_MAX_LINK_AMOUNT = 1_000_000_000;

/** Same steps as test/support/fixtures.ts createFundedOrg: org + default account, deposit, treasury key. */
export async function createFundedOrg(prisma: PrismaClient, name: string): Promise<BenchOrg> {
  const { organization, fundingAccount } = await createOrganization(prisma, { name, maxLinkAmount: BENCH_MAX_LINK_AMOUNT });
  await deposit(prisma, { fundingAccountId: fundingAccount.id, amount: BENCH_DEPOSIT, description: "bench deposit" });
  const { apiKey, secret } = await createApiKey(prisma, { organizationId: organization.id, name: "bench key", capabilities: ["treasury"] });
  return { organizationId: organization.id, fundingAccountId: fundingAccount.id, apiKey: secret, apiKeyId: apiKey.id };
}
