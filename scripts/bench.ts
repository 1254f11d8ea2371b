// `npm run bench`: throughput and latency of POST /treasury/payout-link/generate on PostgreSQL,
// against the same transaction sent straight to PostgreSQL with a bare `pg` pool in the same run,
// plus the page weight of / and /api/openapi.json. Not part of the test command.
//
//   npm run bench -- [--duration 15] [--warmup 10] [--concurrency 16] [--breakdown] [--profile] [--strict]
//
// Run with `tsx --conditions=react-server` so `server-only` imports are no-ops outside Next.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { DEFAULT_DATABASE_POOL_SIZE } from "@/lib/config";
import { newId } from "@/lib/ids";
import { buildIfStale } from "./lib/build-if-stale.mjs";
import {
  createBenchDatabase,
  createFundedOrg,
  dropBenchDatabase,
  newBenchDatabaseName,
  serverVersion,
  ADMIN_URL,
  type BenchDatabase,
  type BenchOrg,
} from "./bench/database";
import { directGenerate, GENERATE_ONE_STATEMENT, newClaimToken } from "./bench/direct-sql";
import { generateOp, keepAliveAgent, request } from "./bench/http-client";
import { runClosedLoop, type OpResult, type PhaseResult } from "./bench/load";
import { pageWeights, type Weight } from "./bench/page-weight";
import { summarizeProfile } from "./bench/profile-summary";
import { DIST_DIR, startServer, type BenchServer } from "./bench/server";
import { cleanupOnExit } from "./bench/cleanup";

