import "server-only";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { IDEMPOTENCY_RETENTION_MS } from "../http/idempotency";
import { deleteExpiredRateLimitWindows } from "../http/rate-limit";
import { releaseRemovedSourceItems } from "../funding/removed-source-items";
import { expireDuePayoutLinks } from "../payout-links/expire-payout-links";
import { PlaidTransferRail } from "../payouts/plaid-transfer-rail";
import { createPayoutRail } from "../payouts/rails";
import { startPayoutWorker } from "../payouts/worker";
import { startWebhookWorker } from "../webhooks/deliver";

/**
 * Periodic work shared by the web process (embedded default) and `npm run worker`: persist due
 * expiries (releasing their holds), drop idempotency records past their replay window, and remove
 * the bank Items of removed funding sources that still hold one (lib/funding/removed-source-items.ts).
 */
export async function runBackgroundTick(prisma: PrismaClient): Promise<{ expired: number }> {
  let expired = 0;
  for (;;) {
    const n = await expireDuePayoutLinks(prisma);
    expired += n;
    if (n === 0) break;
  }
  await deleteExpiredRateLimitWindows(prisma);
  await prisma.idempotencyRecord.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_RETENTION_MS) } } });
  await releaseRemovedSourceItems(prisma);
  return { expired };
}

export function startBackgroundJobs(prisma: PrismaClient, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await runBackgroundTick(prisma);
    } catch (err) {
      console.error("background jobs:", err instanceof Error ? err.message : err);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The payout worker loop (lib/payouts/worker.ts) on the configured rail, and on plaid-transfer the
 * deposit worker (lib/funding/deposit-worker.ts) beside it, unless PAYOUT_WORKER=off.
 * Returns its stop function, or null when it is turned off.
 */
export function startPayoutJobs(prisma: PrismaClient, cfg: Config, options: { log?: boolean } = {}): { workerId: string; stop: () => Promise<void> } | null {
  if (cfg.PAYOUT_WORKER === "off") return null;
  const rail = createPayoutRail(prisma, cfg);
  // On plaid-transfer, deposits are debits that the deposit worker follows until funds are available.
  // Loaded only then: the funding and Plaid modules cost a worker on the sandbox rail seconds at start.
  const deposits =
    rail instanceof PlaidTransferRail
      ? (async () => {
          rail.transfers.ready().catch((err) => console.error("plaid-transfer rail:", err instanceof Error ? err.message : err));
          const { startDepositWorker } = await import("../funding/deposit-worker");
          return startDepositWorker(prisma, rail.transfers, {
            batchSize: cfg.PAYOUT_BATCH_SIZE,
            leaseMs: cfg.PAYOUT_LEASE_MS,
            pollIntervalMs: cfg.PAYOUT_POLL_INTERVAL_MS,
            onTick: options.log
              ? (r) => {
                  if (r.initiated || r.succeeded || r.failed || r.errors) console.log(`deposits: initiated ${r.initiated}, succeeded ${r.succeeded}, failed ${r.failed}, errors ${r.errors}`);
                }
              : undefined,
          });
        })()
      : null;
  const payouts = startPayoutWorker(prisma, rail, {
    batchSize: cfg.PAYOUT_BATCH_SIZE,
    leaseMs: cfg.PAYOUT_LEASE_MS,
    pollIntervalMs: cfg.PAYOUT_POLL_INTERVAL_MS,
    onTick: options.log
      ? (r) => {
          if (r.initiated || r.settled || r.failed || r.returned || r.errors) {
            console.log(`payouts: initiated ${r.initiated}, settled ${r.settled}, failed ${r.failed}, returned ${r.returned}, errors ${r.errors}`);
          }
        }
      : undefined,
  });
  return { workerId: payouts.workerId, stop: async () => void (await Promise.all([payouts.stop(), deposits?.then((d) => d.stop())])) };
}

/**
 * The webhook delivery loop (lib/webhooks/deliver.ts), next to the payout worker, unless
 * WEBHOOK_DELIVERY=off. Returns its stop function, or null when it is turned off.
 */
export function startWebhookJobs(prisma: PrismaClient, cfg: Config, options: { log?: boolean } = {}): { workerId: string; stop: () => Promise<void> } | null {
  if (cfg.WEBHOOK_DELIVERY === "off") return null;
  return startWebhookWorker(prisma, {
    pollIntervalMs: cfg.WEBHOOK_POLL_INTERVAL_MS,
    allowPrivate: cfg.allowPrivateWebhookUrls,
    onTick: options.log
      ? (r) => {
          if (r.delivered || r.retrying || r.failed) console.log(`webhooks: delivered ${r.delivered}, retrying ${r.retrying}, failed ${r.failed}`);
        }
      : undefined,
  });
}
