import "server-only";
import { config } from "../config";
import { sha256Hex } from "../crypto/secrets";
import type { PrismaClient } from "../db/generated/client";
import type { Tx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { withIdempotency } from "../http/idempotency";
import { newId } from "../ids";
import { newClaimToken } from "../payout-links/claim-token";
import type { BulkRow } from "./bulk-csv";

export type BulkResult = { linkIds: string[]; total: number };

/**
 * Creates every row's link in one transaction, or none. The balance is checked once for the
 * total by the same conditional UPDATE generate uses (available >= total), then the holds, links
 * and audit events are inserted set-wise from arrays: 10,000 links are one statement, not 10,000
 * round trips. Each link still gets its own hold entry, so the ledger reads as if each had been
 * generated alone.
 *
 * `key` is the upload's idempotency key (one per upload form): a double submit, even a concurrent
 * one, waits on the first and gets its answer; nothing is created twice.
 */
export async function bulkCreatePayoutLinks(
  prisma: PrismaClient,
  actor: { organizationId: string; actor: string },
  input: { key: string; fileHash: string; rows: BulkRow[] },
): Promise<BulkResult & { replayed: boolean }> {
  const result = await withIdempotency(
    prisma,
    { organizationId: actor.organizationId, key: `dashboard-bulk:${input.key}`, requestHash: sha256Hex(`bulk\n${input.fileHash}`) },
    async (tx) => ({ status: 201, body: await insertAll(tx, actor, input.rows) }),
  );
  if (result.status !== 201) {
    const error = (result.body as { error: { code: string; message: string; param?: string } }).error;
    throw new AppError(error.code as "insufficient_funds", { message: error.message, param: error.param });
  }
  return { ...(result.body as BulkResult), replayed: result.replayed };
}

async function insertAll(tx: Tx, actor: { organizationId: string; actor: string }, rows: BulkRow[]): Promise<BulkResult> {
  const organization = await tx.organization.findUniqueOrThrow({ where: { id: actor.organizationId } });
  const maxTtl = config().PAYOUT_LINK_MAX_TTL_SECONDS;
  const defaultTtl = Math.min(organization.defaultLinkTtlSeconds, maxTtl);
  const now = new Date();
  // Ids from one clock reading would sort randomly within the millisecond; spacing them by row
  // keeps "newest first" in the file's order reversed, as if generated one by one.
  const base = now.getTime();
  const ids: string[] = [];
  const amounts: string[] = [];
  const descriptions: string[] = [];
  const hashes: string[] = [];
  const ciphertexts: string[] = [];
  const expiries: string[] = [];
  const emails: (string | null)[] = [];
  const metadata: string[] = [];
  let total = 0;
  for (const [i, row] of rows.entries()) {
    if (row.amount > organization.maxLinkAmount) throw new AppError("amount_too_large", { param: "amount", message: `Line ${row.line}: amount is above the per-link cap.` });
    const ttl = row.expiresInSeconds ?? defaultTtl;
    if (ttl > maxTtl) throw new AppError("expires_in_invalid", { param: "expires_in_seconds", message: `Line ${row.line}: expires_in_seconds must be at most ${maxTtl}.` });
    const { tokenHash, tokenCiphertext } = newClaimToken();
    ids.push(newId(base - rows.length + i + 1));
    amounts.push(String(row.amount));
    descriptions.push(row.description);
    hashes.push(tokenHash);
    ciphertexts.push(tokenCiphertext);
    expiries.push(new Date(now.getTime() + ttl * 1000).toISOString());
    emails.push(row.recipientEmail ?? null);
    metadata.push(JSON.stringify(row.metadata));
    total += row.amount;
  }
  const inserted = await tx.$queryRaw<{ n: bigint }[]>`
    WITH hold AS (
      UPDATE funding_accounts SET available = available - ${total}, held = held + ${total}
      WHERE organization_id = ${actor.organizationId} AND is_default AND available >= ${total}
      RETURNING id
    ), input AS (
      SELECT * FROM unnest(${ids}::text[], ${amounts}::int[], ${descriptions}::text[], ${hashes}::text[], ${ciphertexts}::text[],
                           ${expiries}::timestamptz[], ${emails}::text[], ${metadata}::jsonb[])
        AS t(id, amount, description, token_hash, token_ciphertext, expires_at, recipient_email, metadata)
    ), hold_entries AS (
      INSERT INTO ledger_entries (funding_account_id, kind, amount, payout_link_id, created_at)
      SELECT hold.id, 'hold', input.amount, input.id, ${now} FROM hold, input
    ), audit AS (
      INSERT INTO audit_events (organization_id, actor, action, subject_id, data, created_at)
      SELECT ${actor.organizationId}, ${actor.actor}, 'payout_link.generated', input.id, jsonb_build_object('amount', input.amount, 'bulk', true), ${now}
      FROM hold, input
    ), links AS (
      INSERT INTO payout_links (id, organization_id, funding_account_id, token_hash, token_ciphertext, amount, currency,
                                description, status, metadata, expires_at, created_at, recipient_email)
      SELECT input.id, ${actor.organizationId}, hold.id, input.token_hash, input.token_ciphertext, input.amount, 'USD',
             input.description, 'pending', input.metadata, input.expires_at, ${now}, input.recipient_email
      FROM hold, input
      RETURNING 1
    )
    SELECT count(*) AS n FROM links`;
  if (Number(inserted[0]?.n ?? 0) === 0) {
    throw new AppError("insufficient_funds", {
      param: "file",
      message: `The available balance does not cover the total of this file (${rows.length} links). Nothing was created.`,
    });
  }
  return { linkIds: ids, total };
}
