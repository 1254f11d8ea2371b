import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ClaimClosed } from "@/components/claim/claim-closed";
import { ClaimFlow } from "@/components/claim/claim-flow";
import { ClaimStatus } from "@/components/claim/claim-status";
import { formatMoney } from "@/components/claim/format";
import { SandboxBadge } from "@/components/sandbox-badge";
import { bankLink } from "@/lib/bank-link/bank-link";
import { PLAID_LINK_SCRIPT_URL, SANDBOX_LINK_SCRIPT_PATH } from "@/lib/bank-link/sandbox-link-script";
import { getClaimView } from "@/lib/claims/get-claim-view";
import { db } from "@/lib/db/client";
import { getClaimBranding } from "@/lib/organizations/claim-branding";
import type { CSSProperties } from "react";

export const metadata: Metadata = {
  title: "Claim your payout",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/**
 * The public claim page. Server-rendered on every request (it reads headers for the CSP nonce);
 * reading it never changes the link — mail scanners open links too.
 */
export default async function ClaimPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const requestHeaders = await headers();
  const nonce = requestHeaders.get("x-nonce") ?? undefined;
  // Page views are rate limited per IP and per token in proxy.ts, which can answer with a real 429.
  const prisma = await db();
  const [found, branding] = await Promise.all([getClaimView(prisma, token), getClaimBranding(prisma, token)]);
  if (!found || !branding) notFound();
  // The organisation's display name (dashboard → Branding) wherever the page names the sender.
  const view = { ...found, organizationName: branding.name };
  const brand = branding.accent
    ? ({ "data-branded": "", style: { "--brand-accent": branding.accent.background, "--brand-accent-text": branding.accent.text } as CSSProperties })
    : {};
  const footer = branding.supportEmail ? (
    <footer className="claim-footer">
      Questions about this payment? Contact {view.organizationName} at <a href={`mailto:${branding.supportEmail}`}>{branding.supportEmail}</a>.
    </footer>
  ) : null;

  const sandbox = bankLink().mode === "sandbox";
  const topbar = (
    <div className="claim-topbar">
      <span className="claim-brand claim-brand-name">
        {branding.logoPath ? (
          // eslint-disable-next-line @next/next/no-img-element -- our own copy of the logo, served from this origin (the CSP allows 'self' only)
          <img className="claim-brand-logo" src={branding.logoPath} alt={`${view.organizationName} logo`} />
        ) : null}
        {view.organizationName}
      </span>
      {sandbox ? <SandboxBadge /> : null}
    </div>
  );

  if (view.status === "claimed" || view.status === "completed") {
    return (
      <main className="claim" {...brand}>
        {topbar}
        <ClaimStatus {...view} status={view.status} selfHref={`/claim/${token}`} />
        {footer}
      </main>
    );
  }

  if (view.status === "expired" || view.status === "cancelled") {
    return (
      <main className="claim" {...brand}>
        {topbar}
        <ClaimClosed
          status={view.status}
          organizationName={view.organizationName}
          at={view.status === "expired" ? view.expiresAt : view.cancelledAt}
        />
        {footer}
      </main>
    );
  }

  return (
    <main className="claim" {...brand}>
      {sandbox ? (
        <>
          {/* react-plaid-link skips loading Plaid's CDN script when a tag with its URL exists; this
              one never runs. The sandbox's own script defines window.Plaid before hydration. */}
          <script type="text/plain" src={PLAID_LINK_SCRIPT_URL} />
          <script src={SANDBOX_LINK_SCRIPT_PATH} nonce={nonce} />
        </>
      ) : null}
      {topbar}
      <header className="claim-header">
        <h1 className="claim-title">
          <span className="claim-from">{view.organizationName} sent you</span>{" "}
          <span className="claim-amount">{formatMoney(view.amount, view.currency)}</span>
        </h1>
        {/* Plain text: React escapes it, so markup in a description shows as typed. */}
        {view.description ? <p className="claim-description">{view.description}</p> : null}
      </header>
      {view.earlierPayoutFailed ? (
        <p className="claim-notice" role="status">
          This payout was claimed before, but the bank could not complete it, so no money was sent. Please claim it again
          with a different account.
        </p>
      ) : null}
      <ClaimFlow token={token} organizationName={view.organizationName} amount={view.amount} currency={view.currency} />
      <noscript>
        <p className="claim-noscript">
          Claiming this payment needs JavaScript to connect your bank securely. Turn JavaScript on, or open this link in another
          browser.
        </p>
      </noscript>
      {footer}
    </main>
  );
}
