import "server-only";
import type { DbOrTx } from "../db/transaction";
import { enforceRateLimit, refundRateLimit, type RateLimitRule } from "../http/rate-limit";
import { config } from "../config";
import { normalizeEmail } from "./email-address";
import { hashPassword, MAX_PASSWORD_LENGTH, needsRehash, verifyAgainstDummy, verifyPassword } from "./password";

export function signInRateLimits(): { perIp: RateLimitRule; perEmail: RateLimitRule } {
  const cfg = config();
  return {
    perIp: { name: "sign-in-ip", limit: cfg.SIGN_IN_RATE_LIMIT_PER_IP, windowSeconds: 15 * 60 },
    perEmail: { name: "sign-in-email", limit: cfg.SIGN_IN_RATE_LIMIT_PER_EMAIL, windowSeconds: 15 * 60 },
  };
}

/**
 * Email + password sign-in. Every attempt counts against the caller's IP and the email (fixed
 * 15-minute windows in the database, shared by all processes) before any password is checked, and
 * a successful one is refunded: the limits count failures, so people who sign in often are never
 * locked out, while parallel guesses are still bounded. A refusal throws AppError("rate_limited")
 * with retryAfterSeconds. A wrong password, an unknown email and an account without a password all
 * return null after the same amount of hashing.
 */
export async function verifyCredentials(db: DbOrTx, input: { email: string; password: string; ip: string }) {
  const email = normalizeEmail(input.email).slice(0, 254);
  const limits = signInRateLimits();
  const now = Date.now();
  await enforceRateLimit(db, limits.perIp, input.ip, now);
  await enforceRateLimit(db, limits.perEmail, email, now);
  if (!email || !input.password || input.password.length > MAX_PASSWORD_LENGTH) return null;

  const user = await db.user.findUnique({ where: { email } });
  if (!user?.passwordHash) return verifyAgainstDummy(input.password).then(() => null);
  if (!(await verifyPassword(input.password, user.passwordHash))) return null;

  const data: { lastSignInAt: Date; passwordHash?: string } = { lastSignInAt: new Date() };
  // Parameters raised since this hash was made: store one with today's, now that we know the password.
  if (needsRehash(user.passwordHash)) data.passwordHash = await hashPassword(input.password);
  await db.user.update({ where: { id: user.id }, data });
  await refundRateLimit(db, limits.perIp, input.ip, now);
  await refundRateLimit(db, limits.perEmail, email, now);
  return { id: user.id, email: user.email, name: user.name };
}
