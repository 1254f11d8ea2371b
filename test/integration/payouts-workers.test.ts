import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { testBackend } from "../support/backend";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createFundedOrg } from "../support/fixtures";
import { seedClaimedPayouts } from "../support/payouts-fixtures";

// Real `npm run worker` processes against one PostgreSQL database. The embedded database is one
// in-process PGlite that a single process can open, so several worker processes cannot share it:
// there the test only states that (the in-process worker's races are covered by lib/payouts tests).

let db: TestDatabase | undefined;
beforeAll(async () => {
  if (testBackend() === "postgresql") db = await createTestDatabase({ poolSize: 10 });
});
afterAll(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await db?.destroy();
});

type Worker = { child: ChildProcess; output: string; ready: Promise<void> };
const workers: Worker[] = [];

/** node --import tsx scripts/worker.ts directly (not through npm), so SIGKILL hits the worker itself. */
function spawnWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.resolve("scripts/worker.ts")], {
    env: {
      ...process.env,
      ...env,
      SANDBOX_SETTLEMENT_DELAY_MS: "0",
      PAYOUT_LEASE_MS: "1500",
      PAYOUT_POLL_INTERVAL_MS: "50",
      PAYOUT_BATCH_SIZE: "25",
      DATABASE_POOL_SIZE: "6",
      SWEEP_INTERVAL_MS: "3600000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const w: Worker = { child, output: "", ready: Promise.resolve() };
  w.ready = new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      w.output += d;
      if (w.output.includes("payouts on the sandbox rail")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before it was ready:\n${w.output}`)));
  });
  workers.push(w);
  return w;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("payout workers as separate processes", () => {
  it("1,000 claimed links, 3 workers, one SIGKILLed at random moments and restarted: every payout settles exactly once", { timeout: 300_000 }, async () => {
    if (testBackend() !== "postgresql") {
      expect(testBackend()).toBe("embedded"); // several processes need PostgreSQL; see the note at the top
      return;
    }
    const prisma = db!.prisma;
    const org = await createFundedOrg(prisma, { deposit: 100_000_000 });
    const env = db!.serverEnv;
    let victim = spawnWorker(env);
    await Promise.all([victim.ready, spawnWorker(env).ready, spawnWorker(env).ready]);

    const N = 1_000;
    const seeded = await seedClaimedPayouts(prisma, org, { count: N, amount: 1_234 });
    const started = Date.now();
    const ids = seeded.map((s) => s.transactionId);
    const settledCount = () => prisma.transaction.count({ where: { id: { in: ids }, status: "settled" } });

    let kills = 0;
    let leasesKilled = 0;
    const deadline = Date.now() + 180_000;
    while ((await settledCount()) < N) {
      if (Date.now() > deadline) throw new Error(`only ${await settledCount()} of ${N} settled; worker output:\n${workers.map((w) => w.output).join("\n---\n")}`);
      if (kills < 6) {
        await sleep(50 + Math.random() * 250);
        const pid = victim.child.pid!;
        leasesKilled += await prisma.transaction.count({ where: { leaseOwner: { contains: `:${pid}:` } } });
        victim.child.kill("SIGKILL");
        kills++;
        victim = spawnWorker(env);
        await victim.ready;
      } else {
        await sleep(100);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`▶ ${N} payouts settled by 3 worker processes with ${kills} SIGKILLs (${leasesKilled} leases held at kill time) in ${seconds.toFixed(2)} s`);

    // Up to 6 kills, each while payouts were still unsettled; a fast machine may settle all 1,000
    // before the sixth restart is ready, so only the first kill is certain.
    expect(kills).toBeGreaterThanOrEqual(1);
    const links = await prisma.payoutLink.groupBy({ by: ["status"], where: { id: { in: seeded.map((s) => s.linkId) } }, _count: true });
    expect(links).toEqual([{ status: "completed", _count: N }]);
    expect(await prisma.ledgerEntry.count({ where: { kind: "debit", transactionId: { in: ids } } })).toBe(N);
    expect(await prisma.ledgerEntry.count({ where: { kind: { in: ["release", "reversal"] }, payoutLinkId: { in: seeded.map((s) => s.linkId) } } })).toBe(0);
    // One rail transfer per payout: no restart or lapsed lease paid anyone twice.
    expect(await prisma.sandboxTransfer.count()).toBe(N);
    const transfers = await prisma.transaction.findMany({ where: { id: { in: ids } }, select: { railReference: true } });
    expect(new Set(transfers.map((t) => t.railReference)).size).toBe(N);
    expect(await prisma.fundingAccount.findUniqueOrThrow({ where: { id: org.fundingAccountId } })).toMatchObject({ available: BigInt(100_000_000 - N * 1_234), held: 0n });
    expect(await verifyLedger(prisma)).toEqual([]);

    // Throughput with nobody killed: a second batch through the same 3 workers.
    const again = await seedClaimedPayouts(prisma, org, { count: N, amount: 1_000 });
    const t0 = Date.now();
    const againIds = again.map((s) => s.transactionId);
    while ((await prisma.transaction.count({ where: { id: { in: againIds }, status: "settled" } })) < N) {
      if (Date.now() - t0 > 90_000) throw new Error("second batch did not settle in 90 s");
      await sleep(20);
    }
    const rate = N / ((Date.now() - t0) / 1000);
    console.log(`▶ payout throughput, sandbox rail at zero delay, 3 worker processes on PostgreSQL: ${rate.toFixed(0)} payouts settled/s`);
    expect(await prisma.ledgerEntry.count({ where: { kind: "debit", transactionId: { in: againIds } } })).toBe(N);
    expect(await verifyLedger(prisma)).toEqual([]);
  });
});
