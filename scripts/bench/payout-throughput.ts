// Phase 1 of `npm run bench:payouts`: N claimed links with queued payouts (seeded in bulk exactly as
// generate + submit leave them, test/support/payouts-fixtures.ts), W `scripts/worker.ts` processes
// on the sandbox rail at zero delay, and the time until the last of them has settled. Then the
// checks that make the figure worth anything: every payout settled exactly once (one debit, one
// rail transfer, one settlement.created each), the balance moved by exactly N × amount, and
// verifyLedger finds nothing.
import pg from "pg";
import type { PrismaClient } from "@/lib/db/generated/client";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { seedClaimedPayouts } from "@/test/support/payouts-fixtures";
import { cpuDelta, cpuSnapshot, type CpuDelta } from "./cpu";
import { BENCH_DEPOSIT, createFundedOrg } from "./database";
import { spawnPayoutWorker, type PayoutWorker } from "./payout-workers";
import { cpuSecondsOf } from "./proc-cpu";

export type ThroughputSettings = {
  payouts: number;
  workers: number;
  /** Organisations (funding accounts) the payouts are spread over: each settle locks its account's row. */
  orgs: number;
  amount: number;
  /** Worker environment beyond the database (PAYOUT_BATCH_SIZE, PAYOUT_POLL_INTERVAL_MS, …). */
  workerEnv: Record<string, string>;
  timeoutMs: number;
};

export type Check = { what: string; value: string; pass: boolean };

export type ThroughputResult = {
  workers: number;
  payouts: number;
  orgs: number;
  /** Seed commit → last settled_at. */
  seconds: number;
  perSecond: number;
  /** First settled_at → last settled_at: the rate once the workers are on it (no wait for the first poll). */
  steadyPerSecond: number;
  /** First settlement after the seed committed: at most one poll interval plus a tick. */
  firstSettledAfterMs: number;
  loadAverageAtStart: number[];
  cpu: CpuDelta & { workers: number | null };
  /** CPU time per payout over the window (seed included for PostgreSQL): the cost apart from other load. */
  cpuMsPerPayout: { workers: number | null; postgres: number | null };
  checks: Check[];
};

async function query<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runThroughputPhase(
  db: { url: string; prisma: PrismaClient },
  settings: ThroughputSettings,
  hooks: { onWorkers(pids: number[]): void; shouldStop(): boolean; log(line: string): void; loadAverage(): number[] },
): Promise<ThroughputResult> {
  const { payouts: n, workers: w, amount } = settings;
  const orgs = [];
  for (let i = 0; i < settings.orgs; i++) orgs.push(await createFundedOrg(db.prisma, `Bench payouts, ${w} worker(s), org ${i + 1}`));
  const orgIds = orgs.map((o) => o.organizationId);
  const share = (i: number) => Math.floor(n / orgs.length) + (i < n % orgs.length ? 1 : 0);
  const transfersBefore = Number((await query<{ n: string }>(db.url, "SELECT count(*) AS n FROM sandbox_transfers"))[0].n);

  const workers: PayoutWorker[] = [];
  try {
    for (let i = 0; i < w; i++) workers.push(spawnPayoutWorker({ DATABASE_URL: db.url, ...settings.workerEnv }));
    hooks.onWorkers(workers.map((x) => x.pid));
    await Promise.all(workers.map((x) => x.ready));
    await sleep(1_000); // past the workers' start-up CPU, so the window measures payouts

    const loadAverageAtStart = hooks.loadAverage();
    const cpuStart = cpuSnapshot();
    const workersCpuStart = cpuSecondsOf(workers.map((x) => x.pid));
    // One transaction per organisation, run side by side: the rows become due at about the same time.
    await Promise.all(orgs.map((org, i) => seedClaimedPayouts(db.prisma, org, { count: share(i), amount })));
    const committedAt = Date.now();

    const deadline = Date.now() + settings.timeoutMs;
    for (;;) {
      const [row] = await query<{ settled: string; failed: string }>(
        db.url,
        `SELECT count(*) FILTER (WHERE status = 'settled') AS settled, count(*) FILTER (WHERE status IN ('failed', 'returned')) AS failed
         FROM transactions WHERE organization_id = ANY($1)`,
        [orgIds],
      );
      if (Number(row.settled) + Number(row.failed) >= n) break;
      if (hooks.shouldStop()) throw new Error("aborted");
      if (Date.now() > deadline) {
        throw new Error(`only ${row.settled} of ${n} payouts settled in ${settings.timeoutMs / 1000} s; worker output:\n${workers.map((x) => x.output().slice(-2000)).join("\n---\n")}`);
      }
      await sleep(50);
    }
    const cpuEnd = cpuSnapshot();
    const workersCpuEnd = cpuSecondsOf(workers.map((x) => x.pid));
    await Promise.all(workers.map((x) => x.stop()));

    const [span] = await query<{ first: Date; last: Date }>(
      db.url,
      "SELECT min(settled_at) AS first, max(settled_at) AS last FROM transactions WHERE organization_id = ANY($1)",
      [orgIds],
    );
    const seconds = (span.last.getTime() - committedAt) / 1000;
    const steadySeconds = (span.last.getTime() - span.first.getTime()) / 1000;
    const cpu = cpuDelta(cpuStart, cpuEnd);
    const windowS = cpuStart && cpuEnd ? (cpuEnd.at - cpuStart.at) / 1000 : NaN;
    const workersCores = workersCpuStart !== null && workersCpuEnd !== null ? Math.round(((workersCpuEnd - workersCpuStart) / windowS) * 100) / 100 : null;

    const checks = await exactlyOnceChecks(db, orgs, { shares: orgs.map((_, i) => share(i)), n, amount, transfersBefore });
    return {
      workers: w,
      payouts: n,
      orgs: orgs.length,
      seconds,
      perSecond: n / seconds,
      steadyPerSecond: steadySeconds > 0 ? (n - 1) / steadySeconds : NaN,
      firstSettledAfterMs: span.first.getTime() - committedAt,
      loadAverageAtStart,
      // cpuSnapshot follows no server here: the workers' share is taken out of "other".
      cpu: { ...cpu, workers: workersCores, other: cpu.other !== null && workersCores !== null ? Math.max(0, Math.round((cpu.other - workersCores) * 100) / 100) : cpu.other },
      cpuMsPerPayout: {
        workers: workersCpuStart !== null && workersCpuEnd !== null ? Math.round(((workersCpuEnd - workersCpuStart) * 1000 * 100) / n) / 100 : null,
        postgres: cpu.postgres !== null ? Math.round(((cpu.postgres * windowS * 1000) / n) * 100) / 100 : null,
      },
      checks,
    };
  } finally {
    await Promise.all(workers.map((x) => x.stop()));
  }
}

