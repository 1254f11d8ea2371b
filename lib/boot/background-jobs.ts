import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { IDEMPOTENCY_RETENTION_MS } from "../http/idempotency";
import { deleteExpiredRateLimitWindows } from "../http/rate-limit";
import { expireDuePayoutLinks } from "../payout-links/expire-payout-links";

/**
 * Periodic work shared by the web process (embedded default) and `npm run worker`: persist due
 * expiries (releasing their holds) and drop idempotency records past their replay window.
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
