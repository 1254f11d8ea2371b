import "server-only";
import type { DbOrTx } from "../db/transaction";

export type LedgerViolation = { fundingAccountId: string; problem: string };

/**
 * The invariant: each account's running balances equal what its entries add up to, and neither is
 * negative. Tests run it after every scenario; operators can run it with `npm run admin -- verify-ledger`.
 */
export async function verifyLedger(db: DbOrTx): Promise<LedgerViolation[]> {
  const rows = await db.$queryRaw<{ id: string; available: bigint; held: bigint; e_available: bigint | null; e_held: bigint | null }[]>`
    SELECT a.id, a.available, a.held,
      COALESCE(SUM(CASE e.kind WHEN 'deposit' THEN e.amount WHEN 'hold' THEN -e.amount WHEN 'release' THEN e.amount ELSE 0 END), 0)::bigint AS e_available,
      COALESCE(SUM(CASE e.kind WHEN 'hold' THEN e.amount WHEN 'release' THEN -e.amount WHEN 'debit' THEN -e.amount ELSE 0 END), 0)::bigint AS e_held
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
  return violations;
}
