import type { TestProject } from "vitest/node";
import { buildIfStale } from "../../scripts/lib/build-if-stale.mjs";
import { ADMIN_URL, postgresReachable } from "./backend";

export const TEST_DIST_DIR = ".next-test";

export default async function setup(_project: TestProject) {
  const forced = process.env.PAYOUT_LINKS_TEST_BACKEND;
  const backend = forced === "embedded" || forced === "postgresql" ? forced : (await postgresReachable()) ? "postgresql" : "embedded";
  process.env.PAYOUT_LINKS_TEST_BACKEND = backend;
  const where = new URL(ADMIN_URL).host;
  console.log(
    backend === "postgresql"
      ? `\n▶ Integration tests run on PostgreSQL at ${where} (a fresh database per test file, dropped afterwards).\n`
      : `\n▶ Integration tests run on embedded PGlite: ${forced === "embedded" ? "PAYOUT_LINKS_TEST_BACKEND=embedded" : `no PostgreSQL answered at ${where}`}. ` +
          `PGlite has one connection, so the concurrency tests run serialised there; run them on PostgreSQL for real races.\n`,
  );
  buildIfStale({ distDir: TEST_DIST_DIR });
}
