import "server-only";
import { config } from "../config";
import type { RateLimitRule } from "../http/rate-limit";

// Per minute. A claimant needs a handful of requests; anything far beyond that is a script.
export function claimRateLimits(action: "view" | "link-token" | "submit"): { perIp: RateLimitRule; perToken: RateLimitRule } {
  const { CLAIM_RATE_LIMIT_PER_IP, CLAIM_RATE_LIMIT_PER_TOKEN } = config();
  return {
    perIp: { name: `claim-${action}-ip`, limit: CLAIM_RATE_LIMIT_PER_IP, windowSeconds: 60 },
    perToken: { name: `claim-${action}-token`, limit: CLAIM_RATE_LIMIT_PER_TOKEN, windowSeconds: 60 },
  };
}
