import "server-only";
import { cursorId, pageTake, toPage } from "../http/cursor-page";
import type { DbOrTx } from "../db/transaction";
import { normalizeEmail, type ListRecipientsQuery, type RecipientList } from "./schemas";
import { RECIPIENT_INCLUDE, serializeRecipient } from "./serialize-recipient";

/** Newest first. Ids are time-ordered ULIDs, so the cursor is a key comparison on an index. */
export async function listRecipients(db: DbOrTx, organizationId: string, query: ListRecipientsQuery): Promise<RecipientList> {
  const before = await cursorId("recipient", query.starting_after, organizationId, (id) =>
    db.recipient.findUnique({ where: { id }, select: { organizationId: true } }),
  );
  const rows = await db.recipient.findMany({
    where: {
      organizationId,
      ...(before ? { id: { lt: before } } : {}),
      ...(query.email !== undefined ? { emailNormalized: normalizeEmail(query.email) } : {}),
    },
    orderBy: { id: "desc" },
    take: pageTake(query.limit),
    include: RECIPIENT_INCLUDE,
  });
  return toPage(rows, query.limit, serializeRecipient);
}
