import "server-only";
import type { DbOrTx } from "../db/transaction";
import { claimTokenHash, isWellFormedClaimToken } from "../payout-links/claim-token";
import { claimBranding, type ClaimBranding } from "./settings";

/**
 * The branding of the organisation behind a claim token, for the claim page (one indexed read
 * beside getClaimView's). Null for an unknown token: the page is a 404 then anyway.
 */
export async function getClaimBranding(db: DbOrTx, token: string): Promise<ClaimBranding | null> {
  if (!isWellFormedClaimToken(token)) return null;
  const link = await db.payoutLink.findUnique({
    where: { tokenHash: claimTokenHash(token) },
    select: {
      organization: { select: { name: true, brandDisplayName: true, brandLogoSha256: true, brandAccentColor: true, brandSupportEmail: true } },
    },
  });
  return link ? claimBranding(link.organization) : null;
}
