import "server-only";
import type { DbOrTx } from "../db/transaction";
import { publicId } from "../ids";
import { findPayoutLinkRow } from "../payout-links/find-payout-link";
import type { PayoutLink } from "../payout-links/schemas";
import { serializePayoutLink } from "../payout-links/serialize-payout-link";
import { RECIPIENT_INCLUDE, serializeRecipient } from "../recipients/serialize-recipient";
import type { Recipient } from "../recipients/schemas";
import { serializeTransaction, TRANSACTION_SELECT } from "../transactions/serialize-transaction";
import type { Transaction } from "../transactions/schemas";

export type TimelineEntry = {
  eventId: string;
  type: string;
  at: Date;
  deliveries: { endpointUrl: string; status: string; attempts: number; lastStatusCode: number | null; deliveredAt: Date | null }[];
};

export type LinkDetail = {
  link: PayoutLink;
  sentTo: string | null;
  attemptCount: number;
  lastFailure: string | null;
  recipient: Recipient | null;
  transactions: Transaction[];
  timeline: TimelineEntry[];
};

/**
 * Everything the link's page shows. Another organisation's link is payout_link_not_found (the page
 * turns it into a 404), exactly as the API answers.
 */
export async function getLinkDetail(db: DbOrTx, organizationId: string, reference: string): Promise<LinkDetail> {
  const row = await findPayoutLinkRow(db, organizationId, reference);
  const linkId = publicId("payoutLink", row.id);
  const [recipient, transactions, events] = await Promise.all([
    row.recipientId ? db.recipient.findFirst({ where: { id: row.recipientId, organizationId }, include: RECIPIENT_INCLUDE }) : null,
    db.transaction.findMany({ where: { payoutLinkId: row.id, organizationId }, select: TRANSACTION_SELECT, orderBy: { id: "asc" } }),
    // Events carry the object as of the change: the link itself (payout_link.*) or its payout
    // (settlement.created, payout.*), which names the link in payout_link_id.
    db.$queryRaw<{ id: string; type: string; created_at: Date }[]>`
      SELECT id, type, created_at FROM events
      WHERE organization_id = ${organizationId}
        AND (payload->>'id' = ${linkId} OR payload->>'payout_link_id' = ${linkId})
      ORDER BY id`,
  ]);
  const deliveries = events.length
    ? await db.webhookDelivery.findMany({
        where: { eventId: { in: events.map((e) => e.id) } },
        include: { endpoint: { select: { url: true } } },
        orderBy: { id: "asc" },
      })
    : [];
  return {
    link: serializePayoutLink(row),
    sentTo: row.recipientEmail,
    attemptCount: row.attemptCount,
    lastFailure: row.lastFailure,
    recipient: recipient ? serializeRecipient(recipient) : null,
    transactions: transactions.map(serializeTransaction),
    timeline: events.map((e) => ({
      eventId: publicId("event", e.id),
      type: e.type,
      at: e.created_at,
      deliveries: deliveries
        .filter((d) => d.eventId === e.id)
        .map((d) => ({ endpointUrl: d.endpoint.url, status: d.status, attempts: d.attemptCount, lastStatusCode: d.lastStatusCode, deliveredAt: d.deliveredAt })),
    })),
  };
}
