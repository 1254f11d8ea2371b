import { bankLink } from "@/lib/bank-link/bank-link";
import { BankLinkError } from "@/lib/bank-link/types";
import { getClaimView } from "@/lib/claims/get-claim-view";
import { claimRateLimits } from "@/lib/claims/rate-limits";
import { randomToken } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors/app-error";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { publicRoute } from "@/lib/http/public-route";

export const runtime = "nodejs";

/**
 * A Plaid link token for one claim session of a pending link. Same-origin only and rate limited
 * (publicRoute). Links that cannot be claimed get the same 404 as unknown tokens.
 */
export const POST = publicRoute({ ...claimRateLimits("link-token") }, async ({ db, token }) => {
  const view = await getClaimView(db, token);
  if (!view || view.status !== "pending") throw new AppError("payout_link_not_found", { param: "token" });
  const link = bankLink();
  try {
    const { linkToken, expiration } = await link.createLinkToken({
      // Plaid's per-user id: random per claim session. Never the claim token, which is a credential.
      clientUserId: `claim_${randomToken(16)}`,
      clientName: view.organizationName.slice(0, 30),
    });
    return { status: 200, body: { data: { link_token: linkToken, expiration, mode: link.mode } } };
  } catch (err) {
    if (err instanceof BankLinkError) {
      throw new AppError(err.kind === "rate_limited" ? "rate_limited" : "bank_unavailable", err.kind === "rate_limited" ? { retryAfterSeconds: 30 } : {});
    }
    throw err;
  }
});

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
