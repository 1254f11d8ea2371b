// The server Playwright tests run against: the test build (.next-test) on a fresh embedded
// database of its own, so end-to-end runs never touch .data/ or a running `npm start`. Before the
// server starts, e2e/support/seed.ts fills that database with the organisation, API key and links
// in fixed states the specs need, and writes them to test-results/e2e-fixtures.json.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { buildIfStale } from "./lib/build-if-stale.mjs";

const port = process.env.E2E_PORT || "3917";
const appUrl = `http://127.0.0.1:${port}`;
// E2E_DIST_DIR lets a run build somewhere other than the folder integration tests use (while
// they run). Note that `next build` then adds that folder's types to tsconfig.json's "include".
const distDir = process.env.E2E_DIST_DIR || ".next-test";
const fixturesFile = path.resolve(process.env.E2E_FIXTURES || "test-results/e2e-fixtures.json");
// Everything the server prints, for the spec that checks claim tokens never reach the logs.
const serverLog = path.resolve(process.env.E2E_SERVER_LOG || "test-results/e2e-server.log");
const dataDir = mkdtempSync(path.join(tmpdir(), "payout-links-e2e-"));
const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });

// Stale fixtures from an earlier run name links in a database that no longer exists.
rmSync(fixturesFile, { force: true });

const env = {
  ...process.env,
  NEXT_DIST_DIR: distDir,
  DATABASE_URL: "",
  DATA_DIR: dataDir,
  APP_URL: appUrl,
  ENCRYPTION_KEY: randomBytes(32).toString("hex"),
  NEXT_TELEMETRY_DISABLED: "1",
  // Every spec's browser comes from 127.0.0.1: keep the per-IP limits out of the way; the
  // per-token limits keep their defaults and are tested.
  CLAIM_RATE_LIMIT_PER_IP: process.env.CLAIM_RATE_LIMIT_PER_IP || "100000",
  E2E_FIXTURES: fixturesFile,
  // Dashboard sessions: a known secret so the session-expiry spec can age a real session cookie;
  // per-IP sign-in limits out of the way (every spec signs in from 127.0.0.1). Per-email limits
  // count failed attempts only, so the default (10) leaves signIn() in every spec alone.
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  SIGN_IN_RATE_LIMIT_PER_IP: process.env.SIGN_IN_RATE_LIMIT_PER_IP || "100000",
  // The seeded claimed and processing links must stay as they are: no in-process payout worker,
  // unless a second instance is started for the money-movement spec (E2E_PAYOUT_WORKER=on).
  PAYOUT_WORKER: process.env.E2E_PAYOUT_WORKER || "off",
};

try {
  buildIfStale({ distDir });
  const seeded = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "e2e/support/seed.ts"], {
    stdio: "inherit",
    env,
  });
  if (seeded.status !== 0) throw new Error(`seeding the e2e database failed (exit ${seeded.status})`);
} catch (err) {
  cleanUp();
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}

mkdirSync(path.dirname(serverLog), { recursive: true });
const log = createWriteStream(serverLog);
const child = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", port, "-H", "127.0.0.1"], {
  stdio: ["ignore", "pipe", "pipe"],
  env,
});
child.stdout.on("data", (chunk) => (log.write(chunk), process.stdout.write(chunk)));
child.stderr.on("data", (chunk) => (log.write(chunk), process.stderr.write(chunk)));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => {
  cleanUp();
  process.exit(code ?? 0);
});
