/**
 * The client's address as the nearest proxy saw it. Next fills X-Forwarded-For from the socket only
 * when the request has none, so a client talking to the app directly could pick its own value:
 * deploy behind a proxy that overwrites the header (per-IP limits are a second line; the per-token
 * limits do not depend on it).
 */
export function clientIp(req: Request): string {
  const forwarded = req.headers.get("x-forwarded-for");
  const first = forwarded?.split(",")[0]?.trim();
  return first || "unknown";
}
