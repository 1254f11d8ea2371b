import "server-only";
import type { DbOrTx } from "../db/transaction";

export async function defaultFundingAccount(db: DbOrTx, organizationId: string) {
  const account = await db.fundingAccount.findFirst({ where: { organizationId, isDefault: true } });
  if (!account) throw new Error(`organisation ${organizationId} has no default funding account`);
  return account;
}
