import "server-only";
import { cursorId, pageTake, toPage } from "../http/cursor-page";
import type { Prisma } from "../db/generated/client";
import type { DbOrTx } from "../db/transaction";
import { type ListPayoutLinksQuery, type PayoutLinkList, type PayoutLinkStatus } from "./schemas";
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
  const before = await cursorId("payoutLink", query.starting_after, organizationId, (id) =>
    db.payoutLink.findUnique({ where: { id }, select: { organizationId: true } }),
  );
  const rows = await db.payoutLink.findMany({
    where: {
      organizationId,
      ...(before ? { id: { lt: before } } : {}),
      ...(query.status ? statusFilter(query.status, now) : {}),
    },
    orderBy: { id: "desc" },
    take: pageTake(query.limit),
  });
  return toPage(rows, query.limit, (row) => serializePayoutLink(row, now));
}
