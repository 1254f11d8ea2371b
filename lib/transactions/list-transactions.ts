import "server-only";
import { cursorId, pageTake, toPage } from "../http/cursor-page";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { parsePublicId } from "../ids";
import type { ListTransactionsQuery, TransactionList } from "./schemas";
import { serializeTransaction, TRANSACTION_SELECT } from "./serialize-transaction";

/**
 * Newest first. Ids are time-ordered ULIDs, so the cursor is a key comparison on the
 * (organization_id, id DESC) index. The cursor must be one of the organisation's transactions (not
 * necessarily one the filters match, so a page boundary survives a status change).
 */
export async function listTransactions(db: DbOrTx, organizationId: string, query: ListTransactionsQuery): Promise<TransactionList> {
  let payoutLinkId: string | undefined;
  if (query.payout_link_id !== undefined) {
    const id = parsePublicId("payoutLink", query.payout_link_id);
    if (!id) throw new AppError("parameter_invalid", { param: "payout_link_id", message: "payout_link_id must be a payout link's plink_… id." });
    payoutLinkId = id;
  }
  const before = await cursorId("transaction", query.starting_after, organizationId, (id) =>
    db.transaction.findUnique({ where: { id }, select: { organizationId: true } }),
  );
  const rows = await db.transaction.findMany({
    where: {
      organizationId,
      ...(before ? { id: { lt: before } } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      // Scoped by organisation above, so another organisation's link id simply matches nothing.
      ...(payoutLinkId !== undefined ? { payoutLinkId } : {}),
    },
    orderBy: { id: "desc" },
    take: pageTake(query.limit),
    select: TRANSACTION_SELECT,
  });
  return toPage(rows, query.limit, serializeTransaction);
}
