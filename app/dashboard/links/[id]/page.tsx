import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/dashboard/format/local-time";
import { Money } from "@/components/dashboard/format/money";
import { CopyButton } from "@/components/dashboard/links/copy-button";
import { CancelLinkButton, ResendEmailButton } from "@/components/dashboard/links/link-actions";
import { StatusBadge } from "@/components/dashboard/links/status-badge";
import styles from "@/components/dashboard/links/links.module.css";
import { getLinkDetail } from "@/lib/dashboard/link-detail";
import { formatCents } from "@/lib/dashboard/parse-money";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { parsePublicId } from "@/lib/ids";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";

export const metadata = { title: "Link · Payout Links", referrer: "no-referrer" };

const EVENT_LABELS: Record<string, string> = {
  "payout_link.claimed": "Claimed",
  "payout_link.completed": "Completed",
  "payout_link.expired": "Expired",
  "payout_link.cancelled": "Cancelled",
  "settlement.created": "Payout settled",
  "payout.failed": "Payout failed",
  "payout.returned": "Payout returned",
};

export default async function LinkPage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperator();
  const { id } = await params;
  // Only plink_ ids here: a claim token in a dashboard URL would end up in history and logs.
  if (!parsePublicId("payoutLink", id)) notFound();
  const detail = await getLinkDetail(await db(), operator.organizationId, id).catch((err) => {
    if (err instanceof AppError && err.code === "payout_link_not_found") notFound();
    throw err;
  });
  const { link } = detail;
  const canOperate = hasRole(operator.role, "operator");
  const pending = link.status === "pending";

  return (
    <>
      <p>
        <Link href="/dashboard/links">← All links</Link>
      </p>
      <div className={styles.pageHeader}>
        <h1>
          <Money cents={link.amount} /> <StatusBadge status={link.status} />
        </h1>
        {pending && canOperate ? (
          <div className={styles.actions}>
            <CancelLinkButton linkId={link.id} amount={formatCents(link.amount)} />
            {detail.sentTo ? <ResendEmailButton linkId={link.id} to={detail.sentTo} /> : null}
          </div>
        ) : null}
      </div>

      <section className={styles.card} aria-labelledby="link-heading">
        <h2 id="link-heading">Link</h2>
        <dl className={styles.dl}>
          <dt>Id</dt>
          <dd>
            <code>{link.id}</code>
          </dd>
          <dt>Description</dt>
          <dd>{link.description}</dd>
          <dt>Created</dt>
          <dd>
            <LocalTime iso={link.created_at} />
          </dd>
          <dt>Expires</dt>
          <dd>
            <LocalTime iso={link.expires_at} />
          </dd>
          {detail.sentTo ? (
            <>
              <dt>Sent to</dt>
              <dd>{detail.sentTo}</dd>
            </>
          ) : null}
          {detail.attemptCount > 0 ? (
            <>
              <dt>Payout attempts</dt>
              <dd>
                {detail.attemptCount}
                {detail.lastFailure ? ` (last: ${detail.lastFailure})` : ""}
              </dd>
            </>
          ) : null}
          {Object.keys(link.metadata).length ? (
            <>
              <dt>Metadata</dt>
              <dd>
                {Object.entries(link.metadata).map(([k, v]) => (
                  <div key={k}>
                    <code>{k}</code>: {v}
                  </div>
                ))}
              </dd>
            </>
          ) : null}
        </dl>
        {pending ? (
          <>
            <h3>Claim URL</h3>
            <code className={styles.url} data-testid="claim-url">
              {link.url}
            </code>
            <CopyButton text={link.url} />
          </>
        ) : null}
      </section>

      <section className={styles.card} aria-labelledby="recipient-heading">
        <h2 id="recipient-heading">Recipient</h2>
        {detail.recipient ? (
          <dl className={styles.dl}>
            <dt>Name</dt>
            <dd>{detail.recipient.name}</dd>
            <dt>Email</dt>
            <dd>{detail.recipient.email}</dd>
            <dt>Id</dt>
            <dd>
              <Link href={`/dashboard/links?q=${detail.recipient.id}`}>{detail.recipient.id}</Link>
            </dd>
            {detail.recipient.payment_methods.map((pm) => (
              <div key={pm.id} style={{ display: "contents" }}>
                <dt>Bank account</dt>
                <dd>
                  {pm.bank_name} ••••{pm.mask}
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className={styles.muted}>Not claimed yet.</p>
        )}
      </section>

      <section className={styles.card} aria-labelledby="payouts-heading">
        <h2 id="payouts-heading">Payouts</h2>
        {detail.transactions.length ? (
          <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Payouts table">
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Transaction</th>
                  <th scope="col" className={styles.num}>
                    Amount
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {detail.transactions.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <code>{t.id}</code>
                    </td>
                    <td className={styles.num}>
                      <Money cents={t.amount} />
                    </td>
                    <td data-testid="transaction-status">
                      {t.status}
                      {t.failure_reason ? ` — ${t.failure_reason}` : ""}
                    </td>
                    <td>
                      <LocalTime iso={t.created_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className={styles.muted}>No payout yet.</p>
        )}
      </section>

      <section className={styles.card} aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className={styles.timeline}>
          <li>
            <strong>Created</strong> · <LocalTime iso={link.created_at} />
          </li>
          {detail.timeline.map((e) => (
            <li key={e.eventId}>
              <strong>{EVENT_LABELS[e.type] ?? e.type}</strong> · <LocalTime iso={e.at.toISOString()} /> · <code className={styles.muted}>{e.type}</code>
              {e.deliveries.length ? (
                <ul>
                  {e.deliveries.map((d, i) => (
                    <li key={i} className={styles.muted}>
                      Webhook to {d.endpointUrl}: {d.status}
                      {d.lastStatusCode ? ` (HTTP ${d.lastStatusCode})` : ""}, {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
