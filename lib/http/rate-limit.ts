import "server-only";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";

/** `message`: what the refusal says, when the generic "too many requests" would not tell enough. */
export type RateLimitRule = { name: string; limit: number; windowSeconds: number; message?: string };

/**
 * Fixed-window counter kept in the database, so every web process shares one count. One UPSERT
 * per check; old windows are deleted by the background tick.
 */
export async function enforceRateLimit(db: DbOrTx, rule: RateLimitRule, subject: string, now = Date.now()): Promise<void> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const key = `${rule.name}:${subject}`;
  const [row] = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_counters (key, window_start, count) VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
    RETURNING count`;
  if (row.count > rule.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000));
    throw new AppError("rate_limited", { retryAfterSeconds, ...(rule.message ? { message: rule.message } : {}) });
  }
}

/**
 * Gives back one unit counted by enforceRateLimit at `now` (same window), for limits that should
 * count failures only: counting first and refunding on success keeps concurrent attempts bounded.
 */
export async function refundRateLimit(db: DbOrTx, rule: RateLimitRule, subject: string, now: number): Promise<void> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  await db.$executeRaw`UPDATE rate_limit_counters SET count = count - 1 WHERE key = ${`${rule.name}:${subject}`} AND window_start = ${windowStart} AND count > 0`;
}

export async function deleteExpiredRateLimitWindows(db: DbOrTx, now = new Date()) {
  // Windows are at most an hour long in this app.
  await db.rateLimitCounter.deleteMany({ where: { windowStart: { lt: new Date(now.getTime() - 3600_000) } } });
}
