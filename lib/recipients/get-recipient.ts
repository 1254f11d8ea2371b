import "server-only";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { parsePublicId } from "../ids";
import type { Recipient } from "./schemas";
import { RECIPIENT_INCLUDE, serializeRecipient } from "./serialize-recipient";

/**
 * An organisation's recipient by its `rcp_…` id. Another organisation's recipient and a malformed
 * id are the same 404: existence is not revealed.
 */
export async function getRecipient(db: DbOrTx, organizationId: string, reference: string): Promise<Recipient> {
  const id = parsePublicId("recipient", reference);
  // Scoped in the query itself, so another organisation's payment methods are never even read.
  const row = id ? await db.recipient.findFirst({ where: { id, organizationId }, include: RECIPIENT_INCLUDE }) : null;
  if (!row) throw new AppError("recipient_not_found", { param: "id" });
  return serializeRecipient(row);
}
