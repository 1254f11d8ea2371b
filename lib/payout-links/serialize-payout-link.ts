import "server-only";
import { config } from "../config";
import type { PayoutLink as PayoutLinkRow } from "../db/generated/client";
import { publicId } from "../ids";
import { revealClaimToken } from "./claim-token";
import { effectiveStatus } from "./effective-status";
import type { PayoutLink } from "./schemas";

export function claimUrl(token: string): string {
  return `${config().appUrl}/claim/${token}`;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A row, or the row generate is about to insert (its funding account comes from the statement). */
export function serializePayoutLink(row: Omit<PayoutLinkRow, "fundingAccountId">, now = new Date(), token = revealClaimToken(row.tokenCiphertext)): PayoutLink {
  return {
    id: publicId("payoutLink", row.id),
    object: "payout_link",
    url: claimUrl(token),
    token,
    amount: row.amount,
    currency: "USD",
    description: row.description,
    status: effectiveStatus(row, now),
    expires_at: row.expiresAt.toISOString(),
    created_at: row.createdAt.toISOString(),
    claimed_at: iso(row.claimedAt),
    completed_at: iso(row.completedAt),
    cancelled_at: iso(row.cancelledAt),
    recipient_id: row.recipientId ? publicId("recipient", row.recipientId) : null,
    transaction_id: row.transactionId ? publicId("transaction", row.transactionId) : null,
    metadata: row.metadata as Record<string, string>,
  };
}
