import "server-only";
import { startLeaseLoop } from "../boot/lease-loop";
import { decrypt } from "../crypto/encryption";
import type { Deposit as DepositRow, PrismaClient } from "../db/generated/client";
import { inTransaction } from "../db/transaction";
import { RailDeclinedError } from "../payouts/rail";
import { transferFailureReason, type PlaidTransfers } from "../payouts/plaid-transfer-rail";
import { newWorkerId } from "../payouts/worker";
import { creditDeposit, failDeposit } from "./deposits";
import { tryReleaseRemovedSourceItem } from "./removed-source-items";

/*
 * The deposit worker (plaid-transfer deposits only; sandbox deposits are credited when created):
 *
 *   pending, no reference ──authorize + create a debit transfer──▶ pending, rail_reference set
 *   pending, reference    ──/transfer/get──▶ funds_available → succeeded (the one credit)
 *                                            failed | cancelled | returned → failed (nothing credited)
 *                                            pending | posted | settled → look again later
 *   declined authorization (or an Item Plaid refuses for good) → failed
 *
 * The same lease pattern as the payout worker: due rows leased with FOR UPDATE SKIP LOCKED, rail
 * calls outside any database transaction with a Plaid idempotency key derived from the deposit id
 * (a re-initiation after a crash gets the same transfer), each outcome one transaction whose first
 * statement is the conditional update of the deposit's status.
 */

export type DepositTickOptions = { workerId: string; batchSize?: number; leaseMs?: number; pollIntervalMs?: number; now?: () => Date };
export type DepositTickResult = { leased: number; initiated: number; succeeded: number; failed: number; errors: number };

const MAX_RECHECK_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** The Plaid idempotency key of one of our deposits (at most 50 characters, as Plaid allows). */
export function depositIdempotencyKey(depositId: string): string {
  return `deposit_${depositId}`;
}

export async function runDepositTick(db: PrismaClient, transfers: PlaidTransfers, options: DepositTickOptions): Promise<DepositTickResult> {
  const now = options.now ?? (() => new Date());
  const at = now();
  const leaseMs = options.leaseMs ?? 30_000;
  const leased = await db.$queryRaw<{ id: string }[]>`
    WITH due AS (
      SELECT id FROM deposits
      WHERE next_check_at IS NOT NULL AND next_check_at <= ${at} AND status = 'pending'
        AND (lease_expires_at IS NULL OR lease_expires_at <= ${at})
      ORDER BY next_check_at
      LIMIT ${options.batchSize ?? 50}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE deposits d SET lease_owner = ${options.workerId}, lease_expires_at = ${new Date(at.getTime() + leaseMs)}
    FROM due WHERE d.id = due.id
    RETURNING d.id`;
  const result: DepositTickResult = { leased: leased.length, initiated: 0, succeeded: 0, failed: 0, errors: 0 };
  for (const { id } of leased) {
    const row = await db.deposit.findUniqueOrThrow({ where: { id } });
    const endedBefore = result.succeeded + result.failed;
    await processOne(db, transfers, row, options, now, result);
    // When its funding source was removed while it was on its way and it was the last one, the
    // source's Item can go now rather than at the next sweep.
    if (row.fundingSourceId && result.succeeded + result.failed > endedBefore) await tryReleaseRemovedSourceItem(db, row.fundingSourceId);
  }
  return result;
}

async function processOne(db: PrismaClient, transfers: PlaidTransfers, row: DepositRow, options: DepositTickOptions, now: () => Date, result: DepositTickResult) {
  const pollMs = options.pollIntervalMs ?? 1_000;
  try {
    let reference = row.railReference;
    if (!reference) {
      const source = row.fundingSourceId ? await db.fundingSource.findUnique({ where: { id: row.fundingSourceId } }) : null;
      if (!source?.plaidAccessTokenCiphertext || !source.plaidAccountId) {
        if (await inTransaction(db, (tx) => failDeposit(tx, row, "the funding source has no Plaid account to debit", now()))) result.failed++;
        return;
      }
      const organization = await db.organization.findUniqueOrThrow({ where: { id: row.organizationId }, select: { name: true } });
      try {
        ({ reference } = await transfers.create({
          type: "debit",
          idempotencyKey: depositIdempotencyKey(row.id),
          amount: row.amount,
          accessToken: decrypt(source.plaidAccessTokenCiphertext),
          accountId: source.plaidAccountId,
          legalName: organization.name,
          description: "Deposit",
        }));
      } catch (err) {
        if (!(err instanceof RailDeclinedError)) throw err;
        if (await inTransaction(db, (tx) => failDeposit(tx, row, err.reason, now()))) result.failed++;
        return;
      }
      const { count } = await db.deposit.updateMany({
        where: { id: row.id, status: "pending", OR: [{ railReference: null }, { railReference: reference }] },
        data: { railReference: reference, railErrorCount: 0, lastRailError: null },
      });
      if (count !== 1) return;
      result.initiated++;
    }
    const transfer = await transfers.get(reference);
    const fresh = { ...row, railReference: reference };
    switch (String(transfer.status)) {
      case "funds_available":
        if (await inTransaction(db, (tx) => creditDeposit(tx, fresh, now()))) result.succeeded++;
        return;
      case "failed":
      case "cancelled":
      case "returned":
        if (await inTransaction(db, (tx) => failDeposit(tx, fresh, transferFailureReason(transfer), now()))) result.failed++;
        return;
      default:
        // pending, posted, settled: the money is not available yet.
        await db.deposit.updateMany({
          where: { id: row.id, status: "pending", leaseOwner: options.workerId },
          data: { nextCheckAt: new Date(now().getTime() + Math.min(MAX_RECHECK_MS, pollMs)), leaseOwner: null, leaseExpiresAt: null },
        });
    }
  } catch (err) {
    result.errors++;
    const message = err instanceof Error ? err.message : String(err);
    const backoff = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(row.railErrorCount, 20)) * (0.5 + Math.random() / 2);
    await db.deposit
      .updateMany({
        where: { id: row.id, leaseOwner: options.workerId },
        data: { railErrorCount: { increment: 1 }, lastRailError: message.slice(0, 500), nextCheckAt: new Date(now().getTime() + backoff), leaseOwner: null, leaseExpiresAt: null },
      })
      .catch(() => {});
  }
}

export function startDepositWorker(
  db: PrismaClient,
  transfers: PlaidTransfers,
  options: Omit<DepositTickOptions, "workerId"> & { workerId?: string; pollIntervalMs: number; onTick?: (r: DepositTickResult) => void },
): { workerId: string; stop: () => Promise<void> } {
  const workerId = options.workerId ?? newWorkerId();
  const stop = startLeaseLoop("deposit worker", () => runDepositTick(db, transfers, { ...options, workerId }), {
    batchSize: options.batchSize ?? 50,
    pollIntervalMs: options.pollIntervalMs,
    onTick: options.onTick,
  });
  return { workerId, stop };
}
