import "server-only";
import { inTransaction, type DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import type { ErrorCode } from "../errors/codes";
import { releaseHold } from "../ledger/entries";
import { effectiveStatus } from "./effective-status";
import { findPayoutLinkRow } from "./find-payout-link";
import type { PayoutLink, PayoutLinkStatus } from "./schemas";
import { serializePayoutLink } from "./serialize-payout-link";
import { recordEvent } from "../webhooks/events";

/** Why a link that is no longer pending cannot change, as the error code the API returns. */
export const NOT_PENDING_CODES: Record<Exclude<PayoutLinkStatus, "pending">, ErrorCode> = {
  claimed: "payout_link_already_claimed",
  completed: "payout_link_already_completed",
  expired: "payout_link_expired",
  cancelled: "payout_link_cancelled",
};

/**
 * pending → cancelled with one conditional UPDATE; the hold is released in the same transaction.
 * Of any number of concurrent cancels (or a cancel racing a claim) exactly one wins; the others
 * get the 409 that names the state they lost to.
 */
export async function cancelPayoutLink(
  db: DbOrTx,
  actor: { organizationId: string; actor: string },
  reference: string,
): Promise<PayoutLink> {
  return inTransaction(db, async (tx) => {
    const link = await findPayoutLinkRow(tx, actor.organizationId, reference);
    const now = new Date();
    const { count } = await tx.payoutLink.updateMany({
      where: { id: link.id, status: "pending", expiresAt: { gt: now } },
      data: { status: "cancelled", cancelledAt: now },
    });
    if (count !== 1) {
      const current = await tx.payoutLink.findUniqueOrThrow({ where: { id: link.id } });
      const status = effectiveStatus(current, now);
      throw new AppError(NOT_PENDING_CODES[status as Exclude<PayoutLinkStatus, "pending">] ?? "payout_link_expired", {
        param: "token",
      });
    }
    await releaseHold(tx, { fundingAccountId: link.fundingAccountId, amount: link.amount, payoutLinkId: link.id, reason: "cancelled" });
    await tx.auditEvent.create({
      data: { organizationId: actor.organizationId, actor: actor.actor, action: "payout_link.cancelled", subjectId: link.id },
    });
    const cancelled = serializePayoutLink({ ...link, status: "cancelled", cancelledAt: now }, now);
    await recordEvent(tx, { organizationId: actor.organizationId, type: "payout_link.cancelled", data: cancelled });
    return cancelled;
  });
}
