import "server-only";
import type { OrganizationLimits } from "../auth/api-keys";
import { config } from "../config";
import { Prisma } from "../db/generated/client";
import { queryRows } from "../db/raw-query";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { newClaimToken } from "./claim-token";
import type { GeneratePayoutLinkInput, PayoutLink } from "./schemas";
import { serializePayoutLink } from "./serialize-payout-link";

/**
 * Creates a single-use link and reserves its amount on the organisation's default funding account.
 *
 * One SQL statement does it all: the conditional UPDATE of the balance (available >= amount) is
 * the gate, and the hold entry, the link and the audit event are inserted only from its result. A
 * single statement is atomic on its own, so there is no interactive transaction to hold the
 * account's row lock across round trips; concurrent generates queue on that row for microseconds,
 * each re-checks the balance it finds, and none can overdraw. With an Idempotency-Key the same
 * statement stores the response too (options.storeResponse); inside a caller's transaction it
 * simply joins it.
 */
export async function generatePayoutLink(
  db: DbOrTx,
  actor: { organizationId: string; actor: string; organization?: OrganizationLimits },
  input: GeneratePayoutLinkInput,
  options: {
    /** Dashboard only: the address the operator sent the link to (not part of the API's body). */
    recipientEmail?: string | null;
    /**
     * API requests with an Idempotency-Key: a CTE, added to the statement, that stores the response
     * for `link` for each row of the CTE named `gate` (lib/http/idempotency.ts, withIdempotentStatement).
     */
    storeResponse?: (link: PayoutLink, gate: string) => Prisma.Sql;
  } = {},
): Promise<PayoutLink> {
  const organization =
    actor.organization ?? (await db.organization.findUniqueOrThrow({ where: { id: actor.organizationId } }));
  if (input.amount > organization.maxLinkAmount) {
    throw new AppError("amount_too_large", {
      param: "amount",
      message: `amount is above this organisation's per-link cap of ${organization.maxLinkAmount} cents; use a direct payout for larger amounts.`,
    });
  }
  const maxTtl = config().PAYOUT_LINK_MAX_TTL_SECONDS;
  const ttl = input.expires_in_seconds ?? Math.min(organization.defaultLinkTtlSeconds, maxTtl);
  if (ttl > maxTtl) {
    throw new AppError("expires_in_invalid", { param: "expires_in_seconds", message: `expires_in_seconds must be at most ${maxTtl}.` });
  }

  const id = newId();
  const { token, tokenHash, tokenCiphertext } = newClaimToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttl * 1000);
  const metadata = input.metadata ?? {};
  // Everything the response says is known before the statement runs, so a caller can have the
  // statement store it (options.storeResponse).
  const link = serializePayoutLink(
    {
      id,
      organizationId: actor.organizationId,
      tokenHash,
      tokenCiphertext,
      amount: input.amount,
      currency: input.currency,
      description: input.description,
      status: "pending",
      metadata,
      expiresAt,
      createdAt: now,
      claimedAt: null,
      completedAt: null,
      cancelledAt: null,
      expiredAt: null,
      recipientId: null,
      transactionId: null,
      attemptCount: 0,
      lastFailure: null,
      claimPublicTokenHash: null,
      recipientEmail: options.recipientEmail ?? null,
    },
    now,
    token,
  );
  const inserted = await queryRows<{ id: string }>(
    db,
    Prisma.sql`
      WITH hold AS (
        UPDATE funding_accounts
        SET available = available - ${input.amount}, held = held + ${input.amount}
        WHERE organization_id = ${actor.organizationId} AND is_default AND available >= ${input.amount}
        RETURNING id
      ), hold_entry AS (
        INSERT INTO ledger_entries (funding_account_id, kind, amount, payout_link_id, created_at)
        SELECT id, 'hold', ${input.amount}, ${id}, ${now} FROM hold
      ), audit AS (
        INSERT INTO audit_events (organization_id, actor, action, subject_id, data, created_at)
        SELECT ${actor.organizationId}, ${actor.actor}, 'payout_link.generated', ${id}, ${JSON.stringify({ amount: input.amount })}::jsonb, ${now}
        FROM hold
      )${options.storeResponse ? Prisma.sql`, ${options.storeResponse(link, "hold")}` : Prisma.empty}
      INSERT INTO payout_links (id, organization_id, funding_account_id, token_hash, token_ciphertext, amount, currency,
                                description, status, metadata, expires_at, created_at, recipient_email)
      SELECT ${id}, ${actor.organizationId}, hold.id, ${tokenHash}, ${tokenCiphertext}, ${input.amount}, ${input.currency},
             ${input.description}, 'pending', ${JSON.stringify(metadata)}::jsonb, ${expiresAt}, ${now}, ${options.recipientEmail ?? null}
      FROM hold
      RETURNING id`,
  );
  if (inserted.length === 0) throw new AppError("insufficient_funds", { param: "amount" });
  return link;
}
