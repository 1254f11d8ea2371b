import { bankLink } from "@/lib/bank-link/bank-link";
import { claimRateLimits } from "@/lib/claims/rate-limits";
import { CLAIM_FIELD_ERROR_CODES, SubmitClaimInput } from "@/lib/claims/schemas";
import { submitClaim } from "@/lib/claims/submit-claim";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { publicRoute } from "@/lib/http/public-route";

export const runtime = "nodejs";

/** The claimant's submit: public (the token is the credential), same-origin only, rate limited. */
export const POST = publicRoute(
  { body: SubmitClaimInput, fieldCodes: CLAIM_FIELD_ERROR_CODES, ...claimRateLimits("submit") },
  async ({ db, body, token }) => ({ status: 200, body: { data: await submitClaim(db, bankLink(), token, body) } }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
