import "server-only";
import type { DbOrTx } from "../db/transaction";
import { getBalance } from "../ledger/balance";
import { PAYOUT_LINK_STATUSES, type PayoutLinkStatus } from "../payout-links/schemas";
import { listEvents } from "../webhooks/events";

export type DayPoint = { day: string; created: number; redeemed: number; paidCents: number };

export type Overview = {
  available: number;
  held: number;
  byStatus: Record<PayoutLinkStatus, number>;
  days: DayPoint[];
  events: Awaited<ReturnType<typeof listEvents>>["data"];
};

const DAY_MS = 24 * 3600 * 1000;

/**
 * Everything the overview shows, in four reads. Days are UTC calendar days (the charts label them
 * so): a server-rendered chart cannot know the viewer's zone, and UTC days add up the same for
 * every member of the organisation.
 */
export async function getOverview(db: DbOrTx, organizationId: string, options: { days?: number; now?: Date } = {}): Promise<Overview> {
  const now = options.now ?? new Date();
  const dayCount = options.days ?? 30;
  const firstDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (dayCount - 1) * DAY_MS);

  const [balance, statusRows, createdRows, paidRows, events] = await Promise.all([
    getBalance(db, organizationId),
    // Pending links past their expiry count as expired, as everywhere else.
    db.$queryRaw<{ status: PayoutLinkStatus; n: bigint }[]>`
      SELECT CASE WHEN status = 'pending' AND expires_at <= ${now} THEN 'expired' ELSE status::text END AS status, count(*) AS n
      FROM payout_links WHERE organization_id = ${organizationId} GROUP BY 1`,
    // Links created each day and how many of those have been claimed since (redemption).
    db.$queryRaw<{ day: Date; created: bigint; redeemed: bigint }[]>`
      SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AS day, count(*) AS created,
             count(*) FILTER (WHERE claimed_at IS NOT NULL) AS redeemed
      FROM payout_links WHERE organization_id = ${organizationId} AND created_at >= ${firstDay}
      GROUP BY 1`,
    // Money paid out: settled payouts by the day they settled.
    db.$queryRaw<{ day: Date; paid: bigint }[]>`
      SELECT date_trunc('day', settled_at AT TIME ZONE 'UTC') AS day, sum(amount) AS paid
      FROM transactions WHERE organization_id = ${organizationId} AND status = 'settled' AND settled_at >= ${firstDay}
      GROUP BY 1`,
    listEvents(db, organizationId, { limit: 10 }),
  ]);

  const byStatus = Object.fromEntries(PAYOUT_LINK_STATUSES.map((s) => [s, 0])) as Record<PayoutLinkStatus, number>;
  for (const r of statusRows) byStatus[r.status] += Number(r.n);

  const key = (d: Date) => d.toISOString().slice(0, 10);
  const created = new Map(createdRows.map((r) => [key(r.day), r]));
  const paid = new Map(paidRows.map((r) => [key(r.day), Number(r.paid)]));
  const days: DayPoint[] = [];
  for (let i = 0; i < dayCount; i++) {
    const day = key(new Date(firstDay.getTime() + i * DAY_MS));
    const c = created.get(day);
    days.push({ day, created: Number(c?.created ?? 0), redeemed: Number(c?.redeemed ?? 0), paidCents: paid.get(day) ?? 0 });
  }
  return { available: balance.available, held: balance.held, byStatus, days, events: events.data };
}
