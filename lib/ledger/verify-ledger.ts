import "server-only";
import type { DbOrTx } from "../db/transaction";

export type LedgerViolation = { fundingAccountId: string; problem: string };

/**
 * The invariant: each account's running balances equal what its entries add up to, and neither is
 * negative; every settled payout has exactly one debit (a returned one also exactly one reversal,
 * any other none); and each link's hold is open exactly while the link is pending or claimed
 * (holds + reversals = debits + releases + 1 while open, + 0 once it has ended); and each deposit
 * object is credited exactly once if it succeeded, never otherwise. Tests run it after every scenario; operators can run it with `npm run admin -- verify-ledger`.
 */
export async function verifyLedger(db: DbOrTx): Promise<LedgerViolation[]> {
  const rows = await db.$queryRaw<{ id: string; available: bigint; held: bigint; e_available: bigint | null; e_held: bigint | null }[]>`
    SELECT a.id, a.available, a.held,
      COALESCE(SUM(CASE e.kind WHEN 'deposit' THEN e.amount WHEN 'hold' THEN -e.amount WHEN 'release' THEN e.amount ELSE 0 END), 0)::bigint AS e_available,
      COALESCE(SUM(CASE e.kind WHEN 'hold' THEN e.amount WHEN 'release' THEN -e.amount WHEN 'debit' THEN -e.amount WHEN 'reversal' THEN e.amount ELSE 0 END), 0)::bigint AS e_held
    FROM funding_accounts a LEFT JOIN ledger_entries e ON e.funding_account_id = a.id
    GROUP BY a.id, a.available, a.held`;
  const violations: LedgerViolation[] = [];
  for (const r of rows) {
    if (r.available !== r.e_available) violations.push({ fundingAccountId: r.id, problem: `available ${r.available} != entries ${r.e_available}` });
    if (r.held !== r.e_held) violations.push({ fundingAccountId: r.id, problem: `held ${r.held} != entries ${r.e_held}` });
    if (r.available < 0n || r.held < 0n) violations.push({ fundingAccountId: r.id, problem: "negative balance" });
  }
  const openHolds = await db.$queryRaw<{ link_holds: bigint; account_held: bigint }[]>`
    SELECT
      (SELECT COALESCE(SUM(amount), 0) FROM payout_links WHERE status IN ('pending', 'claimed'))::bigint AS link_holds,
      (SELECT COALESCE(SUM(held), 0) FROM funding_accounts)::bigint AS account_held`;
  const [h] = openHolds;
  if (h && h.link_holds !== h.account_held) {
    violations.push({ fundingAccountId: "*", problem: `open links hold ${h.link_holds} but accounts hold ${h.account_held}` });
  }
  const payouts = await db.$queryRaw<{ id: string; status: string; debits: bigint; reversals: bigint }[]>`
    SELECT t.id, t.status::text AS status,
      COUNT(*) FILTER (WHERE e.kind = 'debit')::bigint AS debits,
      COUNT(*) FILTER (WHERE e.kind = 'reversal')::bigint AS reversals
    FROM transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
    WHERE t.kind = 'payout'
    GROUP BY t.id, t.status
    HAVING COUNT(*) FILTER (WHERE e.kind = 'debit') <> (CASE WHEN t.status IN ('settled', 'returned') THEN 1 ELSE 0 END)
        OR COUNT(*) FILTER (WHERE e.kind = 'reversal') <> (CASE WHEN t.status = 'returned' THEN 1 ELSE 0 END)
    LIMIT 100`;
  for (const p of payouts) {
    violations.push({ fundingAccountId: "*", problem: `payout ${p.id} is ${p.status} with ${p.debits} debit(s) and ${p.reversals} reversal(s)` });
  }
  const links = await db.$queryRaw<{ id: string; funding_account_id: string; status: string; open: bigint }[]>`
    SELECT l.id, l.funding_account_id, l.status::text AS status, COALESCE(SUM(CASE e.kind
        WHEN 'hold' THEN 1 WHEN 'reversal' THEN 1 WHEN 'debit' THEN -1 WHEN 'release' THEN -1 ELSE 0 END), 0)::bigint AS open
    FROM payout_links l LEFT JOIN ledger_entries e ON e.payout_link_id = l.id
    GROUP BY l.id, l.funding_account_id, l.status
    HAVING COALESCE(SUM(CASE e.kind WHEN 'hold' THEN 1 WHEN 'reversal' THEN 1 WHEN 'debit' THEN -1 WHEN 'release' THEN -1 ELSE 0 END), 0)
        <> (CASE WHEN l.status IN ('pending', 'claimed') THEN 1 ELSE 0 END)
    LIMIT 100`;
  for (const l of links) {
    violations.push({ fundingAccountId: l.funding_account_id, problem: `link ${l.id} is ${l.status} with ${l.open} open hold(s)` });
  }
  const deposits = await db.$queryRaw<{ id: string; status: string; amount: number; credits: bigint; credited: bigint | null }[]>`
    SELECT d.id, d.status::text AS status, d.amount, COUNT(e.id)::bigint AS credits, SUM(e.amount)::bigint AS credited
    FROM deposits d LEFT JOIN ledger_entries e ON e.deposit_id = d.id
    GROUP BY d.id, d.status, d.amount
    HAVING COUNT(e.id) <> (CASE WHEN d.status = 'succeeded' THEN 1 ELSE 0 END)
        OR (d.status = 'succeeded' AND SUM(e.amount) <> d.amount)
    LIMIT 100`;
  for (const d of deposits) {
    violations.push({ fundingAccountId: "*", problem: `deposit ${d.id} is ${d.status} with ${d.credits} credit(s) of ${d.credited ?? 0}` });
  }
  return violations;
}
