import "server-only";
import type { BankLink } from "../bank-link/types";
import { decrypt } from "../crypto/encryption";
import type { Prisma } from "../db/generated/client";
import type { DbOrTx } from "../db/transaction";

/*
 * A removed funding source keeps its row (deposits name it) but should keep no live credential at
 * the bank. Its Item is removed, and its access token forgotten, once no deposit from it is still
 * on its way (the deposit worker needs the token to start the debit). That happens at removal, right
 * after the deposit worker ends the last pending deposit, and, as the safety net for a crash between
 * the two or a bank that could not be reached, in the background sweep (lib/boot/background-jobs.ts).
 */

const RELEASABLE: Prisma.FundingSourceWhereInput = {
  removedAt: { not: null },
  plaidAccessTokenCiphertext: { not: null },
  deposits: { none: { status: "pending" } },
};

/** Loaded on first use only: the Plaid client costs a worker on the sandbox rail seconds at start. */
async function defaultBank(): Promise<BankLink> {
  return (await import("../bank-link/bank-link")).bankLink();
}

/**
 * Removes the Item of one removed funding source with no pending deposit, then forgets its token.
 * Returns true when this call forgot the token. The token is kept when the bank could not remove
 * the Item, so the sweep tries again. Concurrent callers may both ask the bank (removing an Item
 * twice is fine); the token is cleared by one conditional update.
 */
export async function releaseRemovedSourceItem(db: DbOrTx, fundingSourceId: string, bank?: BankLink): Promise<boolean> {
  const source = await db.fundingSource.findFirst({ where: { id: fundingSourceId, ...RELEASABLE }, select: { plaidAccessTokenCiphertext: true } });
  const ciphertext = source?.plaidAccessTokenCiphertext;
  if (!ciphertext) return false;
  if (!(await (bank ?? (await defaultBank())).removeItem(decrypt(ciphertext)))) return false;
  const { count } = await db.fundingSource.updateMany({
    where: { id: fundingSourceId, plaidAccessTokenCiphertext: ciphertext },
    data: { plaidAccessTokenCiphertext: null },
  });
  return count === 1;
}

/**
 * releaseRemovedSourceItem for callers whose own work must not fail with it (the removal, a
 * deposit's end, the sweep): a failure is logged and left to the next sweep.
 */
export async function tryReleaseRemovedSourceItem(db: DbOrTx, fundingSourceId: string, bank?: BankLink): Promise<boolean> {
  try {
    return await releaseRemovedSourceItem(db, fundingSourceId, bank);
  } catch (err) {
    console.error(`funding source ${fundingSourceId}: could not release its Item:`, err instanceof Error ? err.message : err);
    return false;
  }
}

/** The background sweep: releases up to `limit` removed sources still holding a token. Returns how many it released. */
export async function releaseRemovedSourceItems(db: DbOrTx, options: { bank?: BankLink; limit?: number } = {}): Promise<number> {
  const due = await db.fundingSource.findMany({ where: RELEASABLE, select: { id: true }, orderBy: { id: "asc" }, take: options.limit ?? 20 });
  let released = 0;
  for (const { id } of due) if (await tryReleaseRemovedSourceItem(db, id, options.bank)) released++;
  return released;
}
