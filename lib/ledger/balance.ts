import "server-only";
import type { DbOrTx } from "../db/transaction";
import { defaultFundingAccount } from "./funding-accounts";

export type Balance = { object: "balance"; available: number; held: number; pending: number; currency: "USD" };

/**
 * available and held are the account's running balances; pending is what deposits still on their
 * way will add (plaid-transfer debits not yet funds_available), summed from the deposits table: it
 * is not money the organisation has yet, so it is not a ledger balance.
 */
export async function getBalance(db: DbOrTx, organizationId: string): Promise<Balance> {
  const account = await defaultFundingAccount(db, organizationId);
  const pending = await db.deposit.aggregate({ where: { organizationId, fundingAccountId: account.id, status: "pending" }, _sum: { amount: true } });
  return { object: "balance", available: Number(account.available), held: Number(account.held), pending: pending._sum.amount ?? 0, currency: "USD" };
}
