import type { PayoutLinkStatus } from "./schemas";

/** A pending link past its expiry reads as expired at once, before the sweeper persists it. */
export function effectiveStatus(link: { status: PayoutLinkStatus; expiresAt: Date }, now = new Date()): PayoutLinkStatus {
  return link.status === "pending" && link.expiresAt.getTime() <= now.getTime() ? "expired" : link.status;
}
