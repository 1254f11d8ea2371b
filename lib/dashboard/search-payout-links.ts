import "server-only";
import { Prisma } from "../db/generated/client";
import type { DbOrTx } from "../db/transaction";
import { parsePublicId, publicId } from "../ids";
import { effectiveStatus } from "../payout-links/effective-status";
import type { PayoutLinkStatus } from "../payout-links/schemas";

export type LinkSearch = {
  status?: PayoutLinkStatus;
  /** A `plink_…` id, a `rcp_…` id, an email (the one the link was sent to or the claimant's), or words of the description. */
  q?: string;
  /** The `plink_…` id of the last row of the previous page. */
  after?: string;
  limit?: number;
};

export type LinkRow = {
  id: string;
  amount: number;
  description: string;
  status: PayoutLinkStatus;
  createdAt: Date;
  expiresAt: Date;
  sentTo: string | null;
  recipientId: string | null;
  recipientName: string | null;
  recipientEmail: string | null;
};

type RawRow = {
  id: string;
  amount: number;
  description: string;
  status: PayoutLinkStatus;
  created_at: Date;
  expires_at: Date;
  sent_to: string | null;
  recipient_id: string | null;
  recipient_name: string | null;
  recipient_email: string | null;
};

export type SearchKind = "none" | "link_id" | "recipient_id" | "email" | "description" | "invalid";

/** What the search box holds, decided by its shape. */
export function classifySearch(q: string | undefined): { kind: SearchKind; value: string } {
  const text = (q ?? "").trim();
  if (!text) return { kind: "none", value: "" };
  if (/^plink_/i.test(text)) {
    const id = parsePublicId("payoutLink", text);
    return id ? { kind: "link_id", value: id } : { kind: "invalid", value: text };
  }
  if (/^rcp_/i.test(text)) {
    const id = parsePublicId("recipient", text);
    return id ? { kind: "recipient_id", value: id } : { kind: "invalid", value: text };
  }
  if (text.includes("@") && !/\s/.test(text)) return { kind: "email", value: text.toLowerCase() };
  const query = descriptionQuery(text);
  return query ? { kind: "description", value: query } : { kind: "invalid", value: text };
}

/**
 * Words of a description as a tsquery: every word must appear, each as a prefix ("refer" finds
 * "referral"). Only letters and digits reach to_tsquery, so its syntax cannot be injected. The
 * 'simple' configuration neither stems nor drops stop words, so order numbers and names match.
 */
export function descriptionQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

/** The stored rows that read as `status` now (pending and expired depend on the clock). */
function statusSql(status: PayoutLinkStatus, now: Date): Prisma.Sql {
  if (status === "pending") return Prisma.sql`p.status = 'pending' AND p.expires_at > ${now}`;
  if (status === "expired") return Prisma.sql`(p.status = 'expired' OR (p.status = 'pending' AND p.expires_at <= ${now}))`;
  return Prisma.sql`p.status = ${status}::payout_link_status`;
}

/** The WHERE clause of a search, shared by the page and the CSV export. */
export function searchWhere(organizationId: string, search: LinkSearch, now: Date): Prisma.Sql | null {
  const parts: Prisma.Sql[] = [Prisma.sql`p.organization_id = ${organizationId}`];
  if (search.after) {
    const before = parsePublicId("payoutLink", search.after);
    if (before) parts.push(Prisma.sql`p.id < ${before}`);
  }
  if (search.status) parts.push(statusSql(search.status, now));
  const q = classifySearch(search.q);
  switch (q.kind) {
    case "none":
      break;
    case "invalid":
      return null;
    case "link_id":
      parts.push(Prisma.sql`p.id = ${q.value}`);
      break;
    case "recipient_id":
      parts.push(Prisma.sql`p.recipient_id = ${q.value}`);
      break;
    case "email":
      // The two halves as a UNION of id lists, each answered by its own index
      // (payout_links_recipient_email_idx; recipients by email_normalized, then payout_links by
      // recipient_id). Written as `a OR b IN (subquery)` the planner walked the whole primary key
      // backwards at a million links (1.1-1.6 s, docs/benchmarks.md); this is a few index probes.
      parts.push(Prisma.sql`p.id IN (
        SELECT e.id FROM payout_links e WHERE e.organization_id = ${organizationId} AND lower(e.recipient_email) = ${q.value}
        UNION
        SELECT c.id FROM payout_links c JOIN recipients r2 ON r2.id = c.recipient_id
        WHERE c.organization_id = ${organizationId} AND r2.organization_id = ${organizationId} AND r2.email_normalized = ${q.value})`);
      break;
    case "description":
      parts.push(Prisma.sql`to_tsvector('simple', p.description) @@ to_tsquery('simple', ${q.value})`);
      break;
  }
  return Prisma.join(parts, " AND ");
}

/** The statement a search runs (also EXPLAINed by scripts/seed-million-links.ts); null when nothing can match. */
export function searchSql(organizationId: string, search: LinkSearch, now: Date): Prisma.Sql | null {
  const where = searchWhere(organizationId, search, now);
  if (!where) return null;
  const limit = Math.min(Math.max(search.limit ?? 50, 1), 1000);
  return Prisma.sql`
    SELECT p.id, p.amount, p.description, p.status, p.created_at, p.expires_at, p.recipient_email AS sent_to,
           p.recipient_id, r.name AS recipient_name, r.email AS recipient_email
    FROM payout_links p LEFT JOIN recipients r ON r.id = p.recipient_id
    WHERE ${where}
    ORDER BY p.id DESC
    LIMIT ${limit}`;
}

/** One batch of rows, newest first, keyset on the ULID id (no OFFSET: page 5,000 costs what page 1 does). */
export async function searchPayoutLinkRows(db: DbOrTx, organizationId: string, search: LinkSearch, now = new Date()): Promise<LinkRow[]> {
  const sql = searchSql(organizationId, search, now);
  if (!sql) return [];
  const rows = await db.$queryRaw<RawRow[]>(sql);
  return rows.map((r) => ({
    id: publicId("payoutLink", r.id),
    amount: Number(r.amount),
    description: r.description,
    status: effectiveStatus({ status: r.status, expiresAt: r.expires_at }, now),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    sentTo: r.sent_to,
    recipientId: r.recipient_id ? publicId("recipient", r.recipient_id) : null,
    recipientName: r.recipient_name,
    recipientEmail: r.recipient_email,
  }));
}

export type LinkPage = { rows: LinkRow[]; nextCursor: string | null };

/** A page for the links table: one extra row fetched to know whether another page follows. */
export async function searchPayoutLinks(db: DbOrTx, organizationId: string, search: LinkSearch): Promise<LinkPage> {
  const size = Math.min(Math.max(search.limit ?? 50, 1), 100);
  const rows = await searchPayoutLinkRows(db, organizationId, { ...search, limit: size + 1 });
  const page = rows.slice(0, size);
  return { rows: page, nextCursor: rows.length > size ? page[page.length - 1].id : null };
}

/** Every matching row in keyset batches, for the CSV export: memory stays one batch whatever the count. */
export async function* allPayoutLinkRows(db: DbOrTx, organizationId: string, search: Omit<LinkSearch, "after" | "limit">, batchSize = 1000) {
  const now = new Date();
  let after: string | undefined;
  for (;;) {
    const rows = await searchPayoutLinkRows(db, organizationId, { ...search, after, limit: batchSize }, now);
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].id;
  }
}
