import "server-only";
import { getToken, type JWT } from "next-auth/jwt";
import { config } from "../config";
import { authSecret, ensureNextAuthUrl } from "./auth-secret";

/** What the session cookie carries: who signed in, which organisation they are working in, and when. */
export type SessionClaims = { userId: string; organizationId: string | null; signedInAt: number };

type CookieSource = { cookies: unknown; headers: unknown };

/**
 * Decodes the session cookie and applies the absolute lifetime: a session ends
 * SESSION_MAX_AGE_SECONDS after sign-in however active it was (next-auth alone would slide the
 * expiry on every session read). Null when there is no valid, unexpired session.
 */
export async function readSessionClaims(req: CookieSource, now = Date.now()): Promise<SessionClaims | null> {
  ensureNextAuthUrl();
  // Only the cookie counts: getToken would also accept an Authorization: Bearer JWE.
  const token = await getToken({ req: { cookies: req.cookies, headers: {} } as never, secret: authSecret() });
  return claimsFromToken(token, now);
}

export function claimsFromToken(token: JWT | null, now = Date.now()): SessionClaims | null {
  if (!token || typeof token.userId !== "string" || typeof token.signedInAt !== "number") return null;
  if (token.signedInAt + config().SESSION_MAX_AGE_SECONDS * 1000 <= now) return null;
  return {
    userId: token.userId,
    organizationId: typeof token.organizationId === "string" ? token.organizationId : null,
    signedInAt: token.signedInAt,
  };
}
