import "server-only";
import { startLeaseLoop } from "../boot/lease-loop";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { decrypt } from "../crypto/encryption";
import type { PrismaClient } from "../db/generated/client";
import { inTransaction, type Tx } from "../db/transaction";
import { debitHold, releaseHold, reverseDebit } from "../ledger/entries";
import { serializePayoutLink } from "../payout-links/serialize-payout-link";
import { serializeTransaction, TRANSACTION_SELECT } from "../transactions/serialize-transaction";
import { recordEvent } from "../webhooks/events";
import { idempotencyKeyFor, RailDeclinedError, type PayoutRail, type RailStatus } from "./rail";

/*
 * The payout worker. Transactions move
 *
 *   queued ──initiate──▶ processing ──▶ settled ──(return)──▶ returned
 *                             └──────▶ failed
 *
 * and each outcome is applied in ONE database transaction whose first statement is the
 * conditional update of the transaction's status, so of any number of workers that reach the
 * same outcome exactly one writes anything:
 *
 *   settled:  debit the link's hold; link claimed → completed
 *   failed:   link claimed → pending (attempt_count + 1, last_failure), its hold kept in place so
 *             the next claim is covered; past expires_at: → expired and the hold released
 *   returned: a reversal entry puts the amount back on hold; link completed → pending (attempt_count
 *             + 1, last_failure) or, past expires_at, → expired and the hold released
 *
 * Rows are leased with FOR UPDATE SKIP LOCKED (lease_owner, lease_expires_at), so any number of
 * workers share the table; a crashed worker's leases lapse and another carries on. Rail calls are
 * made outside any database transaction with the idempotency key derived from our transaction id,
 * so a repeated initiate (lapsed lease, crash between the rail call and our update) returns the
 * same reference and never pays twice.
 */

export type PayoutTickOptions = {
  workerId: string;
  batchSize?: number;
  leaseMs?: number;
  /** Delay before polling a pending payout when the rail gives no hint. */
  pollIntervalMs?: number;
  /** Rows processed at once within a tick. */
  concurrency?: number;
  now?: () => Date;
};

export type PayoutTickResult = { leased: number; initiated: number; settled: number; failed: number; returned: number; errors: number };

type Leased = {
  id: string;
  organization_id: string;
  payout_link_id: string;
  payment_method_id: string;
  amount: number;
  currency: string;
  status: "queued" | "processing" | "settled" | "failed" | "returned";
  rail_reference: string | null;
  rail_error_count: number;
};

const MAX_RECHECK_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;
const ACTOR = "system:payout-worker";

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/** Leases up to batchSize due payouts and carries each as far as the rail allows right now. */
export async function runPayoutTick(db: PrismaClient, rail: PayoutRail, options: PayoutTickOptions): Promise<PayoutTickResult> {
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 30_000;
  const at = now();
  const leased = await db.$queryRaw<Leased[]>`
    WITH due AS (
      SELECT id FROM transactions
      WHERE next_check_at IS NOT NULL AND next_check_at <= ${at} AND kind = 'payout'
        AND (lease_expires_at IS NULL OR lease_expires_at <= ${at})
      ORDER BY next_check_at
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE transactions t SET lease_owner = ${options.workerId}, lease_expires_at = ${new Date(at.getTime() + leaseMs)}
    FROM due WHERE t.id = due.id
    RETURNING t.id, t.organization_id, t.payout_link_id, t.payment_method_id, t.amount, t.currency, t.status::text AS status,
              t.rail_reference, t.rail_error_count`;

  const result: PayoutTickResult = { leased: leased.length, initiated: 0, settled: 0, failed: 0, returned: 0, errors: 0 };
  const queue = [...leased];
  const lanes = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, queue.length)) }, async () => {
    for (let row = queue.shift(); row; row = queue.shift()) await processOne(db, rail, row, options, now, result);
  });
  await Promise.all(lanes);
  return result;
}

