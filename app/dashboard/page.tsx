import Link from "next/link";
import { LocalTime } from "@/components/dashboard/format/local-time";
import { Money } from "@/components/dashboard/format/money";
import { STATUS_LABELS } from "@/components/dashboard/links/status-badge";
import styles from "@/components/dashboard/links/links.module.css";
import { BarChart } from "@/components/dashboard/overview/bar-chart";
import { getOverview } from "@/lib/dashboard/overview";
import { formatCents } from "@/lib/dashboard/parse-money";
import { db } from "@/lib/db/client";
import { requireOperator } from "@/lib/operators/session";
import { PAYOUT_LINK_STATUSES } from "@/lib/payout-links/schemas";

export const metadata = { title: "Overview · Payout Links" };

/** What an event is about, as a link to the link's page when it names one. */
function eventSubject(object: { id?: string; payout_link_id?: string; amount?: number }) {
  const linkId = object.payout_link_id ?? (object.id?.startsWith("plink_") ? object.id : undefined);
  return { linkId, amount: object.amount };
}

export default async function OverviewPage() {
  const operator = await requireOperator();
  const overview = await getOverview(await db(), operator.organizationId);
  const created = overview.days.reduce((s, d) => s + d.created, 0);
  const redeemed = overview.days.reduce((s, d) => s + d.redeemed, 0);
  const paid = overview.days.reduce((s, d) => s + d.paidCents, 0);
  const rate = created ? Math.round((redeemed / created) * 1000) / 10 : 0;

  return (
    <>
      <h1>Overview</h1>
      <div className={styles.grid}>
        <section className={styles.card} aria-labelledby="available-heading">
          <h2 id="available-heading">Available balance</h2>
          <p className={styles.stat} data-testid="available-balance">
            <Money cents={overview.available} />
          </p>
          <p className={styles.hint}>What new links can draw on.</p>
        </section>
        <section className={styles.card} aria-labelledby="held-heading">
          <h2 id="held-heading">Held</h2>
          <p className={styles.stat} data-testid="held-balance">
            <Money cents={overview.held} />
          </p>
          <p className={styles.hint}>Reserved by pending and claimed links.</p>
        </section>
        <section className={styles.card} aria-labelledby="status-heading">
          <h2 id="status-heading">Links by status</h2>
          <ul style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {PAYOUT_LINK_STATUSES.map((s) => (
              <li key={s}>
                <Link href={`/dashboard/links?status=${s}`}>{STATUS_LABELS[s]}</Link>: <strong data-testid={`count-${s}`}>{overview.byStatus[s].toLocaleString("en-US")}</strong>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <div className={styles.grid}>
        <section className={styles.card} aria-labelledby="rate-heading">
          <h2 id="rate-heading">Redemption, last 30 days</h2>
          <p>
            {redeemed.toLocaleString("en-US")} of {created.toLocaleString("en-US")} links created were claimed ({rate}%).
          </p>
          <BarChart
            title="Share of each day's links that have been claimed"
            bars={overview.days.map((d) => ({ label: d.day, value: d.created ? Math.round((d.redeemed / d.created) * 100) : 0 }))}
            format={(v) => `${v}%`}
          />
        </section>
        <section className={styles.card} aria-labelledby="paid-heading">
          <h2 id="paid-heading">Paid out, last 30 days</h2>
          <p>{formatCents(paid)} settled.</p>
          <BarChart title="Amount settled each day" bars={overview.days.map((d) => ({ label: d.day, value: d.paidCents }))} format={formatCents} color="#15803d" />
        </section>
      </div>

      <section className={styles.card} aria-labelledby="events-heading">
        <h2 id="events-heading">Latest events</h2>
        {overview.events.length ? (
          <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Events table">
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Link</th>
                  <th scope="col" className={styles.num}>
                    Amount
                  </th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {overview.events.map((e) => {
                  const subject = eventSubject(e.data.object as { id?: string; payout_link_id?: string; amount?: number });
                  return (
                    <tr key={e.id}>
                      <td>
                        <code>{e.type}</code>
                      </td>
                      <td>{subject.linkId ? <Link href={`/dashboard/links/${subject.linkId}`}>{subject.linkId}</Link> : "—"}</td>
                      <td className={styles.num}>{typeof subject.amount === "number" ? <Money cents={subject.amount} /> : "—"}</td>
                      <td>
                        <LocalTime iso={e.created_at} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className={styles.muted}>No events yet. They appear as links are claimed, paid, cancelled or expire.</p>
        )}
      </section>
    </>
  );
}
