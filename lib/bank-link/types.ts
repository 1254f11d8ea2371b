// The contract between the claim flow and bank linking. Implemented once over the official `plaid`
// client (lib/bank-link/bank-link.ts); the backend is real Plaid or the built-in sandbox bank,
// chosen by configuration (PLAID_CLIENT_ID / PLAID_SECRET / PLAID_ENV).

export type LinkToken = { linkToken: string; expiration: string };

export type LinkedAccount = {
  itemId: string;
  /** Never leaves the server; stored encrypted. */
  accessToken: string;
  accountId: string;
  institutionId: string | null;
  institutionName: string;
  accountName: string | null;
  accountSubtype: string | null;
  mask: string;
  routingNumber: string;
  /** Never leaves the server; stored encrypted. */
  accountNumber: string;
  /** Plaid Identity Match legal-name score (0-100), or null when the bank returned no owner names. */
  nameMatchScore: number | null;
};

/** A Plaid failure, reduced to what the claim flow needs to decide and to tell the claimant. */
export class BankLinkError extends Error {
  constructor(
    readonly kind: "public_token_invalid" | "account_not_found" | "rate_limited" | "bank_unavailable" | "configuration",
    readonly plaid: { errorType: string; errorCode: string; displayMessage: string | null; requestId: string | null } | null,
    message: string,
  ) {
    super(message);
    this.name = "BankLinkError";
  }
}

export interface BankLink {
  /** "sandbox" when the built-in sandbox bank serves the Plaid contract: the page must say so. */
  readonly mode: "sandbox" | "plaid-sandbox" | "plaid-production";
  createLinkToken(input: { clientUserId: string; clientName: string }): Promise<LinkToken>;
  /**
   * Exchanges the public token, reads the chosen account's numbers with /auth/get and, when
   * `owner` is given, scores the owner name with /identity/match (null when unsupported).
   * Throws BankLinkError.
   */
  linkAccount(input: { publicToken: string; accountId: string; owner?: { legalName: string; email: string } }): Promise<LinkedAccount>;
  /**
   * /item/remove when the data is no longer needed (a lost race, a refused claim, a removed funding
   * source). Never throws: true when the Item is gone (now or already), false (logged) when the bank
   * could not remove it, for callers that keep the token to try again.
   */
  removeItem(accessToken: string): Promise<boolean>;
}
