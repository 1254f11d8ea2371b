import "server-only";
import type { DbOrTx } from "../../db/transaction";
import { AppError } from "../../errors/app-error";
import { defaultFundingAccount } from "../../ledger/funding-accounts";

// The funding account's ledger, newest first, for the dashboard. Entries have increasing bigint
// ids, so the cursor is the last id shown and the next page is `id < cursor`: stable while new
// entries arrive (they sort before the first page, never into a later one).

export type LedgerKind = "deposit" | "hold" | "release" | "debit" | "reversal";
export type LedgerHistoryEntry = {
  id: string;
  kind: LedgerKind;
  amount: number;
  /** What the entry did to each balance, in cents (signed). */
  availableChange: number;
  heldChange: number;
  description: string | null;
  payoutLinkId: string | null;
  createdAt: string;
};
export type LedgerHistoryPage = { entries: LedgerHistoryEntry[]; nextCursor: string | null };

const EFFECT: Record<LedgerKind, { available: -1 | 0 | 1; held: -1 | 0 | 1 }> = {
  deposit: { available: 1, held: 0 },
  hold: { available: -1, held: 1 },
  release: { available: 1, held: -1 },
  debit: { available: 0, held: -1 },
  reversal: { available: 0, held: 1 },
};

export const LEDGER_PAGE_SIZE = 25;

export async function listLedgerHistory(db: DbOrTx, organizationId: string, query: { cursor?: string; limit?: number } = {}): Promise<LedgerHistoryPage> {
  const limit = query.limit ?? LEDGER_PAGE_SIZE;
  let before: bigint | undefined;
  if (query.cursor !== undefined && query.cursor !== "") {
    if (!/^[1-9][0-9]{0,18}$/.test(query.cursor)) throw new AppError("cursor_invalid", { param: "cursor" });
    before = BigInt(query.cursor);
  }
  const account = await defaultFundingAccount(db, organizationId);
  // Scoped by the organisation's own account: a cursor from elsewhere only moves the page boundary.
  const rows = await db.ledgerEntry.findMany({
    where: { fundingAccountId: account.id, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => {
      const amount = Number(row.amount);
      const effect = EFFECT[row.kind];
      return {
        id: String(row.id),
        kind: row.kind,
        amount,
        availableChange: effect.available * amount,
        heldChange: effect.held * amount,
        description: row.description,
        payoutLinkId: row.payoutLinkId ? `plink_${row.payoutLinkId}` : null,
        createdAt: row.createdAt.toISOString(),
      };
    }),
    nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
  };
}
