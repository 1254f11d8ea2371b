import Link from "next/link";
import { AdminOnly } from "@/components/dashboard/settings/admin-only";
import { LedgerTable } from "@/components/dashboard/settings/ledger-table";
import styles from "@/components/dashboard/settings/settings.module.css";
import { db } from "@/lib/db/client";
import { listLedgerHistory } from "@/lib/dashboard/settings/ledger-history";
import { formatCents } from "@/lib/dashboard/settings/parse-dollars";
import { AppError } from "@/lib/errors/app-error";
import { getBalance } from "@/lib/ledger/balance";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";

export const metadata = { title: "Funding · Payout Links" };

const PAGE = "/dashboard/settings/funding";

export default async function FundingPage({ searchParams }: { searchParams: Promise<{ before?: string | string[] }> }) {
  const operator = await requireOperator();
  if (!hasRole(operator.role, "admin")) return <AdminOnly title="Funding" operator={operator} what="see the funding balance and add funds" />;
  const { before } = await searchParams;
  const cursor = typeof before === "string" ? before : undefined;
  const prisma = await db();
  const balance = await getBalance(prisma, operator.organizationId);
  let history;
  try {
    history = await listLedgerHistory(prisma, operator.organizationId, { cursor });
  } catch (err) {
    if (!(err instanceof AppError && err.code === "cursor_invalid")) throw err;
    history = null;
  }
  return (
    <>
      <h1>Funding</h1>
      <p className={styles.lede}>Links are paid from this balance. Creating a link holds its amount until it is paid, cancelled or expires.</p>
      <section aria-labelledby="balance-heading" className={styles.section}>
        <h2 id="balance-heading">Balance</h2>
        <dl className={styles.balances}>
          <div>
            <dt>Available</dt>
            <dd data-testid="balance-available">{formatCents(balance.available)}</dd>
          </div>
          <div>
            <dt>Held for unpaid links</dt>
            <dd data-testid="balance-held">{formatCents(balance.held)}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="history-heading" className={styles.section}>
        <h2 id="history-heading">History</h2>
        {history === null ? (
          <p className={styles.refusal} role="status">
            That page of the history does not exist. <Link href={PAGE}>Show the newest entries</Link>.
          </p>
        ) : history.entries.length === 0 ? (
          <p className={`${styles.card} ${styles.empty}`}>{cursor ? "No older entries." : "No money has moved yet: add funds to start."}</p>
        ) : (
          <LedgerTable entries={history.entries} />
        )}
        <nav className={styles.pager} aria-label="History pages">
          {cursor ? (
            <Link className={styles.small} href={PAGE}>
              Newest
            </Link>
          ) : null}
          {history?.nextCursor ? (
            <Link className={styles.small} href={`${PAGE}?before=${history.nextCursor}`}>
              Older entries
            </Link>
          ) : null}
        </nav>
      </section>
    </>
  );
}
