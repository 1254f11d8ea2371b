import { headers } from "next/headers";
import Link from "next/link";
import { AdminOnly } from "@/components/dashboard/settings/admin-only";
import { AddFundsForm, LinkFundingBank } from "@/components/dashboard/settings/funding-forms";
import { LedgerTable } from "@/components/dashboard/settings/ledger-table";
import { LocalTime } from "@/components/dashboard/settings/local-time";
import { bankLink } from "@/lib/bank-link/bank-link";
import { PLAID_LINK_SCRIPT_URL, SANDBOX_LINK_SCRIPT_PATH } from "@/lib/bank-link/sandbox-link-script";
import { config } from "@/lib/config";
import { listDeposits } from "@/lib/funding/deposits";
import { listFundingSources } from "@/lib/funding/funding-sources";
import styles from "@/components/dashboard/settings/settings.module.css";
import { db } from "@/lib/db/client";
import { listLedgerHistory } from "@/lib/dashboard/settings/ledger-history";
import { formatCents } from "@/lib/dashboard/settings/parse-dollars";
import { AppError } from "@/lib/errors/app-error";
import { getBalance } from "@/lib/ledger/balance";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";
import { addFundsAction, fundingLinkTokenAction, linkFundingSourceAction } from "./actions";

export const metadata = { title: "Funding · Payout Links" };

const PAGE = "/dashboard/settings/funding";

export default async function FundingPage({ searchParams }: { searchParams: Promise<{ before?: string | string[] }> }) {
  const operator = await requireOperator();
  if (!hasRole(operator.role, "admin")) return <AdminOnly title="Funding" operator={operator} what="see the funding balance and add funds" />;
  const { before } = await searchParams;
  const cursor = typeof before === "string" ? before : undefined;
  const prisma = await db();
  const [balance, sources, deposits] = await Promise.all([
    getBalance(prisma, operator.organizationId),
    listFundingSources(prisma, operator.organizationId, { limit: 100 }),
    listDeposits(prisma, operator.organizationId, { limit: 10 }),
  ]);
  const sandboxBank = bankLink().mode === "sandbox";
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const sourceOptions = sources.data.map((s) => ({ id: s.id, label: `${s.bank_name} ····${s.mask}${s.account_name ? ` (${s.account_name})` : ""}` }));
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
      {sandboxBank ? (
        <>
          {/* As on the claim page: react-plaid-link skips loading Plaid's CDN script when a tag with
              its URL exists (this one never runs); the sandbox's own Link script defines window.Plaid. */}
          <script type="text/plain" src={PLAID_LINK_SCRIPT_URL} />
          <script src={SANDBOX_LINK_SCRIPT_PATH} nonce={nonce} />
        </>
      ) : null}
      <p className={styles.lede}>Links are paid from this balance. Creating a link holds its amount until it is paid, cancelled or expires.</p>
      <section aria-labelledby="balance-heading" className={styles.section}>
        <h2 id="balance-heading">Balance</h2>
        <dl className={styles.balances}>
          <div>
            <dt>Available</dt>
            <dd data-testid="balance-available">{formatCents(balance.available)}</dd>
          </div>
          <div>
            <dt>Pending deposits</dt>
            <dd data-testid="balance-pending">{formatCents(balance.pending)}</dd>
          </div>
          <div>
            <dt>Held for unpaid links</dt>
            <dd data-testid="balance-held">{formatCents(balance.held)}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="sources-heading" className={styles.section}>
        <h2 id="sources-heading">Funding bank account</h2>
        {sources.data.length === 0 ? (
          <p className={styles.muted}>No bank account linked yet.{config().PAYOUT_RAIL === "sandbox" ? " On the sandbox rail you can add funds without one." : ""}</p>
        ) : (
          <ul className={styles.sources}>
            {sources.data.map((s) => (
              <li key={s.id} data-testid="funding-source">
                <strong>{s.bank_name}</strong> ····{s.mask} {s.account_name ? <span className={styles.muted}>{s.account_name}</span> : null}{" "}
                <span className={styles.muted}>
                  routing {s.routing_number} · linked <LocalTime iso={s.created_at} />
                </span>
              </li>
            ))}
          </ul>
        )}
        <LinkFundingBank getLinkToken={fundingLinkTokenAction} link={linkFundingSourceAction} sandboxScript={sandboxBank ? SANDBOX_LINK_SCRIPT_PATH : undefined} />
        {sandboxBank ? <p className={styles.hint}>Sandbox bank: sign in with user_good / pass_good. No real money moves.</p> : null}
      </section>
      <section aria-labelledby="add-funds-heading" className={styles.section}>
        <h2 id="add-funds-heading">Add funds</h2>
        <AddFundsForm action={addFundsAction} sources={sourceOptions} sourceRequired={config().PAYOUT_RAIL === "plaid-transfer"} />
        {deposits.data.length ? (
          <>
            <h3 className={styles.subheading}>Recent deposits</h3>
            <ul className={styles.sources}>
              {deposits.data.map((d) => (
                <li key={d.id} data-testid="deposit">
                  <strong>{formatCents(d.amount)}</strong>{" "}
                  <span className={`${styles.badge} ${d.status === "succeeded" ? styles.badgeGood : d.status === "failed" ? styles.badgeBad : ""}`}>{d.status}</span>{" "}
                  <span className={styles.muted}>
                    {d.sandbox ? "sandbox" : d.rail} · <LocalTime iso={d.created_at} />
                    {d.failure_reason ? ` · ${d.failure_reason}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
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
