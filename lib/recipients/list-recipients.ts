import "server-only";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { parsePublicId } from "../ids";
import { LIST_LIMITS } from "../http/list-schemas";
import { normalizeEmail, type ListRecipientsQuery, type RecipientList } from "./schemas";
import { RECIPIENT_INCLUDE, serializeRecipient } from "./serialize-recipient";

/** Newest first. Ids are time-ordered ULIDs, so the cursor is a key comparison on an index. */
export async function listRecipients(db: DbOrTx, organizationId: string, query: ListRecipientsQuery): Promise<RecipientList> {
  const limit = query.limit ?? LIST_LIMITS.default;
  let before: string | undefined;
  if (query.starting_after !== undefined) {
    const id = parsePublicId("recipient", query.starting_after);
    const cursorRow = id ? await db.recipient.findUnique({ where: { id }, select: { organizationId: true } }) : null;
    if (!id || cursorRow?.organizationId !== organizationId) {
      throw new AppError("cursor_invalid", { param: "starting_after" });
    }
    before = id;
  }
  const rows = await db.recipient.findMany({
    where: {
      organizationId,
      ...(before ? { id: { lt: before } } : {}),
      ...(query.email !== undefined ? { emailNormalized: normalizeEmail(query.email) } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
    include: RECIPIENT_INCLUDE,
  });
  const page = rows.slice(0, limit).map(serializeRecipient);
  const hasMore = rows.length > limit;
  return { data: page, has_more: hasMore, next_cursor: hasMore ? page[page.length - 1].id : null };
}
