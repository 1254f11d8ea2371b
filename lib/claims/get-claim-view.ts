import "server-only";
import type { DbOrTx } from "../db/transaction";
import { claimTokenHash, isWellFormedClaimToken } from "../payout-links/claim-token";
import { effectiveStatus } from "../payout-links/effective-status";
import type { PayoutLinkStatus } from "../payout-links/schemas";

/** What the claim page may show. Deliberately small: the claimant sees nothing else of the operator. */
export type ClaimView = {
  status: PayoutLinkStatus;
  organizationName: string;
  amount: number;
  currency: "USD";
  description: string;
  expiresAt: string;
  claimedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  /** Once claimed: the account the money goes to, by bank name and last four digits only. */
  bank: { institutionName: string; mask: string } | null;
  /** Once claimed: where the payout is (queued, processing, settled, failed, returned). */
  payoutStatus: string | null;
  payoutUpdatedAt: string | null;
  /** Pending again because an earlier payout failed or was returned: the claimant should know. */
  earlierPayoutFailed: boolean;
};

/**
 * Reads a link for its claim page, by claim token. Read-only: opening a link (also by mail
 * scanners) never changes it. Unknown or malformed tokens give null and the page says only "not
 * found".
 */
export async function getClaimView(db: DbOrTx, token: string, now = new Date()): Promise<ClaimView | null> {
  if (!isWellFormedClaimToken(token)) return null;
  const link = await db.payoutLink.findUnique({
    where: { tokenHash: claimTokenHash(token) },
    include: { organization: { select: { name: true } } },
  });
  if (!link) return null;
  // After a failed attempt the link is pending again but still names that attempt's transaction;
  // the page shows the claim flow then, not the failed account.
  const transaction = link.transactionId && link.status !== "pending"
    ? await db.transaction.findUnique({ where: { id: link.transactionId }, include: { paymentMethod: true } })
    : null;
  return {
    status: effectiveStatus(link, now),
    organizationName: link.organization.name,
    amount: link.amount,
    currency: "USD",
    description: link.description,
    expiresAt: link.expiresAt.toISOString(),
    claimedAt: link.claimedAt?.toISOString() ?? null,
    completedAt: link.completedAt?.toISOString() ?? null,
    cancelledAt: link.cancelledAt?.toISOString() ?? null,
    bank: transaction ? { institutionName: transaction.paymentMethod.institutionName, mask: transaction.paymentMethod.mask } : null,
    payoutStatus: transaction?.status ?? null,
    payoutUpdatedAt: transaction?.updatedAt.toISOString() ?? null,
    earlierPayoutFailed: link.status === "pending" && link.attemptCount > 0,
  };
}
