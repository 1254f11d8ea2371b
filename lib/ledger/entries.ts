import "server-only";
import { inTransaction, type DbOrTx, type Tx } from "../db/transaction";

// Every movement is an append-only ledger entry plus one conditional UPDATE of the account's running
// balances, in the same transaction. The UPDATE's WHERE clause is the guard (never below zero), so
// concurrent movements cannot overdraw even without locks taken in advance.
//
//   deposit: available += amount
//   hold:    available -= amount, held += amount   (generate: one statement, see generate-payout-link.ts)
//   release: held -= amount, available += amount   (cancel, expiry)
//   debit:   held -= amount                        (payout settled)

export async function deposit(db: DbOrTx, input: { fundingAccountId: string; amount: number; description: string }) {
  return inTransaction(db, async (tx) => {
    await tx.fundingAccount.update({
      where: { id: input.fundingAccountId },
      data: { available: { increment: input.amount } },
    });
    return tx.ledgerEntry.create({
      data: { fundingAccountId: input.fundingAccountId, kind: "deposit", amount: input.amount, description: input.description },
    });
  });
}

/** Returns a link's hold to available. Call only after winning the link's own status transition. */
export async function releaseHold(tx: Tx, input: { fundingAccountId: string; amount: number; payoutLinkId: string; reason: string }) {
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
      description: input.reason,
    },
  });
}