const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;
const MAX_ERROR_RATE = 0.001;
const AMOUNT = 100;

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "15" },
    // A fresh Node process runs its first seconds unoptimised: at 16 connections the app server did
    // 234 generates in its first second and reached its steady rate only after about 8 s
    // (docs/benchmarks.md). The figures are for a warm server, which is what a long-running one is;
    // the warm-up's own rate is printed too.
    warmup: { type: "string", default: "10" },
    concurrency: { type: "string", default: "16" },
    breakdown: { type: "boolean", default: false },
    strict: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    "idempotency-keys": { type: "boolean", default: false },
    "web-concurrency": { type: "string", default: process.env.WEB_CONCURRENCY ?? "1" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (args.help) {
  console.log(`npm run bench -- [options]
  --duration S      measured seconds per phase (default 15, at least 15 for a reportable run)
  --warmup S        uncounted warm-up seconds before each phase (default 10: the app server's JIT
                    needs about 8 s to reach its steady rate; the warm-up's rate is printed too)
  --concurrency N   closed-loop workers / connections (default 16)
  --breakdown       also run diagnostic phases: direct SQL through a pool the app server's size;
                    the lib called in-process (Prisma, no HTTP), as is
                    and with the write as one statement (CTE) through Prisma; direct
                    SQL with the balance UPDATE moved last, and as one statement (CTE); the API
                    with an Idempotency-Key on every request (as the SDK sends); API and
                    direct SQL with one organisation per worker (no shared balance row)
  --profile         write a V8 CPU profile of the app server to bench-results/ and print where
                    its CPU time went (profiling slows the server: don't quote those figures)
  --idempotency-keys  the main API phase sends a fresh Idempotency-Key on every request, as the
                    SDK does (with --profile: where that path's time goes)
  --web-concurrency N  app server processes (default WEB_CONCURRENCY or 1), as npm start runs them
  --strict          exit 1 when a target is missed (errors above 0.1% always exit 1)
env: BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
     DATABASE_POOL_SIZE (passed to the app server; the app's default is 2 × cores + 1 up to 10, here ${DEFAULT_DATABASE_POOL_SIZE})`);
  process.exit(0);
}

const durationS = Number(args.duration);
const warmupS = Number(args.warmup);
const concurrency = Number(args.concurrency);
const webConcurrency = Number(args["web-concurrency"]);
// The app server's pool size (passed on in its environment), for the baselines that mirror it.
const appPoolSize = Number(process.env.DATABASE_POOL_SIZE ?? DEFAULT_DATABASE_POOL_SIZE);
if (!(durationS > 0) || !(warmupS >= 0) || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error("bench: --duration and --warmup must be positive numbers, --concurrency a positive integer");
  process.exit(2);
}

// The lib code run in this process (seeding, --breakdown) reads its configuration from here.
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
// Servers on PostgreSQL need a session secret shared by their processes (lib/operators/auth-secret.ts).
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.NEXT_TELEMETRY_DISABLED = "1";

const cleanups = cleanupOnExit("bench");
const cleanup = cleanups.run;

/** A detached helper that drops the database and stops the server if this process is killed. */
function startJanitor() {
  const child = spawn(process.execPath, [fileURLToPath(new URL("./bench/janitor.mjs", import.meta.url))], {
    detached: true,
    stdio: ["ignore", "ignore", "ignore", "ipc"],
  });
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  return {
    tell(state: Record<string, unknown>) {
      if (child.connected) child.send(state);
    },
    dismiss(): Promise<void> {
      if (!child.connected) return Promise.resolve();
      return new Promise((resolve) => child.send({ done: true }, () => resolve()));
    },
  };
}

const log = (line: string) => console.log(line);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");
const kb = (n: number | null) => (n === null ? "—" : n < 10_240 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`);

async function checkpoint(url: string) {
  // Each phase starts with clean shared buffers' worth of dirty pages, not the previous phase's.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("CHECKPOINT");
  } catch {
    // not a superuser: fine, just less even
  } finally {
    await c.end();
  }
}

async function settle(url: string) {
  await checkpoint(url);
  await new Promise((r) => setTimeout(r, 1000));
}

function phaseOptions(name: string, op: (w: number) => Promise<OpResult>, serverPid?: number) {
  return { name, concurrency, warmupMs: warmupS * 1000, durationMs: durationS * 1000, op, serverPid, shouldStop: () => cleanups.aborting };
}

function describePhase(r: PhaseResult) {
  const c = r.cpu;
  const cpu =
    c.machineBusy === null
      ? ""
      : `  cpu (cores of ${c.cores}): machine ${c.machineBusy}, app server ${c.server}, postgres ${c.postgres}, load generator ${c.loadGenerator}, other processes ${c.other}` +
        (c.other !== null && c.other > 0.2 ? "  ← other work on this machine disturbed this phase" : "");
  if (r.warmupMs > 0) log(`  warm-up: ${r.warmupCompleted} ok in ${r.warmupMs / 1000} s → ${fmt(r.warmupCompleted / (r.warmupMs / 1000))} req/s (not counted)`);
  log(
    `  ${r.name}: ${r.completed} ok in ${r.windowMs / 1000} s → ${fmt(r.requestsPerSecond)} req/s; p50 ${fmt(r.latencyMs.p50, 2)} ms, p95 ${fmt(r.latencyMs.p95, 2)} ms, p99 ${fmt(r.latencyMs.p99, 2)} ms, max ${fmt(r.latencyMs.max, 2)} ms; errors ${r.errors}`,
  );
  if (cpu) log(cpu);
  for (const e of r.errorSamples) log(`    error: ${e}`);
}

async function linkCount(url: string, organizationId: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM payout_links WHERE organization_id = $1`, [organizationId]);
    return Number(rows[0].n);
  } finally {
    await c.end();
  }
}

async function ledgerBalanced(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ bad: string }>(`
      SELECT count(*) AS bad FROM funding_accounts fa
      WHERE fa.available + fa.held <> (SELECT coalesce(sum(amount), 0) FROM ledger_entries le WHERE le.funding_account_id = fa.id AND le.kind = 'deposit')
         OR fa.held <> (SELECT coalesce(sum(amount), 0) FROM ledger_entries le WHERE le.funding_account_id = fa.id AND le.kind = 'hold')
         OR (SELECT count(*) FROM ledger_entries le WHERE le.funding_account_id = fa.id AND le.kind = 'hold')
            <> (SELECT count(*) FROM payout_links pl WHERE pl.funding_account_id = fa.id)`);
    return Number(rows[0].bad) === 0;
  } finally {
    await c.end();
  }
}

