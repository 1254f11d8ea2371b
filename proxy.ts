import { NextResponse, type NextRequest } from "next/server";
import { checkClaimPageViewLimits } from "@/lib/claims/claim-page-view";
import { db } from "@/lib/db/client";
import { readSessionClaims } from "@/lib/operators/session-token";

// In front of the public claim page (/claim/[token]):
// - rate limits on page views, per client IP and per token (DB-backed counters shared by every web
//   process), answered with a real 429 + Retry-After, which a page component cannot send;
// - a Content Security Policy with a fresh nonce per request (Next reads the nonce from the
//   request's CSP header and puts it on its own scripts). It allows what Plaid Link needs and
//   nothing else: Plaid's script and frames from cdn.plaid.com, Plaid's API hosts for connections,
//   blob: workers. The sandbox bank's Link script is served from 'self'.
// The other claim-page headers (no-referrer, no-store, noindex, X-Frame-Options) come from
// next.config.js. Proxy runs on the Node.js runtime in the server process (Next 16), so it shares
// the process's database client.

const PLAID_CDN = "https://cdn.plaid.com";
const PLAID_API = ["https://production.plaid.com", "https://sandbox.plaid.com"];

/**
 * One nonce-based policy for every page proxy covers. Pages that open Plaid Link (the claim page,
 * and the funding settings page where an admin links the funding bank account) also get what Link
 * needs and nothing else: Plaid's script and frames from cdn.plaid.com, Plaid's API hosts for
 * connections, blob: workers (the sandbox bank's Link script is served from 'self'). The operator's
 * other pages admit no third party at all.
 */
function contentSecurityPolicy(nonce: string, options: { plaidLink: boolean }): string {
  const plaid = options.plaidLink;
  const dev = process.env.NODE_ENV === "development";
  const directives = [
    "default-src 'self'",
    // No 'strict-dynamic': host sources still count, so react-plaid-link's inserted Plaid script is
    // allowed by its host and the nonce never has to be handed to client code.
    `script-src 'self' 'nonce-${nonce}'${plaid ? ` ${PLAID_CDN}` : ""}${dev ? " 'unsafe-eval'" : ""}`,
    // React's style attributes and Link's overlay use inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    plaid ? `connect-src 'self' ${PLAID_CDN} ${PLAID_API.join(" ")}` : "connect-src 'self'",
    ...(plaid ? [`frame-src ${PLAID_CDN}`, "worker-src blob:"] : []),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if ((process.env.APP_URL ?? "").startsWith("https:")) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * Lets the request through with a fresh nonce: Next reads it from the request's CSP header and puts
 * it on its own scripts; `x-nonce` hands it to pages that render script tags themselves.
 */
function withPolicy(request: NextRequest, options: { plaidLink: boolean; extraRequestHeaders?: Record<string, string> }) {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const csp = contentSecurityPolicy(nonce, options);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(options.extraRequestHeaders ?? {})) requestHeaders.set(name, value);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

// The operator's pages (dashboard, development outbox) and the pages that lead to them (sign-in,
// invitations). Session checks here are the first gate only: every page and server action re-checks
// membership and role in the database (lib/operators/session.ts).
const SIGNED_IN_ONLY = /^\/(dashboard|dev)(\/|$)/;
const PLAID_LINK_PAGES = /^\/dashboard\/settings\/funding(\/|$)/;

async function operatorPages(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (SIGNED_IN_ONLY.test(pathname) && !(await readSessionClaims({ cookies: request.cookies, headers: request.headers }))) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", pathname + search);
    // A session cookie that no longer counts (lifetime over, or sealed with an old secret): say so.
    if (request.cookies.getAll().some((c) => /^(__Secure-)?next-auth\.session-token/.test(c.name))) signIn.searchParams.set("error", "SessionExpired");
    return NextResponse.redirect(signIn, 303);
  }
  // Server components cannot see their own URL; requireOperator sends people back here after sign-in.
  const response = withPolicy(request, { plaidLink: PLAID_LINK_PAGES.test(pathname), extraRequestHeaders: { "x-pathname": pathname + search } });
  response.headers.set("X-Frame-Options", "DENY");
  // Invitation URLs carry their token: keep it out of Referer headers and caches.
  if (pathname.startsWith("/invite/")) {
    response.headers.set("Referrer-Policy", "no-referrer");
    response.headers.set("Cache-Control", "no-store");
  }
  return response;
}

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname !== "/claim" && !pathname.startsWith("/claim/")) return operatorPages(request);
  const segment = /^\/claim\/([^/]+)\/?$/.exec(request.nextUrl.pathname)?.[1];
  if (segment && (request.method === "GET" || request.method === "HEAD")) {
    const retryAfter = await checkClaimPageViewLimits(await db(), safeDecode(segment), request.headers);
    if (retryAfter !== null) return tooManyRequests(retryAfter);
  }
  return withPolicy(request, { plaidLink: true });
}

export const config = {
  // The claim page, and the operator's pages (the API under /treasury and /api has its own rules).
  matcher: ["/claim/:path*", "/dashboard", "/dashboard/:path*", "/dev/:path*", "/sign-in", "/invite/:path*"],
};

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes: not a well-formed token, counted against the IP only
  }
}

/** Plain HTML (no scripts), so it needs no nonce and no framework. */
function tooManyRequests(seconds: number) {
  const wait = `${seconds} second${seconds === 1 ? "" : "s"}`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><title>Too many requests</title><style>body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f8fafc}main{max-width:32rem;margin:0 auto;padding:1rem}section{background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:1.25rem 1rem}h1{font-size:1.5rem;margin:0 0 .5rem}</style></head><body><main><section><h1>Too many requests</h1><p>This page has been opened too many times in a short while. Please wait ${wait}, then reload it.</p></section></main></body></html>`;
  return new NextResponse(html, {
    status: 429,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(seconds),
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
  });
}
