import "server-only";
import { inTransaction, type DbOrTx, type Tx } from "../db/transaction";

// Every movement is an append-only ledger entry plus one conditional UPDATE of the account's running
// balances, in the same transaction. The UPDATE's WHERE clause is the guard (never below zero), so
// concurrent movements cannot overdraw even without locks taken in advance.
//
//   deposit: available += amount                  (once per deposit object: see lib/funding)
//   hold:    available -= amount, held += amount   (generate: one statement, see generate-payout-link.ts)
//   release:  held -= amount, available += amount  (cancel, expiry; once per link, it ends the link)
//   debit:    held -= amount                       (payout settled; once per payout transaction)
//   reversal: held += amount                       (settled payout returned; once per transaction)
//
// A reversal puts the money back on hold for its link rather than into available: the link goes
// back to pending (or, past its expiry, is released at once), so a pending or claimed link is
// always covered by exactly its amount held, however many payout attempts it has seen.

/**
 * Credits available. With `depositId` (a deposit object, lib/funding), the unique index on
 * ledger_entries.deposit_id makes a second credit of the same deposit fail and roll back.
 */
export async function deposit(db: DbOrTx, input: { fundingAccountId: string; amount: number; description: string; depositId?: string }) {
  return inTransaction(db, async (tx) => {
    await tx.fundingAccount.update({
      where: { id: input.fundingAccountId },
      data: { available: { increment: input.amount } },
    });
    return tx.ledgerEntry.create({
      data: { fundingAccountId: input.fundingAccountId, kind: "deposit", amount: input.amount, description: input.description, depositId: input.depositId },
    });
  });
}

/** Returns a link's hold to available. Call only after winning the link's own status transition. */
export async function releaseHold(tx: Tx, input: { fundingAccountId: string; amount: number; payoutLinkId: string; reason: string; transactionId?: string }) {
  const { count } = await tx.fundingAccount.updateMany({
    where: { id: input.fundingAccountId, held: { gte: input.amount } },
    data: { held: { decrement: input.amount }, available: { increment: input.amount } },
  });
  // Unreachable unless the ledger is already inconsistent: fail loudly and roll back.
  if (count !== 1) throw new Error(`funding account ${input.fundingAccountId} holds less than ${input.amount}`);
  await tx.ledgerEntry.create({
    data: {
      fundingAccountId: input.fundingAccountId,
      kind: "release",
      amount: input.amount,
      payoutLinkId: input.payoutLinkId,
      transactionId: input.transactionId,
      description: input.reason,
    },
  });
}

type PayoutMovement = { fundingAccountId: string; amount: number; payoutLinkId: string; transactionId: string; reason: string };

/**
 * A settled payout consumes its link's hold. Call only after winning the transaction's own
 * processing → settled update; the unique (transaction_id, kind) index refuses a second debit.
 */
export async function debitHold(tx: Tx, input: PayoutMovement) {
  const { count } = await tx.fundingAccount.updateMany({
    where: { id: input.fundingAccountId, held: { gte: input.amount } },
    data: { held: { decrement: input.amount } },
  });
  if (count !== 1) throw new Error(`funding account ${input.fundingAccountId} holds less than ${input.amount}`);
  await tx.ledgerEntry.create({
    data: {
      fundingAccountId: input.fundingAccountId,
      kind: "debit",
      amount: input.amount,
      payoutLinkId: input.payoutLinkId,
      transactionId: input.transactionId,
      description: input.reason,
    },
  });
}

/**
 * A settled payout came back: its amount is held for the link again (see the note at the top).
 * Call only after winning the transaction's settled → returned update.
 */
export async function reverseDebit(tx: Tx, input: PayoutMovement) {
  await tx.fundingAccount.update({ where: { id: input.fundingAccountId }, data: { held: { increment: input.amount } } });
  await tx.ledgerEntry.create({
    data: {
      fundingAccountId: input.fundingAccountId,
      kind: "reversal",
      amount: input.amount,
      payoutLinkId: input.payoutLinkId,
      transactionId: input.transactionId,
      description: input.reason,
    },
  });
}
