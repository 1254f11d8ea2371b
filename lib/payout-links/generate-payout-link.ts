import "server-only";
import { config } from "../config";
import { inTransaction, type DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { defaultFundingAccount } from "../ledger/funding-accounts";
import { placeHold } from "../ledger/entries";
import { newClaimToken } from "./claim-token";
import type { GeneratePayoutLinkInput, PayoutLink } from "./schemas";
import { serializePayoutLink } from "./serialize-payout-link";

/**
 * Creates a single-use link and reserves its amount on the organisation's funding account in the
 * same transaction: every link that exists is covered by a hold, and links can never be generated
 * beyond the available balance, however many requests race.
 */
export async function generatePayoutLink(
  db: DbOrTx,
  actor: { organizationId: string; actor: string },
  input: GeneratePayoutLinkInput,
): Promise<PayoutLink> {
  const organization = await db.organization.findUniqueOrThrow({ where: { id: actor.organizationId } });
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

  return inTransaction(db, async (tx) => {
    const account = await defaultFundingAccount(tx, actor.organizationId);
    const id = newId();
    const { token, tokenHash, tokenCiphertext } = newClaimToken();
    await placeHold(tx, { fundingAccountId: account.id, amount: input.amount, payoutLinkId: id });
    const now = new Date();
    const row = await tx.payoutLink.create({
      data: {
        id,
        organizationId: actor.organizationId,
        fundingAccountId: account.id,
        tokenHash,
        tokenCiphertext,
        amount: input.amount,
        currency: input.currency,
        description: input.description,
        metadata: input.metadata ?? {},
        expiresAt: new Date(now.getTime() + ttl * 1000),
        createdAt: now,
      },
    });
    await tx.auditEvent.create({
      data: { organizationId: actor.organizationId, actor: actor.actor, action: "payout_link.generated", subjectId: id, data: { amount: input.amount } },
    });
    return serializePayoutLink(row, now, token);
  });
}
