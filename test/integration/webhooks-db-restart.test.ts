import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { SandboxRail } from "@/lib/payouts/sandbox-rail";
import { startPayoutWorker } from "@/lib/payouts/worker";
import { startWebhookWorker } from "@/lib/webhooks/deliver";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { ADMIN_URL, testBackend } from "../support/backend";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createFundedOrg } from "../support/fixtures";
import { seedClaimedPayouts } from "../support/payouts-fixtures";

// The database going away under the background workers. A real PostgreSQL restart (pg_ctlcluster)
// is not allowed here: other test runs share the server. Terminating every backend of this test's
// database is the equivalent fault as the workers see it: every pooled connection, idle or in the
// middle of a statement or an interactive transaction, is cut at once, and new connections succeed
// again right after (as when a restarted server comes back). It is done repeatedly, mid-batch, while
// the payout worker and the webhook worker run in this process on a PrismaClient of their own.
// Afterwards: every payout settled exactly once, every event reached the receiver (verified with
// standardwebhooks, deduplicated on webhook-id), verifyLedger passes, and both loops are still alive.
//
// What it found: a connection cut in the same socket read that handed it out of the pool had no
// `error` listener and crashed the process (an uncaught exception: vitest fails the run on it).
// Fixed in lib/db/pg-pool.ts.
//
// PostgreSQL only: the embedded database is in-process and has no backends to terminate.

const N = 200;
const KILLS = 12;
let db: TestDatabase | undefined;
let workerDb: PrismaClient | undefined;
let closeWorkerDb: (() => Promise<void>) | undefined;
let receiver: Server | undefined;

beforeAll(async () => {
  if (testBackend() !== "postgresql") return;
  db = await createTestDatabase({ poolSize: 5 });
  const opened = await openDatabase({ databaseUrl: db.serverEnv.DATABASE_URL, poolSize: 10 });
  workerDb = opened.prisma;
  closeWorkerDb = opened.close;
});
afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise((r) => (receiver ? receiver.close(r) : r(null)));
  await closeWorkerDb?.();
  await db?.destroy();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a read the test itself makes: its own connections are terminated too. */
async function read<T>(f: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await f();
    } catch (err) {
      if (i > 50) throw err;
      await sleep(100);
    }
  }
}

