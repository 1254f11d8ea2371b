import "server-only";
import { config } from "../config";
import type { Deposit as DepositRow } from "../db/generated/client";
import { inTransaction, type DbOrTx, type Tx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { cursorId, pageTake, toPage } from "../http/cursor-page";
import { newId, parsePublicId, publicId } from "../ids";
import { deposit as creditAvailable } from "../ledger/entries";
import { defaultFundingAccount } from "../ledger/funding-accounts";
import { recordEvent } from "../webhooks/events";
import { findLiveFundingSource } from "./find-funding-source";
import { DEPOSIT_MAX_AMOUNT, type CreateDepositInput, type Deposit, type DepositList, type ListDepositsQuery } from "./schemas";

// Deposits: how money gets onto the funding account. On the sandbox rail a deposit is credited in
// the transaction that creates it (no money moves). On plaid-transfer it is an ACH debit of a linked
// funding source: the deposit is `pending` (shown in the balance's `pending`) until the deposit
// worker (deposit-worker.ts) sees the transfer's funds available and credits it, or sees it
// declined/failed/returned and marks it failed with nothing credited.

export type DepositRail = "sandbox" | "plaid-transfer";

export function serializeDeposit(row: DepositRow): Deposit {
  return {
    id: publicId("deposit", row.id),
    object: "deposit",
    amount: row.amount,
    currency: row.currency as "USD",
    status: row.status,
    rail: row.rail,
    sandbox: row.rail === "sandbox",
    funding_source_id: row.fundingSourceId ? publicId("fundingSource", row.fundingSourceId) : null,
    description: row.description,
    rail_reference: row.railReference,
    failure_reason: row.failureReason,
    created_at: row.createdAt.toISOString(),
    succeeded_at: row.succeededAt?.toISOString() ?? null,
    failed_at: row.failedAt?.toISOString() ?? null,
  };
}

/**
 * pending → succeeded: the one credit of this deposit (the unique index on ledger_entries.deposit_id
 * refuses a second) and its event, in the caller's transaction. Returns false when someone else
 * already moved the deposit.
 */
export async function creditDeposit(tx: Tx, row: DepositRow, at: Date): Promise<boolean> {
  const { count } = await tx.deposit.updateMany({
    where: { id: row.id, status: "pending" },
    data: { status: "succeeded", succeededAt: at, nextCheckAt: null, leaseOwner: null, leaseExpiresAt: null },
  });
  if (count !== 1) return false;
  await creditAvailable(tx, {
    fundingAccountId: row.fundingAccountId,
    amount: row.amount,
    depositId: row.id,
    description: row.rail === "sandbox" ? "Sandbox deposit: no real money" : `Deposit via ${row.rail} ${row.railReference ?? ""}`.trim(),
  });
  const done = await tx.deposit.findUniqueOrThrow({ where: { id: row.id } });
  await recordEvent(tx, { organizationId: row.organizationId, type: "deposit.succeeded", data: serializeDeposit(done), at });
  return true;
}

/** pending → failed: nothing is credited; the event says so. */
export async function failDeposit(tx: Tx, row: DepositRow, reason: string, at: Date): Promise<boolean> {
  const { count } = await tx.deposit.updateMany({
    where: { id: row.id, status: "pending" },
    data: { status: "failed", failureReason: reason.slice(0, 500), failedAt: at, nextCheckAt: null, leaseOwner: null, leaseExpiresAt: null },
  });
  if (count !== 1) return false;
  const done = await tx.deposit.findUniqueOrThrow({ where: { id: row.id } });
  await recordEvent(tx, { organizationId: row.organizationId, type: "deposit.failed", data: serializeDeposit(done), at });
  return true;
}

/**
 * Creates a deposit. Validation (cap, currency, funding source) happens before anything is written.
 * Joins the caller's transaction (the idempotency record's), so the same Idempotency-Key can never
 * make two deposits.
 */
export async function createDeposit(
  db: DbOrTx,
  actor: { organizationId: string; actor: string },
  input: CreateDepositInput,
  options: { rail?: DepositRail; now?: Date } = {},
): Promise<Deposit> {
  // The route's schema checks these too; callers without it (the admin CLI, server actions) get the same rules.
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new AppError("amount_invalid", { param: "amount" });
  if (input.amount > DEPOSIT_MAX_AMOUNT) {
    throw new AppError("amount_too_large", { param: "amount", message: `amount must be at most ${DEPOSIT_MAX_AMOUNT} cents ($100,000.00) per deposit` });
  }
  const rail = options.rail ?? config().PAYOUT_RAIL;
  const source = input.funding_source_id !== undefined ? await findLiveFundingSource(db, actor.organizationId, input.funding_source_id, "funding_source_id") : null;
  if (rail === "plaid-transfer") {
    if (!source) throw new AppError("funding_source_required", { param: "funding_source_id" });
    if (!source.plaidAccessTokenCiphertext || !source.plaidAccountId) {
      throw new AppError("parameter_invalid", { param: "funding_source_id", message: "This funding source was not linked through Plaid, so Plaid Transfer cannot debit it." });
    }
  }
  const at = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const account = await defaultFundingAccount(tx, actor.organizationId);
    const row = await tx.deposit.create({
      data: {
        id: newId(at.getTime()),
        organizationId: actor.organizationId,
        fundingAccountId: account.id,
        fundingSourceId: source?.id ?? null,
        amount: input.amount,
        currency: input.currency,
        description: input.description ?? null,
        status: "pending",
        rail,
        // The worker picks a plaid-transfer deposit up at once; a sandbox one is credited right here.
        nextCheckAt: rail === "plaid-transfer" ? at : null,
        createdAt: at,
        updatedAt: at,
      },
    });
    await tx.auditEvent.create({
      data: { organizationId: actor.organizationId, actor: actor.actor, action: "deposit.created", subjectId: row.id, data: { amount: input.amount, rail } },
    });
    if (rail === "sandbox") {
      if (!(await creditDeposit(tx, row, at))) throw new Error(`new deposit ${row.id} was not pending`);
    }
    return serializeDeposit(await tx.deposit.findUniqueOrThrow({ where: { id: row.id } }));
  });
}

export async function getDeposit(db: DbOrTx, organizationId: string, reference: string): Promise<Deposit> {
  const id = parsePublicId("deposit", reference);
  const row = id ? await db.deposit.findFirst({ where: { id, organizationId } }) : null;
  if (!row) throw new AppError("deposit_not_found", { param: "id" });
  return serializeDeposit(row);
}

/** Newest first; the cursor is a key comparison on the ULID. */
export async function listDeposits(db: DbOrTx, organizationId: string, query: ListDepositsQuery): Promise<DepositList> {
  const before = await cursorId("deposit", query.starting_after, organizationId, (id) => db.deposit.findUnique({ where: { id }, select: { organizationId: true } }));
  const rows = await db.deposit.findMany({
    where: { organizationId, ...(before ? { id: { lt: before } } : {}), ...(query.status ? { status: query.status } : {}) },
    orderBy: { id: "desc" },
    take: pageTake(query.limit),
  });
  return toPage(rows, query.limit, serializeDeposit);
}
