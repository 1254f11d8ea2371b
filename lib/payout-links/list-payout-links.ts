import "server-only";
import type { Prisma } from "../db/generated/client";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { parsePublicId } from "../ids";
import { LIMITS, type ListPayoutLinksQuery, type PayoutLinkList, type PayoutLinkStatus } from "./schemas";
import { serializePayoutLink } from "./serialize-payout-link";


/** The stored rows that read as `status` now (pending and expired depend on the clock). */
function statusFilter(status: PayoutLinkStatus, now: Date): Prisma.PayoutLinkWhereInput {
  if (status === "pending") return { status: "pending", expiresAt: { gt: now } };
  if (status === "expired") return { OR: [{ status: "expired" }, { status: "pending", expiresAt: { lte: now } }] };
  return { status };
}

/** Newest first. Ids are time-ordered ULIDs, so the cursor is a key comparison on an index. */
export async function listPayoutLinks(db: DbOrTx, organizationId: string, query: ListPayoutLinksQuery): Promise<PayoutLinkList> {
  const now = new Date();
  const limit = query.limit ?? LIMITS.listDefaultLimit;
  let before: string | undefined;
  if (query.starting_after !== undefined) {
    const id = parsePublicId("payoutLink", query.starting_after);
    const cursorRow = id ? await db.payoutLink.findUnique({ where: { id }, select: { organizationId: true } }) : null;
    if (!id || cursorRow?.organizationId !== organizationId) {
      throw new AppError("cursor_invalid", { param: "starting_after" });
    }
    before = id;
  }
  const rows = await db.payoutLink.findMany({
    where: {
      organizationId,
      ...(before ? { id: { lt: before } } : {}),
      ...(query.status ? statusFilter(query.status, now) : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit).map((row) => serializePayoutLink(row, now));
  const hasMore = rows.length > limit;
  return { data: page, has_more: hasMore, next_cursor: hasMore ? page[page.length - 1].id : null };
}
