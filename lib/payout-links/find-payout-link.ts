import "server-only";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { parsePublicId } from "../ids";
import { claimTokenHash, isWellFormedClaimToken } from "./claim-token";

/**
 * Finds an organisation's link by its claim token or its `plink_…` id. Another organisation's
 * link and a malformed reference are the same 404: existence is not revealed.
 */
export async function findPayoutLinkRow(db: DbOrTx, organizationId: string, reference: string) {
  const id = parsePublicId("payoutLink", reference);
  const row = id
    ? await db.payoutLink.findUnique({ where: { id } })
    : isWellFormedClaimToken(reference)
      ? await db.payoutLink.findUnique({ where: { tokenHash: claimTokenHash(reference) } })
      : null;
  if (!row || row.organizationId !== organizationId) throw new AppError("payout_link_not_found", { param: "token" });
  return row;
}
