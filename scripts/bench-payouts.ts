// `npm run bench:payouts`: payouts settled per second through `scripts/worker.ts` processes on
// PostgreSQL (sandbox rail, zero settlement delay), and the time from a claim's submit to its
// `settlement.created` webhook received, through the production build. Not part of the tests: the
// house rule is that speed is measured here, with figures, never asserted in a test.
//
//   npm run bench:payouts -- [--payouts 1000] [--workers 1,3] [--links 100] [--concurrency 2] [--short-poll 50]
//
// Run with `tsx --conditions=react-server` so `server-only` imports are no-ops outside Next.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildIfStale } from "./lib/build-if-stale.mjs";
import { ADMIN_URL, createBenchDatabase, dropBenchDatabase, newBenchDatabaseName, serverVersion, type BenchDatabase } from "./bench/database";
import { startJanitor } from "./bench/janitor-client";
import { runLatencyPhase, type LatencyResult, type Stats } from "./bench/payout-latency";
import { runThroughputPhase, type ThroughputResult } from "./bench/payout-throughput";
import { DIST_DIR } from "./bench/server";
import { cleanupOnExit } from "./bench/cleanup";

const APP_DEFAULT_POLL_MS = 1_000; // PAYOUT_POLL_INTERVAL_MS and WEBHOOK_POLL_INTERVAL_MS (lib/config.ts)
const APP_DEFAULT_BATCH = 50; // PAYOUT_BATCH_SIZE