async function exactlyOnceChecks(
  db: { url: string; prisma: PrismaClient },
  orgs: { organizationId: string; fundingAccountId: string }[],
  p: { shares: number[]; n: number; amount: number; transfersBefore: number },
): Promise<Check[]> {
  const orgIds = orgs.map((o) => o.organizationId);
  const accountIds = orgs.map((o) => o.fundingAccountId);
  const [t] = await query<{ settled: string; other: string; refs: string; transfers: string }>(
    db.url,
    `SELECT count(*) FILTER (WHERE t.status = 'settled') AS settled, count(*) FILTER (WHERE t.status <> 'settled') AS other,
            count(DISTINCT t.rail_reference) AS refs,
            (SELECT count(*) FROM sandbox_transfers s WHERE s.id IN (SELECT rail_reference FROM transactions WHERE organization_id = ANY($1))) AS transfers
     FROM transactions t WHERE t.organization_id = ANY($1)`,
    [orgIds],
  );
  const [allTransfers] = await query<{ n: string }>(db.url, "SELECT count(*) AS n FROM sandbox_transfers");
  const [links] = await query<{ completed: string; other: string }>(
    db.url,
    "SELECT count(*) FILTER (WHERE status = 'completed') AS completed, count(*) FILTER (WHERE status <> 'completed') AS other FROM payout_links WHERE organization_id = ANY($1)",
    [orgIds],
  );
  const [entries] = await query<{ debits: string; debited: string; undone: string }>(
    db.url,
    `SELECT count(*) FILTER (WHERE kind = 'debit') AS debits, count(DISTINCT transaction_id) FILTER (WHERE kind = 'debit') AS debited,
            count(*) FILTER (WHERE kind IN ('release', 'reversal')) AS undone
     FROM ledger_entries WHERE funding_account_id = ANY($1)`,
    [accountIds],
  );
  const [events] = await query<{ n: string; links: string }>(
    db.url,
    `SELECT count(*) AS n, count(DISTINCT payload->>'payout_link_id') AS links FROM events WHERE organization_id = ANY($1) AND type = 'settlement.created'`,
    [orgIds],
  );
  const accounts = await query<{ id: string; available: string; held: string }>(db.url, "SELECT id, available, held FROM funding_accounts WHERE id = ANY($1)", [accountIds]);
  const violations = await verifyLedger(db.prisma);
  const n = p.n;
  const balanceOk = orgs.every((o, i) => {
    const a = accounts.find((x) => x.id === o.fundingAccountId);
    return a !== undefined && Number(a.available) === BENCH_DEPOSIT - p.shares[i] * p.amount && Number(a.held) === 0;
  });
  return [
    { what: "every payout settled", value: `${t.settled} settled, ${t.other} not`, pass: Number(t.settled) === n && Number(t.other) === 0 },
    { what: "every link completed", value: `${links.completed} completed, ${links.other} not`, pass: Number(links.completed) === n && Number(links.other) === 0 },
    { what: "one debit per payout, nothing released or reversed", value: `${entries.debits} debits for ${entries.debited} payouts, ${entries.undone} releases/reversals`, pass: Number(entries.debits) === n && Number(entries.debited) === n && Number(entries.undone) === 0 },
    {
      what: "one rail transfer per payout",
      value: `${t.refs} distinct references, ${Number(allTransfers.n) - p.transfersBefore} new sandbox transfers`,
      pass: Number(t.refs) === n && Number(t.transfers) === n && Number(allTransfers.n) - p.transfersBefore === n,
    },
    { what: "one settlement.created per payout", value: `${events.n} events for ${events.links} links`, pass: Number(events.n) === n && Number(events.links) === n },
    {
      what: "each balance moved by exactly its payouts × amount, nothing left held",
      value: accounts.map((a) => `available ${a.available}, held ${a.held}`).slice(0, 3).join("; ") + (accounts.length > 3 ? "; …" : ""),
      pass: balanceOk && accounts.length === orgs.length,
    },
    { what: "verifyLedger", value: violations.length ? JSON.stringify(violations.slice(0, 3)) : "no violations", pass: violations.length === 0 },
  ];
}
