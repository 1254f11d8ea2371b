import "server-only";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { parsePublicId } from "../ids";
import type { Transaction } from "./schemas";
import { serializeTransaction, TRANSACTION_SELECT } from "./serialize-transaction";

/**
 * An organisation's transaction by its `txn_…` id (a claimed link's `transaction_id`). Another
 * organisation's transaction and a malformed id are the same 404: existence is not revealed.
 */
export async function getTransaction(db: DbOrTx, organizationId: string, reference: string): Promise<Transaction> {
  const id = parsePublicId("transaction", reference);
  const row = id ? await db.transaction.findFirst({ where: { id, organizationId }, select: TRANSACTION_SELECT }) : null;
  if (!row) throw new AppError("transaction_not_found", { param: "id" });
  return serializeTransaction(row);
}