async function main() {
  const startedAt = new Date();
  const cores = os.cpus().length;
  log(`Payout Links benchmark — ${startedAt.toISOString()}`);
  log(
    `  machine: ${cores} cores (${os.cpus()[0]?.model.trim() ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `the load generator, the app server and PostgreSQL share these cores`,
  );
  const pgVersion = await serverVersion().catch((err) => {
    throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL.replace(/\/\/[^@]*@/, "//…@")}: ${err.message}. Set BENCH_POSTGRES_URL.`);
  });
  log(`  PostgreSQL ${pgVersion}; ${concurrency} connections, ${warmupS} s warm-up + ${durationS} s measured per phase`);
  if (durationS < 15) log(`  note: --duration ${durationS} is below the 15 s the issue asks for; fine for a smoke run, not for figures`);

  buildIfStale({ distDir: DIST_DIR, log });

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

  const apiOrg = await createFundedOrg(db.prisma, "Bench API org");
  const directOrg = await createFundedOrg(db.prisma, "Bench direct-SQL org");
  const spreadOrgs: { api: BenchOrg[]; direct: BenchOrg[] } = { api: [], direct: [] };
  let libOrg: BenchOrg | null = null;
  let holdLastOrg: BenchOrg | null = null;
  let oneStatementOrg: BenchOrg | null = null;
  let libCteOrg: BenchOrg | null = null;
  let smallPoolOrg: BenchOrg | null = null;
  let idempotentOrg: BenchOrg | null = null;
  if (args.breakdown) {
    libOrg = await createFundedOrg(db.prisma, "Bench lib org");
    holdLastOrg = await createFundedOrg(db.prisma, "Bench hold-last org");
    oneStatementOrg = await createFundedOrg(db.prisma, "Bench one-statement org");
    libCteOrg = await createFundedOrg(db.prisma, "Bench lib one-statement org");
    smallPoolOrg = await createFundedOrg(db.prisma, "Bench small-pool org");
    idempotentOrg = await createFundedOrg(db.prisma, "Bench Idempotency-Key org");
    for (let i = 0; i < concurrency; i++) {
      spreadOrgs.api.push(await createFundedOrg(db.prisma, `Bench API org ${i}`));
      spreadOrgs.direct.push(await createFundedOrg(db.prisma, `Bench direct org ${i}`));
    }
  }
  await db.close();

  log("Starting the app server (next start, NODE_ENV=production)…");
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const profileDir = path.resolve("bench-results", `profile-${stamp}`);
  if (args.profile) mkdirSync(profileDir, { recursive: true });
  const server: BenchServer = await startServer(db.url, {
    nodeArgs: args.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    onSpawn: (pid) => janitor.tell({ serverPid: pid }),
    webConcurrency,
  });
  cleanups.push(() => server.stop());
  const poolSize = process.env.DATABASE_POOL_SIZE ? appPoolSize : `${appPoolSize} (default: 2 × cores + 1, at most 10)`;
  log(`  ${server.baseUrl} (pid ${server.pid}), WEB_CONCURRENCY=${webConcurrency}, DATABASE_POOL_SIZE=${poolSize}`);

  // One request before the clock: it must be a real 201 with a link, or there is nothing to measure.
  {
    const agent = keepAliveAgent(1);
    const res = await request(agent, new URL("/treasury/payout-link/generate", server.baseUrl), {
      method: "POST",
      headers: { authorization: `Bearer ${apiOrg.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ amount: AMOUNT, currency: "USD", description: "bench smoke" }),
    });
    agent.destroy();
    const data = res.status === 201 ? (JSON.parse(res.body.toString("utf8")).data as { url?: string; status?: string }) : null;
    if (!data?.url || data.status !== "pending") throw new Error(`the smoke generate failed: HTTP ${res.status} ${res.body.toString("utf8").slice(0, 500)}\n${server.logs()}`);
  }

  log("Page weight…");
  const weights: Weight[] = await pageWeights(server.baseUrl, ["/", "/api/openapi.json"]);

  const run = async (p: Parameters<typeof runClosedLoop>[0]) => {
    await settle(db.url);
    log(`Running ${p.name}…`);
    const r = await runClosedLoop(p);
    if (cleanups.aborting) throw new Error("aborted");
    describePhase(r);
    return r;
  };

  // Direct first: the API then meets slightly bigger tables, which errs against the API.
  const direct = directGenerate({ databaseUrl: db.url, poolSize: concurrency, apiKey: directOrg.apiKey, amount: AMOUNT });
  cleanups.push(() => direct.close());
  const directResult = await run(phaseOptions("direct SQL (pg pool)", () => direct.op()));
  await direct.close();

  const agent = keepAliveAgent(concurrency);
  cleanups.push(async () => agent.destroy());
  const apiOp = generateOp(agent, server.baseUrl, apiOrg.apiKey, AMOUNT, { idempotencyKeys: args["idempotency-keys"] });
  const apiName = `API (POST /treasury/payout-link/generate${args["idempotency-keys"] ? ", Idempotency-Key" : ""})`;
  const apiResult = await run(phaseOptions(apiName, () => apiOp(), server.pid));

  const breakdown: Record<string, PhaseResult> = {};
  if (args.breakdown) {
    // The lib in this process through Prisma, no HTTP and no Next: separates Prisma's cost from the server's.
    const { openDatabase } = await import("@/lib/db/client");
    const { authenticateApiKey } = await import("@/lib/auth/api-keys");
    const { generatePayoutLink } = await import("@/lib/payout-links/generate-payout-link");
    const opened = await openDatabase({ databaseUrl: db.url, poolSize: appPoolSize });
    cleanups.push(() => opened.close());
    const authz = `Bearer ${libOrg!.apiKey}`;
    const libOp = async (): Promise<OpResult> => {
      const caller = await authenticateApiKey(opened.prisma, authz, "treasury");
      await generatePayoutLink(opened.prisma, { organizationId: caller.organizationId, actor: `api_key:${caller.apiKeyId}` }, {
        amount: AMOUNT,
        currency: "USD",
        description: "bench",
      } as Parameters<typeof generatePayoutLink>[2]);
      return { ok: true };
    };
    breakdown.lib = await run(phaseOptions("lib in-process (Prisma, no HTTP)", libOp));

    // The same, with the transaction replaced by the one-statement CTE sent through Prisma: what
    // that change would be worth with Prisma still in the path.
    const libCteAuthz = `Bearer ${libCteOrg!.apiKey}`;
    const key = randomBytes(32);
    const libCteOp = async (): Promise<OpResult> => {
      const caller = await authenticateApiKey(opened.prisma, libCteAuthz, "treasury");
      const org = await opened.prisma.organization.findUniqueOrThrow({ where: { id: caller.organizationId } });
      const id = newId();
      const { tokenHash, tokenCiphertext } = newClaimToken(key);
      const now = new Date();
      const rows = await opened.prisma.$queryRawUnsafe<unknown[]>(
        GENERATE_ONE_STATEMENT,
        AMOUNT,
        caller.organizationId,
        id,
        now,
        tokenHash,
        tokenCiphertext,
        "bench",
        new Date(now.getTime() + org.defaultLinkTtlSeconds * 1000),
        `api_key:${caller.apiKeyId}`,
        JSON.stringify({ amount: AMOUNT }),
      );
      return rows.length === 1 ? { ok: true } : { ok: false, detail: "insufficient_funds" };
    };
    breakdown.libOneStatement = await run(phaseOptions("lib in-process, one statement via Prisma", libCteOp));
    await opened.close();

    const directSpread = spreadOrgs.direct.map((o) => directGenerate({ databaseUrl: db.url, poolSize: 1, apiKey: o.apiKey, amount: AMOUNT }));
    for (const d of directSpread) cleanups.push(() => d.close());
    breakdown.directSpread = await run(phaseOptions("direct SQL, one org per worker", (w) => directSpread[w].op()));
    await Promise.all(directSpread.map((d) => d.close()));

    // The baseline through as few connections as the app server uses: what pooling alone is worth
    // to the database side, so the main ratio (16 connections, as the issue sets it) can be read fairly.
    const smallPool = directGenerate({ databaseUrl: db.url, poolSize: appPoolSize, apiKey: smallPoolOrg!.apiKey, amount: AMOUNT });
    cleanups.push(() => smallPool.close());
    breakdown.directAppPool = await run(phaseOptions(`direct SQL, pool of ${appPoolSize} (the app server's)`, () => smallPool.op()));
    await smallPool.close();

    const holdLast = directGenerate({ databaseUrl: db.url, poolSize: concurrency, apiKey: holdLastOrg!.apiKey, amount: AMOUNT, variant: "hold-last" });
    cleanups.push(() => holdLast.close());
    breakdown.directHoldLast = await run(phaseOptions("direct SQL, balance UPDATE last", () => holdLast.op()));
    await holdLast.close();

    const oneStatement = directGenerate({ databaseUrl: db.url, poolSize: concurrency, apiKey: oneStatementOrg!.apiKey, amount: AMOUNT, variant: "one-statement" });
    cleanups.push(() => oneStatement.close());
    breakdown.directOneStatement = await run(phaseOptions("direct SQL, one statement (CTE)", () => oneStatement.op()));
    await oneStatement.close();

    // Next's own floor: a route that answers 401 before touching the database.
    const floorUrl = new URL("/treasury/payout-link/generate", server.baseUrl);
    const floorBody = JSON.stringify({ amount: AMOUNT, currency: "USD", description: "bench" });
    const floorOp = async (): Promise<OpResult> => {
      const res = await request(agent, floorUrl, { method: "POST", headers: { "content-type": "application/json" }, body: floorBody });
      return res.status === 401 ? { ok: true } : { ok: false, detail: `HTTP ${res.status}` };
    };
    breakdown.apiFloor = await run(phaseOptions("API floor: 401 before any query", floorOp, server.pid));

    // What SDK users get: the SDK sends an Idempotency-Key on every POST, so generate's one
    // statement also inserts the idempotency record (withIdempotentStatement), after a look-up of the key.
    const idempotentOp = generateOp(agent, server.baseUrl, idempotentOrg!.apiKey, AMOUNT, { idempotencyKeys: true });
    breakdown.apiIdempotent = await run(phaseOptions("API with an Idempotency-Key (as the SDK)", () => idempotentOp(), server.pid));

    const apiSpread = spreadOrgs.api.map((o) => generateOp(agent, server.baseUrl, o.apiKey, AMOUNT));
    breakdown.apiSpread = await run(phaseOptions("API, one org per worker", (w) => apiSpread[w](), server.pid));
  }

  // Every counted 201 must be a link in the database, and the ledger must still balance.
  const apiLinks = await linkCount(db.url, apiOrg.organizationId);
  const balanced = await ledgerBalanced(db.url);

  const ratio = apiResult.requestsPerSecond / directResult.requestsPerSecond;
  const errorRate = (r: PhaseResult) => r.errors / Math.max(1, r.completed + r.errors);
  const checks = [
    { what: `API throughput ≥ ${TARGET_RATIO} × direct SQL`, value: `${fmt(ratio, 2)} ×`, pass: ratio >= TARGET_RATIO },
    { what: `API p99 < ${TARGET_P99_MS} ms`, value: `${fmt(apiResult.latencyMs.p99, 2)} ms`, pass: apiResult.latencyMs.p99 < TARGET_P99_MS },
    { what: `API errors ≤ ${MAX_ERROR_RATE * 100}%`, value: `${apiResult.errors} (${fmt(errorRate(apiResult) * 100, 3)}%)`, pass: errorRate(apiResult) <= MAX_ERROR_RATE },
    { what: `direct SQL errors ≤ ${MAX_ERROR_RATE * 100}%`, value: `${directResult.errors}`, pass: errorRate(directResult) <= MAX_ERROR_RATE },
    { what: "every counted 201 is a stored link", value: `${apiLinks} links ≥ ${apiResult.completed} counted`, pass: apiLinks >= apiResult.completed },
    { what: "ledger balances (holds = links, available + held = deposits)", value: balanced ? "yes" : "no", pass: balanced },
  ];

  const rows = [apiResult, directResult, ...Object.values(breakdown)];
  const nameWidth = Math.max(...rows.map((r) => r.name.length), 10);
  const line = (cols: string[]) => cols[0].padEnd(nameWidth) + cols.slice(1).map((c) => c.padStart(10)).join("");
  log("");
  log(`Results: generate, ${concurrency} concurrent connections, ${durationS} s measured after ${warmupS} s warm-up`);
  log(`(2-core note: the load generator runs on the same ${cores}-core machine as the server and PostgreSQL)`);
  log(line(["", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"]));
  for (const r of rows) {
    log(line([r.name, fmt(r.requestsPerSecond), fmt(r.latencyMs.p50, 2), fmt(r.latencyMs.p95, 2), fmt(r.latencyMs.p99, 2), fmt(r.latencyMs.max, 2), String(r.errors)]));
  }
  log(`ratio API / direct SQL: ${fmt(ratio, 2)}`);
  const disturbed = [apiResult, directResult].filter((r) => r.cpu.other !== null && r.cpu.other > 0.2).map((r) => r.name);
  if (disturbed.length) {
    log(`WARNING: other processes used more than 0.2 cores during ${disturbed.join(" and ")}: the ratio is not trustworthy; rerun on a quiet machine.`);
  }
  log("");
  log("Targets:");
  for (const c of checks) log(`  ${c.pass ? "PASS" : "MISS"}  ${c.what}: ${c.value}`);
  log("");
  log("Page weight (document; same-origin JS/CSS it references):");
  for (const w of weights) {
    if (w.rawBytes === null) {
      log(`  ${w.path}: ${w.note}`);
      continue;
    }
    const assets = w.assets ? `; ${w.assets.count} assets ${kb(w.assets.rawBytes)} raw, ${kb(w.assets.gzipBytes)} gzip` : "";
    log(`  ${w.path}: ${kb(w.rawBytes)} raw, ${kb(w.gzipBytes)} gzip${w.note ? ` (${w.note})` : ""}${assets}`);
  }

  const result = {
    startedAt: startedAt.toISOString(),
    machine: { cores, cpu: os.cpus()[0]?.model.trim(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, sharedWithLoadGenerator: true },
    postgres: pgVersion,
    settings: { concurrency, warmupSeconds: warmupS, durationSeconds: durationS, amount: AMOUNT, appPoolSize, breakdown: args.breakdown },
    api: apiResult,
    direct: directResult,
    breakdown,
    ratio,
    disturbedPhases: disturbed,
    targets: { ratio: TARGET_RATIO, p99Ms: TARGET_P99_MS, maxErrorRate: MAX_ERROR_RATE },
    checks,
    pageWeight: weights,
  };
  mkdirSync("bench-results", { recursive: true });
  const file = path.join("bench-results", `bench-${stamp}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  log("");
  log(`Wrote ${file}`);

  if (args.profile) {
    // The profile is written when the server exits.
    await server.stop();
    const profiles = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"));
    log("");
    log(`App server CPU profile (${profiles.length} file(s) in ${path.relative(process.cwd(), profileDir)}/; self time by location, whole server lifetime):`);
    for (const f of profiles) {
      for (const row of summarizeProfile(path.join(profileDir, f))) log(`  ${String(row.share).padStart(5)}%  ${String(row.ms).padStart(6)} ms  ${row.bucket}`);
    }
  }

  const errorsOk = checks[2].pass && checks[3].pass && checks[4].pass && checks[5].pass;
  if (!errorsOk) {
    console.error("bench: FAILED — errors above 0.1% or inconsistent data; see above" + (apiResult.errors ? `\n--- server log tail ---\n${server.logs().slice(-4000)}` : ""));
    return 1;
  }
  if (args.strict && !(checks[0].pass && checks[1].pass)) return 1;
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  if (!cleanups.aborting) console.error("bench: failed:", err instanceof Error ? err.stack ?? err.message : err);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
