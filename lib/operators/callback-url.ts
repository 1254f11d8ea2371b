/**
 * Where to go after signing in: a path on this site only (never `//host` or an absolute URL, which
 * would make the sign-in page an open redirect). Defaults to the dashboard.
 */
export function safeCallbackUrl(value: string | undefined | null, ownOrigin?: string): string {
  if (!value) return "/dashboard";
  let candidate = value;
  try {
    // next-auth may hand over an absolute URL of this same site; any other origin is refused.
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
      const url = new URL(value);
      if (!ownOrigin || url.origin !== new URL(ownOrigin).origin) return "/dashboard";
      candidate = url.pathname + url.search;
    }
  } catch {
    return "/dashboard";
  }
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return "/dashboard";
  if (candidate.startsWith("/sign-in") || candidate.startsWith("/api/")) return "/dashboard";
  return candidate;
}
