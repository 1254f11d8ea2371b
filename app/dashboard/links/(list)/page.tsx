import Link from "next/link";
import { LocalTime } from "@/components/dashboard/format/local-time";
import { Money } from "@/components/dashboard/format/money";
import { STATUS_LABELS, StatusBadge } from "@/components/dashboard/links/status-badge";
import styles from "@/components/dashboard/links/links.module.css";
import { searchPayoutLinks, type LinkSearch } from "@/lib/dashboard/search-payout-links";
import { db } from "@/lib/db/client";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";
import { PAYOUT_LINK_STATUSES, PayoutLinkStatus } from "@/lib/payout-links/schemas";

export const metadata = { title: "Links · Payout Links" };

type Params = { status?: PayoutLinkStatus; q?: string; after?: string };

/** The page's query string, from what it is showing plus changes. */
function href(current: Params, change: Partial<Params>, path = "/dashboard/links") {
  const next = { ...current, ...change };
  const qs = new URLSearchParams(Object.entries(next as Record<string, string | undefined>).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const text = qs.toString();
  return text ? `${path}?${text}` : path;
}

export default async function LinksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const operator = await requireOperator();
  const raw = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.slice(0, 200);
  const statusParsed = PayoutLinkStatus.safeParse(one(raw.status));
  const current: Params = { status: statusParsed.success ? statusParsed.data : undefined, q: one(raw.q)?.trim() || undefined, after: one(raw.after) };
  const search: LinkSearch = { status: current.status, q: current.q, after: current.after, limit: 50 };
  const page = await searchPayoutLinks(await db(), operator.organizationId, search);
  const filtered = Boolean(current.status || current.q);

  return (
    <>
      <div className={styles.pageHeader}>
        <h1>Links</h1>
        <div className={styles.actions}>
          <a className={styles.button} href={href({ status: current.status, q: current.q }, {}, "/dashboard/links/export")} download>
            Export CSV
          </a>
          {hasRole(operator.role, "operator") ? (
            <Link className={styles.buttonPrimary} href="/dashboard/links/new">
              New link
            </Link>
          ) : null}
        </div>
      </div>

      <nav aria-label="Filter by status">
        <ul className={styles.statusTabs}>
          <li>
            <Link href={href({ q: current.q }, {})} aria-current={!current.status ? "page" : undefined}>
              All
            </Link>
          </li>
          {PAYOUT_LINK_STATUSES.map((s) => (
            <li key={s}>
              <Link href={href({ q: current.q }, { status: s })} aria-current={current.status === s ? "page" : undefined}>
                {STATUS_LABELS[s]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <form className={styles.filters} role="search" action="/dashboard/links">
        {current.status ? <input type="hidden" name="status" value={current.status} /> : null}
        <label>
          Search
          <input type="search" name="q" defaultValue={current.q ?? ""} placeholder="Description, email, plink_… or rcp_…" />
        </label>
        <button type="submit" className={styles.button}>
          Search
        </button>
        {current.q ? (
          <Link className={styles.button} href={href({ status: current.status }, {})}>
            Clear search
          </Link>
        ) : null}
      </form>

      {page.rows.length === 0 ? (
        <div className={`${styles.card} ${styles.empty}`}>
          {filtered || current.after ? (
            <p>No links match. Try another search or status.</p>
          ) : (
            <>
              <p>No payout links yet.</p>
              {hasRole(operator.role, "operator") ? (
                <p>
                  <Link href="/dashboard/links/new">Create your first link</Link> or <Link href="/dashboard/links/bulk">upload a CSV</Link>.
                </p>
              ) : null}
            </>
          )}
        </div>
      ) : (
        <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Links table">
          <table className={styles.table}>
            <caption className="visually-hidden">Payout links, newest first</caption>
            <thead>
              <tr>
                <th scope="col" className={styles.num}>
                  Amount
                </th>
                <th scope="col">Description</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Recipient</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={row.id} data-link-id={row.id}>
                  <td className={styles.num}>
                    <Link href={`/dashboard/links/${row.id}`}>
                      <Money cents={row.amount} />
                      <span className="visually-hidden"> — {row.description}</span>
                    </Link>
                  </td>
                  <td className={styles.description}>{row.description}</td>
                  <td>
                    <StatusBadge status={row.status} />
                  </td>
                  <td>
                    <LocalTime iso={row.createdAt.toISOString()} />
                  </td>
                  <td>
                    <LocalTime iso={row.expiresAt.toISOString()} />
                  </td>
                  <td>
                    {row.recipientName ? (
                      <>
                        {row.recipientName}
                        <br />
                        <span className={styles.muted}>{row.recipientEmail}</span>
                      </>
                    ) : row.sentTo ? (
                      <span className={styles.muted}>Sent to {row.sentTo}</span>
                    ) : (
                      <span className={styles.muted}>—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <nav className={styles.pager} aria-label="Pages">
        {current.after ? (
          <Link className={styles.button} href={href(current, { after: undefined })}>
            Newest
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link className={styles.button} href={href(current, { after: page.nextCursor })} rel="next">
            Older links
          </Link>
        ) : null}
      </nav>
    </>
  );
}
