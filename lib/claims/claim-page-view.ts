import "server-only";
import { sha256Hex } from "../crypto/secrets";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { clientIp } from "../http/client-ip";
import { enforceRateLimit } from "../http/rate-limit";
import { isWellFormedClaimToken } from "../payout-links/claim-token";
import { claimRateLimits } from "./rate-limits";

/**
 * Rate limits for claim page views, per client IP and per token (counted under the token's hash,
 * as the claim endpoints do; malformed tokens count against the IP only). Returns null when the
 * view may go ahead, else the seconds to wait. Used by proxy.ts for GET/HEAD /claim/[token].
 */
export async function checkClaimPageViewLimits(db: DbOrTx, token: string, requestHeaders: Headers): Promise<number | null> {
  const rules = claimRateLimits("view");
  try {
    await enforceRateLimit(db, rules.perIp, clientIp(new Request("http://claim.invalid/", { headers: requestHeaders })));
    if (isWellFormedClaimToken(token)) await enforceRateLimit(db, rules.perToken, sha256Hex(token).slice(0, 32));
    return null;
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") return err.retryAfterSeconds ?? 60;
    throw err;
  }
}
