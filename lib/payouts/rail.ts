import "server-only";

/** Where the money goes: the claimant's account, decrypted only for the rail call. */
export type RailAccount = {
  routingNumber: string;
  accountNumber: string;
  mask: string;
  /** The account holder's name as the claimant gave it (Plaid Transfer's `user.legal_name`). */
  legalName?: string;
  /** The Plaid Item and account the claimant linked, decrypted only for the rail call (plaid-transfer). */
  plaid?: { accessToken: string; accountId: string };
};

export type InitiateInput = {
  /** Derived from our transaction id (see idempotencyKeyFor): the same payout always sends the same key. */
  idempotencyKey: string;
  amount: number;
  currency: "USD";
  account: RailAccount;
};

export type RailStatus = {
  state: "pending" | "settled" | "failed" | "returned";
  /** Why it failed or was returned, in words an operator can act on. */
  reason?: string;
  /**
   * false while the state can still change (pending; settled within the return window): the
   * worker looks again after `checkAfterMs` (or its poll interval).
   */
  final: boolean;
  checkAfterMs?: number;
};

/**
 * A way to move money to a bank account. Implementations must make `initiate` idempotent by key:
 * a worker that crashed after the rail accepted a payout, but before recording the reference, calls
 * it again with the same key and must get the same reference back, never a second payout.
 */
export interface PayoutRail {
  /** Recorded as transactions.rail. */
  readonly name: string;
  initiate(input: InitiateInput): Promise<{ reference: string }>;
  status(reference: string, context: { idempotencyKey: string }): Promise<RailStatus>;
}

/**
 * The rail refused the payment for good (a declined authorization, an account the rail cannot pay):
 * the payout fails with `reason` rather than being retried. Throw it from `initiate` only, and only
 * when the same call would be refused again, so a re-initiation after a crash fails the same way.
 */
export class RailDeclinedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "RailDeclinedError";
  }
}

/** The rail idempotency key of one of our payout transactions. */
export function idempotencyKeyFor(transactionId: string): string {
  return `payout_txn_${transactionId}`;
}