async function processOne(db: PrismaClient, rail: PayoutRail, row: Leased, options: PayoutTickOptions, now: () => Date, result: PayoutTickResult) {
  const idempotencyKey = idempotencyKeyFor(row.id);
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  try {
    let status = row.status;
    let reference = row.rail_reference;
    if (status === "queued" || (status === "processing" && !reference)) {
      const method = await db.paymentMethod.findUniqueOrThrow({ where: { id: row.payment_method_id } });
      // Only Plaid Transfer pays by linked Item and names the account holder: the sandbox rail skips
      // the extra read and decryption (it runs thousands of payouts a minute in tests and benches).
      const linked = rail.name !== "sandbox" && method.plaidAccessTokenCiphertext && method.plaidAccountId;
      const legalName = linked ? (await db.recipient.findUniqueOrThrow({ where: { id: method.recipientId }, select: { name: true } })).name : undefined;
      let initiated: { reference: string };
      try {
        initiated = await rail.initiate({
          idempotencyKey,
          amount: row.amount,
          currency: "USD",
          account: {
            routingNumber: method.routingNumber,
            accountNumber: decrypt(method.accountNumberCiphertext),
            mask: method.mask,
            ...(linked ? { legalName, plaid: { accessToken: decrypt(method.plaidAccessTokenCiphertext!), accountId: method.plaidAccountId! } } : {}),
          },
        });
      } catch (err) {
        // Refused for good (e.g. a declined authorization): the payout fails like any other failure.
        if (!(err instanceof RailDeclinedError)) throw err;
        if (await fail(db, row, err.reason, now(), { from: ["queued", "processing"], rail: rail.name })) result.failed++;
        return;
      }
      const { count } = await db.transaction.updateMany({
        where: { id: row.id, status: { in: ["queued", "processing"] }, OR: [{ railReference: null }, { railReference: initiated.reference }] },
        data: { status: "processing", rail: rail.name, railReference: initiated.reference, initiatedAt: now(), railErrorCount: 0, lastRailError: null },
      });
      if (count !== 1) return; // another worker (after our lease lapsed) already moved it on
      result.initiated++;
      status = "processing";
      reference = initiated.reference;
    }
    if (!reference || (status !== "processing" && status !== "settled")) return;

    const seen = await rail.status(reference, { idempotencyKey });
    if (status === "processing" && (seen.state === "settled" || seen.state === "returned")) {
      // A return that happened since our last look is still a settlement first: debit, then reverse.
      const watch = seen.state === "settled" ? seen : { state: "settled" as const, final: false, checkAfterMs: 0 };
      if (!(await settle(db, row, recheckAt(watch, now(), pollIntervalMs), now()))) return;
      result.settled++;
      if (seen.state === "settled") return; // settle() already scheduled the return watch, if any
      status = "settled";
    }
    if (status === "processing" && seen.state === "failed") {
      if (await fail(db, row, seen.reason ?? "payout failed", now())) result.failed++;
      return;
    }
    if (status === "settled" && seen.state === "returned") {
      if (await returned(db, row, seen.reason ?? "payout returned", now())) result.returned++;
      return;
    }
    if (status === "settled" && seen.state === "failed") throw new Error(`rail reports a settled payout as failed (${reference})`);
    // Nothing decided yet (pending, or settled and still inside the return window): look again later.
    await db.transaction.updateMany({
      where: { id: row.id, status, leaseOwner: options.workerId },
      data: { nextCheckAt: recheckAt(seen, now(), pollIntervalMs), leaseOwner: null, leaseExpiresAt: null },
    });
  } catch (err) {
    result.errors++;
    const message = err instanceof Error ? err.message : String(err);
    const backoff = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(row.rail_error_count, 20)) * (0.5 + Math.random() / 2);
    await db.transaction
      .updateMany({
        where: { id: row.id, leaseOwner: options.workerId },
        data: { railErrorCount: { increment: 1 }, lastRailError: message.slice(0, 500), nextCheckAt: new Date(now().getTime() + backoff), leaseOwner: null, leaseExpiresAt: null },
      })
      .catch(() => {}); // the database itself is down: the lease lapses and the row is retried
  }
}

function recheckAt(seen: RailStatus, at: Date, pollIntervalMs: number): Date | null {
  if (seen.final) return null;
  return new Date(at.getTime() + Math.min(MAX_RECHECK_MS, Math.max(0, seen.checkAfterMs ?? pollIntervalMs)));
}

/** processing → settled: the hold becomes a debit and the link is completed. */
async function settle(db: PrismaClient, row: Leased, nextCheckAt: Date | null, at: Date): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.transaction.updateMany({
      where: { id: row.id, status: "processing" },
      data: { status: "settled", settledAt: at, nextCheckAt, leaseOwner: null, leaseExpiresAt: null },
    });
    if (count !== 1) return false;
    const link = await tx.payoutLink.findUniqueOrThrow({ where: { id: row.payout_link_id } });
    await debitHold(tx, { fundingAccountId: link.fundingAccountId, amount: row.amount, payoutLinkId: link.id, transactionId: row.id, reason: "payout settled" });
    const moved = await tx.payoutLink.updateMany({
      where: { id: link.id, status: "claimed", transactionId: row.id },
      data: { status: "completed", completedAt: at },
    });
    if (moved.count !== 1) throw new Error(`payout ${row.id} settled but its link ${link.id} is ${link.status}, not claimed by it`);
    await tx.auditEvent.create({
      data: { organizationId: row.organization_id, actor: ACTOR, action: "payout_link.completed", subjectId: link.id, data: { transaction_id: row.id } },
    });
    // The outbox: the events commit (or not) with the settlement itself.
    const completed = await tx.payoutLink.findUniqueOrThrow({ where: { id: link.id } });
    await recordEvent(tx, { organizationId: row.organization_id, type: "payout_link.completed", data: serializePayoutLink(completed, at), at });
    await recordEvent(tx, { organizationId: row.organization_id, type: "settlement.created", data: await transactionObject(tx, row.id), at });
    return true;
  });
}