const { values: args } = parseArgs({
  options: {
    payouts: { type: "string", default: "1000" },
    workers: { type: "string", default: "1,3" },
    orgs: { type: "string", default: "1" },
    "batch-size": { type: "string", default: String(APP_DEFAULT_BATCH) },
    "poll-interval": { type: "string", default: String(APP_DEFAULT_POLL_MS) },
    links: { type: "string", default: "100" },
    concurrency: { type: "string", default: "2" },
    "short-poll": { type: "string", default: "50" },
    "skip-throughput": { type: "boolean", default: false },
    "skip-latency": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (args.help) {
  console.log(`npm run bench:payouts -- [options]
 Throughput (scripts/worker.ts processes, sandbox rail, SANDBOX_SETTLEMENT_DELAY_MS=0):
  --payouts N         claimed links with queued payouts seeded per run (default 1000)
  --workers LIST      worker process counts, one run each (default 1,3)
  --orgs K            spread the payouts over K organisations, i.e. K funding-account rows (default 1:
                      every settle then locks the same balance row)
  --batch-size N      the workers' PAYOUT_BATCH_SIZE (default ${APP_DEFAULT_BATCH}, the app's default)
  --poll-interval MS  the workers' PAYOUT_POLL_INTERVAL_MS (default ${APP_DEFAULT_POLL_MS}, the app's default)
 Latency (next start with RUN_WORKER_IN_WEB=true; submit → settlement.created received):
  --links M           claims measured per run (default 100), after 3 uncounted; the sandbox bank
                      allows about 150 claims a minute from one address, so keep M × runs modest
  --concurrency C     claims in flight at once (default 2)
  --short-poll MS     the second run's PAYOUT_POLL_INTERVAL_MS and WEBHOOK_POLL_INTERVAL_MS (default 50;
                      the first run uses the app's defaults, ${APP_DEFAULT_POLL_MS} ms)
  --skip-throughput, --skip-latency
env: BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres; needs CREATEDB)`);
  process.exit(0);
}

const payouts = Number(args.payouts);
const workerCounts = args.workers.split(",").map((s) => Number(s.trim()));
const orgs = Number(args.orgs);
const batchSize = Number(args["batch-size"]);
const pollInterval = Number(args["poll-interval"]);
const links = Number(args.links);
const concurrency = Number(args.concurrency);
const shortPoll = Number(args["short-poll"]);
const positiveInts = [payouts, orgs, batchSize, pollInterval, links, concurrency, shortPoll, ...workerCounts];
if (!positiveInts.every((n) => Number.isInteger(n) && n > 0) || batchSize > 1000) {
  console.error("bench:payouts: --payouts, --workers, --orgs, --batch-size (≤ 1000), --poll-interval, --links, --concurrency and --short-poll take positive integers");
  process.exit(2);
}

// The seed encrypts account numbers with this key and the worker processes decrypt them with it.
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
// Processes on PostgreSQL need a session secret shared by their processes (lib/operators/auth-secret.ts).
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.NEXT_TELEMETRY_DISABLED = "1";

const cleanups = cleanupOnExit("bench:payouts");
const cleanup = cleanups.run;

const log = (line: string) => console.log(line);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");
const loadAverage = () => os.loadavg().map((x) => Math.round(x * 100) / 100);
const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(" / ");

async function main(): Promise<number> {
  const startedAt = new Date();
  const cores = os.cpus().length;
  const loadAtStart = loadAverage();
  log(`Payout Links payout benchmark — ${startedAt.toISOString()}`);
  log(
    `  machine: ${cores} cores (${os.cpus()[0]?.model.trim() ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `load average at start ${la(loadAtStart)} (1 / 5 / 15 min)`,
  );
  log("  this script, the app server, the worker processes and PostgreSQL all share these cores");
  const pgVersion = await serverVersion().catch((err) => {
    throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL.replace(/\/\/[^@]*@/, "//…@")}: ${err.message}. Set BENCH_POSTGRES_URL.`);
  });
  log(`  PostgreSQL ${pgVersion}`);

  if (!args["skip-latency"]) buildIfStale({ distDir: DIST_DIR, log });

  const janitor = startJanitor();
  cleanups.push(() => janitor.dismiss()); // runs last: the steps before it did the cleaning
  const dbName = newBenchDatabaseName();
  janitor.tell({ adminUrl: ADMIN_URL, database: dbName });
  log("Creating the bench database…");
  const db: BenchDatabase = await createBenchDatabase(dbName);
  cleanups.push(async () => {
    await db.close().catch(() => {});
    await dropBenchDatabase(db.name);
    log(`Dropped database ${db.name}.`);
  });
  log(`  ${db.name} (migrated)`);

  const hooks = { shouldStop: () => cleanups.aborting, log, loadAverage };
  const throughput: ThroughputResult[] = [];
  if (!args["skip-throughput"]) {
    const workerEnv = {
      PAYOUT_RAIL: "sandbox",
      SANDBOX_SETTLEMENT_DELAY_MS: "0",
      PAYOUT_WORKER: "on",
      PAYOUT_BATCH_SIZE: String(batchSize),
      PAYOUT_POLL_INTERVAL_MS: String(pollInterval),
      SWEEP_INTERVAL_MS: "3600000", // no expiry sweeps in the window: nothing here expires
    };
    for (const w of workerCounts) {
      log(`Throughput: ${payouts} payouts over ${orgs} organisation(s), ${w} worker process(es), PAYOUT_BATCH_SIZE=${batchSize}, PAYOUT_POLL_INTERVAL_MS=${pollInterval}…`);
      const r = await runThroughputPhase(db, { payouts, workers: w, orgs, amount: 1_000, workerEnv, timeoutMs: Math.max(120_000, payouts * 100) }, {
        ...hooks,
        onWorkers: (pids) => janitor.tell({ workerPids: pids }),
      });
      throughput.push(r);
      const c = r.cpu;
      log(
        `  ${fmt(r.perSecond)} payouts/s (${r.payouts} in ${fmt(r.seconds, 2)} s from the seed's commit; first settled after ${r.firstSettledAfterMs} ms; ` +
          `steady ${fmt(r.steadyPerSecond)}/s); load average ${la(r.loadAverageAtStart)}`,
      );
      if (c.machineBusy !== null) {
        log(`  cpu (cores of ${c.cores}): machine ${c.machineBusy}, workers ${c.workers}, postgres ${c.postgres}, this script ${c.loadGenerator}, other processes ${c.other}`);
      }
      for (const k of r.checks) log(`  ${k.pass ? "PASS" : "FAIL"}  ${k.what}: ${k.value}`);
    }
  }

  const latency: LatencyResult[] = [];
  if (!args["skip-latency"]) {
    for (const poll of [APP_DEFAULT_POLL_MS, shortPoll]) {
      log(`Latency: ${links} claims at concurrency ${concurrency}, PAYOUT_POLL_INTERVAL_MS=${poll}, WEBHOOK_POLL_INTERVAL_MS=${poll}…`);
      const r = await runLatencyPhase(db, { links, concurrency, amount: 1_000, payoutPollMs: poll, webhookPollMs: poll, warmup: 3 }, {
        ...hooks,
        onServer: (pid) => janitor.tell({ serverPid: pid }),
      });
      latency.push(r);
      log(
        `  submit → settlement.created: p50 ${fmt(r.endToEnd.p50)} ms, p95 ${fmt(r.endToEnd.p95)} ms, p99 ${fmt(r.endToEnd.p99)} ms, max ${fmt(r.endToEnd.max)} ms ` +
          `(${r.endToEnd.n} of ${links}); load average ${la(r.loadAverageAtStart)}`,
      );
    }
  }

  const statsCols = (s: Stats) => [fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max)];
  /** Text columns (the first `leftAligned`) padded right, figures padded left. */
  const table = (head: string[], rows: string[][], leftAligned = 1) => {
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cols: string[]) => cols.map((c, i) => (i < leftAligned ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    log(line(head));
    for (const r of rows) log(line(r));
  };
  log("");
  log(`Results — ${cores} cores shared by this script, the server/workers and PostgreSQL; load average at start ${la(loadAtStart)}`);
  if (throughput.length) {
    log("");
    log(`Throughput: sandbox rail, zero delay, PAYOUT_BATCH_SIZE=${batchSize}, PAYOUT_POLL_INTERVAL_MS=${pollInterval}, ${orgs} organisation(s)`);
    table(
      ["workers", "payouts", "seconds", "payouts/s", "steady/s", "workers cpu", "pg cpu", "other cpu", "worker ms/payout", "pg ms/payout", "load avg (1m)", "exactly once + ledger"],
      throughput.map((r) => [
        String(r.workers),
        String(r.payouts),
        fmt(r.seconds, 2),
        fmt(r.perSecond),
        fmt(r.steadyPerSecond),
        String(r.cpu.workers ?? "—"),
        String(r.cpu.postgres ?? "—"),
        String(r.cpu.other ?? "—"),
        // CPU time per payout: the cost apart from how much of the machine others left us.
        r.cpuMsPerPayout.workers === null ? "—" : fmt(r.cpuMsPerPayout.workers, 2),
        r.cpuMsPerPayout.postgres === null ? "—" : fmt(r.cpuMsPerPayout.postgres, 2),
        r.loadAverageAtStart[0].toFixed(2),
        r.checks.every((k) => k.pass) ? "PASS" : "FAIL",
      ]),
    );
  }
  if (latency.length) {
    log("");
    log(`Latency, ms: ${links} claims at concurrency ${concurrency}, app server with the worker in-process (RUN_WORKER_IN_WEB=true), sandbox rail at zero delay`);
    table(
      ["poll intervals (payout / webhook)", "what", "n", "p50", "p95", "p99", "max", "load avg (1m)"],
      latency.flatMap((r) => {
        const polls = `${r.settings.payoutPollMs} / ${r.settings.webhookPollMs} ms`;
        const la1 = r.loadAverageAtStart[0].toFixed(2);
        return [
          [polls, "submit → settlement.created received", String(r.endToEnd.n), ...statsCols(r.endToEnd), la1],
          ["", "  submit → payout settled (worker)", String(r.toSettled.n), ...statsCols(r.toSettled), ""],
          ["", "  settled → received (deliverer)", String(r.settledToReceived.n), ...statsCols(r.settledToReceived), ""],
          ["", "  submit request itself", String(r.submitResponse.n), ...statsCols(r.submitResponse), ""],
        ];
      }),
      2,
    );
    for (const r of latency) {
      const s = r.received;
      log(`  ${r.settings.payoutPollMs} ms run: ${s.verified} deliveries verified, ${s.rejected} rejected, ${s.duplicates} duplicates, ${r.missing} missing`);
    }
  }

  const failedChecks = throughput.flatMap((r) => r.checks.filter((k) => !k.pass).map((k) => `${r.workers} worker(s): ${k.what}: ${k.value}`));
  const latencyProblems = latency.filter((r) => r.missing > 0 || r.received.rejected > 0).map((r) => `${r.settings.payoutPollMs} ms run: ${r.missing} missing, ${r.received.rejected} rejected`);

  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  mkdirSync("bench-results", { recursive: true });
  const file = path.join("bench-results", `bench-payouts-${stamp}.json`);
  const machine = { cores, cpu: os.cpus()[0]?.model.trim(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverageAtStart: loadAtStart, shared: true };
  writeFileSync(file, JSON.stringify({ startedAt: startedAt.toISOString(), machine, postgres: pgVersion, settings: { payouts, orgs, workerCounts, batchSize, pollInterval, links, concurrency, shortPoll }, throughput, latency }, null, 2) + "\n");
  log("");
  log(`Wrote ${file}`);

  if (failedChecks.length || latencyProblems.length) {
    console.error(`bench:payouts: FAILED\n  ${[...failedChecks, ...latencyProblems].join("\n  ")}`);
    return 1;
  }
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  if (!cleanups.aborting) console.error("bench:payouts: failed:", err instanceof Error ? (err.stack ?? err.message) : err);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
