import "server-only";
import type { DbOrTx } from "../db/transaction";
import { defaultFundingAccount } from "./funding-accounts";

export type Balance = { object: "balance"; available: number; held: number; currency: "USD" };

export async function getBalance(db: DbOrTx, organizationId: string): Promise<Balance> {
  const account = await defaultFundingAccount(db, organizationId);
  return { object: "balance", available: Number(account.available), held: Number(account.held), currency: "USD" };
}
