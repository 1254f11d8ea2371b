import "server-only";
import { config } from "../config";
import { inTransaction, type DbOrTx } from "../db/transaction";
import { newId } from "../ids";

export type NewOrganization = { name: string; maxLinkAmount?: number; defaultLinkTtlSeconds?: number };

/** An organisation is born with its default USD funding account (balance zero). */
export async function createOrganization(db: DbOrTx, input: NewOrganization) {
  const cfg = config();
  return inTransaction(db, async (tx) => {
    const organization = await tx.organization.create({
      data: {
        id: newId(),
        name: input.name,
        maxLinkAmount: input.maxLinkAmount ?? cfg.PAYOUT_LINK_MAX_AMOUNT,
        defaultLinkTtlSeconds: input.defaultLinkTtlSeconds ?? cfg.PAYOUT_LINK_DEFAULT_TTL_SECONDS,
      },
    });
    const fundingAccount = await tx.fundingAccount.create({
      data: { id: newId(), organizationId: organization.id, currency: "USD", isDefault: true },
    });
    return { organization, fundingAccount };
  });
}
