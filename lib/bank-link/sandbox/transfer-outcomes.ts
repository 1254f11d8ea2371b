import { TransferAuthorizationDecisionRationaleCode, TransferType } from "plaid";
import { SANDBOX_FAILURE_REASON, SANDBOX_RETURN_REASON } from "../../payouts/sandbox-rail";

// What a Plaid Transfer at the sandbox bank does, decided by the account's number, the same way the
// sandbox rail decides (lib/payouts/sandbox-rail.ts), so one set of test accounts shows every path on
// either rail. First Gingham Credit Union (ins_109509) holds these accounts:
//
//   …0002 "Closed Checking"    → the transfer fails before posting: "account closed"
//   …0003 "Returning Checking" → posts and settles, then is returned: R03
//   …0004 "Declined Checking"  → /transfer/authorization/create declines it (RISK for credits, NSF for debits)
//   anything else              → posts, settles (and, for debits, becomes funds_available)

export type TransferOutcome = "settle" | "fail" | "return" | "decline";

export function transferOutcomeFor(accountNumber: string): TransferOutcome {
  if (accountNumber.endsWith("0002")) return "fail";
  if (accountNumber.endsWith("0003")) return "return";
  if (accountNumber.endsWith("0004")) return "decline";
  return "settle";
}

export function declineRationale(type: TransferType): { code: TransferAuthorizationDecisionRationaleCode; description: string } {
  return type === TransferType.Debit
    ? { code: TransferAuthorizationDecisionRationaleCode.Nsf, description: "Transaction declined because of insufficient funds in the account (sandbox account …0004)." }
    : { code: TransferAuthorizationDecisionRationaleCode.Risk, description: "Transaction declined by risk checks (sandbox account …0004)." };
}

/** failure_reason of a transfer that failed before posting (simulated or automatic). */
export const SANDBOX_TRANSFER_FAILURE = { failure_code: null, ach_return_code: null, description: SANDBOX_FAILURE_REASON };

/** failure_reason of a returned transfer: the sandbox rail's words, with the ACH return code apart. */
export const SANDBOX_TRANSFER_RETURN = {
  failure_code: "R03",
  ach_return_code: "R03",
  description: SANDBOX_RETURN_REASON.replace(/^R03 /, ""),
};