/** processing → failed: the link is claimable again (hold kept) or, past its expiry, expired. */
async function fail(
  db: PrismaClient,
  row: Leased,
  reason: string,
  at: Date,
  // A refusal at initiation fails the payout before it was ever processing.
  options: { from: ("queued" | "processing")[]; rail?: string } = { from: ["processing"] },
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.transaction.updateMany({
      where: { id: row.id, status: { in: options.from } },
      data: {
        status: "failed", failureReason: reason, failedAt: at, nextCheckAt: null, leaseOwner: null, leaseExpiresAt: null,
        ...(options.rail ? { rail: options.rail } : {}),
      },
    });
    if (count !== 1) return false;
    await reopenOrExpire(tx, row, "claimed", `payout failed: ${reason}`, at);
    await tx.auditEvent.create({
      data: { organizationId: row.organization_id, actor: ACTOR, action: "payout.failed", subjectId: row.payout_link_id, data: { transaction_id: row.id, reason } },
    });
    await recordEvent(tx, { organizationId: row.organization_id, type: "payout.failed", data: await transactionObject(tx, row.id), at });
    return true;
  });
}

/** settled → returned: a reversal re-holds the amount; the link is claimable again or expired. */
async function returned(db: PrismaClient, row: Leased, reason: string, at: Date): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.transaction.updateMany({
      where: { id: row.id, status: "settled" },
      data: { status: "returned", failureReason: reason, returnedAt: at, nextCheckAt: null, leaseOwner: null, leaseExpiresAt: null },
    });
    if (count !== 1) return false;
    const link = await tx.payoutLink.findUniqueOrThrow({ where: { id: row.payout_link_id } });
    await reverseDebit(tx, { fundingAccountId: link.fundingAccountId, amount: row.amount, payoutLinkId: link.id, transactionId: row.id, reason: `payout returned: ${reason}` });
    await reopenOrExpire(tx, row, "completed", `payout returned: ${reason}`, at);
    await tx.auditEvent.create({
      data: { organizationId: row.organization_id, actor: ACTOR, action: "payout.returned", subjectId: row.payout_link_id, data: { transaction_id: row.id, reason } },
    });
    await recordEvent(tx, { organizationId: row.organization_id, type: "payout.returned", data: await transactionObject(tx, row.id), at });
    return true;
  });
}

/**
 * The link of a failed or returned payout, which holds its amount at this point: back to pending
 * while it has not expired (the claimant can try another account), else expired with the hold
 * released. recipient_id and transaction_id keep pointing at the last attempt until a new claim.
 */
async function reopenOrExpire(tx: Tx, row: Leased, from: "claimed" | "completed", lastFailure: string, at: Date) {
  const link = await tx.payoutLink.findUniqueOrThrow({ where: { id: row.payout_link_id } });
  const where = { id: link.id, status: from, transactionId: row.id };
  if (link.expiresAt.getTime() > at.getTime()) {
    const { count } = await tx.payoutLink.updateMany({
      where: { ...where, expiresAt: { gt: at } },
      data: { status: "pending", attemptCount: { increment: 1 }, lastFailure, claimedAt: null, completedAt: null, claimPublicTokenHash: null },
    });
    if (count !== 1) throw new Error(`link ${link.id} of payout ${row.id} is ${link.status}, not ${from}`);
    return;
  }
  const { count } = await tx.payoutLink.updateMany({
    where,
    data: { status: "expired", expiredAt: at, attemptCount: { increment: 1 }, lastFailure, completedAt: null },
  });
  if (count !== 1) throw new Error(`link ${link.id} of payout ${row.id} is ${link.status}, not ${from}`);
  await releaseHold(tx, { fundingAccountId: link.fundingAccountId, amount: row.amount, payoutLinkId: link.id, transactionId: row.id, reason: "expired after a failed payout" });
  await tx.auditEvent.create({ data: { organizationId: row.organization_id, actor: ACTOR, action: "payout_link.expired", subjectId: link.id } });
  const expired = await tx.payoutLink.findUniqueOrThrow({ where: { id: link.id } });
  await recordEvent(tx, { organizationId: row.organization_id, type: "payout_link.expired", data: serializePayoutLink(expired, at), at });
}

/** The payout as GET /treasury/transactions/{id} shows it, read inside the outcome's transaction. */
async function transactionObject(tx: Tx, id: string) {
  return serializeTransaction(await tx.transaction.findUniqueOrThrow({ where: { id }, select: TRANSACTION_SELECT }));
}

/**
 * Runs ticks until stopped: straight on while there is a full batch of work, otherwise every
 * pollIntervalMs. Returns a stop function that resolves once the current tick has finished.
 */
export function startPayoutWorker(
  db: PrismaClient,
  rail: PayoutRail,
  options: Omit<PayoutTickOptions, "workerId"> & { workerId?: string; pollIntervalMs: number; onTick?: (r: PayoutTickResult) => void },
): { workerId: string; stop: () => Promise<void> } {
  const workerId = options.workerId ?? newWorkerId();
  const stop = startLeaseLoop("payout worker", () => runPayoutTick(db, rail, { ...options, workerId }), {
    batchSize: options.batchSize ?? 50,
    pollIntervalMs: options.pollIntervalMs,
    onTick: options.onTick,
  });
  return { workerId, stop };
}
