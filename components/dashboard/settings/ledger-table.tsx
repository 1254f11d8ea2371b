import type { LedgerHistoryEntry } from "@/lib/dashboard/settings/ledger-history";
import { formatCents } from "@/lib/dashboard/settings/parse-dollars";
import { LocalTime } from "./local-time";
import styles from "./settings.module.css";

const KIND_LABEL: Record<LedgerHistoryEntry["kind"], string> = {
  deposit: "Deposit",
  hold: "Held for a link",
  release: "Hold released",
  debit: "Paid out",
  reversal: "Payout returned",
};

function Change({ cents }: { cents: number }) {
  if (cents === 0) return <span className={styles.muted}>—</span>;
  return <span className={cents > 0 ? styles.plus : styles.minus}>{cents > 0 ? `+${formatCents(cents)}` : `−${formatCents(-cents)}`}</span>;
}

export function LedgerTable({ entries }: { entries: LedgerHistoryEntry[] }) {
  return (
    <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Ledger history (scrolls sideways on small screens)">
      <table className={styles.table}>
        <caption className="visually-hidden">Ledger entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Entry</th>
            <th scope="col" className={styles.num}>
              Available
            </th>
            <th scope="col" className={styles.num}>
              Held
            </th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="ledger-entry">
              <td>
                <LocalTime iso={entry.createdAt} />
              </td>
              <th scope="row">{KIND_LABEL[entry.kind]}</th>
              <td className={styles.num}>
                <Change cents={entry.availableChange} />
              </td>
              <td className={styles.num}>
                <Change cents={entry.heldChange} />
              </td>
              <td>
                {entry.description}
                {entry.payoutLinkId ? <span className={`${styles.mono} ${styles.muted}`}> {entry.payoutLinkId}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