describe("the database drops every connection under the workers, repeatedly", () => {
  it(`${N} payouts and their webhooks while every backend is terminated ${KILLS} times: each settles once, each event is delivered, the ledger balances, the loops carry on`, { timeout: 240_000 }, async () => {
    if (testBackend() !== "postgresql") {
      expect(testBackend()).toBe("embedded"); // see the note at the top
      return;
    }
    const prisma = db!.prisma;
    const databaseName = new URL(db!.serverEnv.DATABASE_URL).pathname.slice(1);
    const org = await createFundedOrg(prisma, { deposit: 100_000_000 });

    // The operator's receiver: verifies every delivery and processes each event id once.
    let secret = "";
    const processed = new Set<string>();
    let duplicates = 0;
    let unverified = 0;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        try {
          const event = new Webhook(secret).verify(Buffer.concat(chunks).toString("utf8"), req.headers as Record<string, string>) as { id: string };
          if (processed.has(event.id)) duplicates++;
          processed.add(event.id);
          res.writeHead(200).end("ok");
        } catch {
          unverified++;
          res.writeHead(400).end("bad signature");
        }
      });
    });
    const url = await new Promise<string>((resolve) => receiver!.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(receiver!.address() as AddressInfo).port}/hook`)));
    const endpoint = await createWebhookEndpoint(prisma, org.organizationId, { url, enabled_events: ["settlement.created", "payout_link.completed"] }, { allowPrivate: true });
    secret = endpoint.secret;

    const logged: string[] = [];
    const errorSpy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    const ticks = { payouts: 0, webhooks: 0 };
    const payouts = startPayoutWorker(workerDb!, new SandboxRail(workerDb!, { delayMs: 0 }), {
      pollIntervalMs: 50,
      batchSize: 25,
      leaseMs: 1_500,
      onTick: () => void ticks.payouts++,
    });
    const webhooks = startWebhookWorker(workerDb!, {
      pollIntervalMs: 50,
      batchSize: 25,
      leaseMs: 1_500,
      timeoutMs: 2_000,
      allowPrivate: true,
      onTick: () => void ticks.webhooks++,
    });

    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      const seeded = await seedClaimedPayouts(prisma, org, { count: N, amount: 1_111 });
      const ids = seeded.map((s) => s.transactionId);
      const started = Date.now();
      // Mid-batch: the first cut lands once work is under way, then every 150–400 ms.
      let terminated = 0;
      for (let k = 0; k < KILLS; k++) {
        await sleep(k === 0 ? 100 : 150 + Math.random() * 250);
        const r = await admin.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [databaseName]);
        terminated += r.rows.filter((x: { ok: boolean }) => x.ok).length;
      }
      const faultsOverAt = Date.now();
      const settledBeforeRecovery = await read(() => prisma.transaction.count({ where: { id: { in: ids }, status: "settled" } }));

      // Recovery: everything settles and every event reaches the receiver.
      const deadline = Date.now() + 150_000;
      for (;;) {
        const [settled, pendingDeliveries] = await read(() =>
          Promise.all([prisma.transaction.count({ where: { id: { in: ids }, status: "settled" } }), prisma.webhookDelivery.count({ where: { status: { not: "delivered" } } })]),
        );
        if (settled === N && pendingDeliveries === 0) break;
        if (Date.now() > deadline) throw new Error(`after recovery: ${settled}/${N} settled, ${pendingDeliveries} deliveries not delivered; logged:\n${logged.slice(-20).join("\n")}`);
        await sleep(100);
      }
      const recoveredAt = Date.now();

      // Exactly once: one debit per payout, one of each event per payout, and the ledger balances.
      const debits = await prisma.ledgerEntry.groupBy({ by: ["transactionId"], where: { transactionId: { in: ids }, kind: "debit" }, _count: true });
      expect(debits).toHaveLength(N);
      expect(debits.every((d) => d._count === 1)).toBe(true);
      expect(await prisma.payoutLink.count({ where: { id: { in: seeded.map((s) => s.linkId) }, status: "completed" } })).toBe(N);
      const events = await prisma.event.findMany({ where: { organizationId: org.organizationId }, select: { id: true, type: true } });
      expect(events.filter((e) => e.type === "settlement.created")).toHaveLength(N);
      expect(events.filter((e) => e.type === "payout_link.completed")).toHaveLength(N);
      expect(await verifyLedger(prisma)).toEqual([]);
      // Every event reached the receiver, verified; a repeat (an attempt whose outcome was lost with
      // its connection) was recognised by its webhook-id.
      expect(unverified).toBe(0);
      expect([...processed].sort()).toEqual(events.map((e) => `evt_${e.id}`).sort());
      // The faults did reach the workers, which logged them and went on.
      expect(terminated).toBeGreaterThanOrEqual(KILLS);
      expect(logged.some((l) => /terminat|connection|Connection|closed/i.test(l))).toBe(true);

      // Both loops are still alive: new work after the faults is done too.
      const ticksBefore = { ...ticks };
      const more = await seedClaimedPayouts(prisma, org, { count: 10, amount: 2_222 });
      const moreIds = more.map((m) => m.transactionId);
      const until = Date.now() + 30_000;
      while ((await prisma.transaction.count({ where: { id: { in: moreIds }, status: "settled" } })) < 10 || (await prisma.webhookDelivery.count({ where: { status: { not: "delivered" } } })) > 0) {
        if (Date.now() > until) throw new Error("the loops did not pick up work after the faults");
        await sleep(50);
      }
      expect(ticks.payouts).toBeGreaterThan(ticksBefore.payouts);
      expect(ticks.webhooks).toBeGreaterThan(ticksBefore.webhooks);
      expect(await verifyLedger(prisma)).toEqual([]);

      console.log(
        `\n▶ backends terminated ${KILLS} times (${terminated} connections cut) over ${((faultsOverAt - started) / 1000).toFixed(1)} s; ` +
          `${settledBeforeRecovery}/${N} settled when the faults ended, all ${N} settled and ${events.length} events delivered ` +
          `${((recoveredAt - faultsOverAt) / 1000).toFixed(1)} s later; ${duplicates} repeated deliveries deduplicated by webhook-id; ` +
          `${logged.length} errors logged by the workers\n`,
      );
    } finally {
      await admin.end();
      await Promise.all([payouts.stop(), webhooks.stop()]);
      errorSpy.mockRestore();
    }
  });
});
