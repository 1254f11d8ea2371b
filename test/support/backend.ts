import pg from "pg";

/** The PostgreSQL server tests create their databases on (these machines run one locally). */
export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export type Backend = "postgresql" | "embedded";

export function testBackend(): Backend {
  const b = process.env.PAYOUT_LINKS_TEST_BACKEND;
  if (b !== "postgresql" && b !== "embedded") throw new Error("global setup did not choose a test backend");
  return b;
}
