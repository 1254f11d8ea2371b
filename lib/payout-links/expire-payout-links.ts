import "server-only";
import type { DbOrTx } from "../db/transaction";
import { inTransaction } from "../db/transaction";
import { releaseHold } from "../ledger/entries";
import { recordEvent } from "../webhooks/events";
import { serializePayoutLink } from "./serialize-payout-link";

/**
 * The sweeper: persists the expiry of due pending links and releases their holds. Rows are
 * claimed with FOR UPDATE SKIP LOCKED, so any number of sweepers (web processes, workers) can run
 * side by side without waiting on or doubling each other. Returns how many links it expired.
 */
export async function expireDuePayoutLinks(db: DbOrTx, options: { now?: Date; batchSize?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 200;
  return inTransaction(db, async (tx) => {
    const expired = await tx.$queryRaw<{ id: string; organization_id: string; funding_account_id: string; amount: number }[]>`
      WITH due AS (
        SELECT id FROM payout_links
        WHERE status = 'pending' AND expires_at <= ${now}
        ORDER BY expires_at
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE payout_links p SET status = 'expired', expired_at = ${now}
      FROM due WHERE p.id = due.id AND p.status = 'pending'
      RETURNING p.id, p.organization_id, p.funding_account_id, p.amount`;
    // The expired rows as the API shows them, for the events: one read for the batch.
    const rows = new Map((await tx.payoutLink.findMany({ where: { id: { in: expired.map((l) => l.id) } } })).map((r) => [r.id, r]));
    // Holds are released in funding account order. A batch spans organisations, and two sweepers
    // moving the same accounts in the order their links fell due could each hold the account the
    // other needs next: a deadlock, one batch rolled back. One order for every sweeper rules it out.
    expired.sort((x, y) => compare(x.funding_account_id, y.funding_account_id) || compare(x.id, y.id));
    for (const link of expired) {
      await releaseHold(tx, { fundingAccountId: link.funding_account_id, amount: link.amount, payoutLinkId: link.id, reason: "expired" });
      await tx.auditEvent.create({
        data: { organizationId: link.organization_id, actor: "system:sweeper", action: "payout_link.expired", subjectId: link.id },
      });
      await recordEvent(tx, { organizationId: link.organization_id, type: "payout_link.expired", data: serializePayoutLink(rows.get(link.id)!, now) });
    }
    return expired.length;
  });
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
