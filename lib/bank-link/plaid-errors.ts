import { BankLinkError } from "./types";

// Plaid's failures, reduced to what the claim flow decides on. The `plaid` client throws Axios
// errors; only `response.status` and `response.data` are read. `config` and the request headers
// carry the API secret: nothing here logs or keeps them.

export type PlaidStep = "link_token_create" | "public_token_exchange" | "auth_get" | "identity_match" | "institutions_get_by_id" | "item_remove";

export type PlaidFailure = {
  status: number | null;
  errorType: string;
  errorCode: string;
  displayMessage: string | null;
  requestId: string | null;
  /** Network-level failure (no HTTP answer): ECONNREFUSED, ETIMEDOUT, ECONNABORTED, … */
  networkCode: string | null;
};

/** Reads Plaid's error out of whatever the client threw, or null when it is not an HTTP/network failure. */
export function plaidFailure(err: unknown): PlaidFailure | null {
  if (typeof err !== "object" || err === null || !("isAxiosError" in err) || !(err as { isAxiosError?: boolean }).isAxiosError) return null;
  const e = err as { code?: string; response?: { status?: number; data?: unknown } };
  if (!e.response) {
    return { status: null, errorType: "NETWORK_ERROR", errorCode: e.code ?? "NETWORK_ERROR", displayMessage: null, requestId: null, networkCode: e.code ?? "NETWORK_ERROR" };
  }
  const data = (typeof e.response.data === "object" && e.response.data !== null ? e.response.data : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  return {
    status: e.response.status ?? null,
    errorType: str(data.error_type) ?? "UNKNOWN",
    errorCode: str(data.error_code) ?? "UNKNOWN",
    displayMessage: str(data.display_message),
    requestId: str(data.request_id),
    networkCode: null,
  };
}

const CONFIGURATION_CODES = new Set(["INVALID_API_KEYS", "UNAUTHORIZED_ENVIRONMENT", "INVALID_PRODUCT", "INVALID_LINK_CUSTOMIZATION", "INVALID_CLIENT_ID", "INVALID_SECRET", "DIRECT_INTEGRATION_NOT_ENABLED"]);
const ACCOUNT_CODES = new Set(["INVALID_ACCOUNT_ID", "NO_ACCOUNTS", "NO_AUTH_ACCOUNTS", "ACCOUNT_NOT_FOUND"]);
// The claimant has to go through Link again for these.
const RELINK_CODES = new Set(["INVALID_PUBLIC_TOKEN", "ITEM_LOGIN_REQUIRED", "INVALID_ACCESS_TOKEN", "ITEM_NOT_FOUND", "INVALID_CREDENTIALS"]);

export function classify(failure: PlaidFailure, step: PlaidStep): BankLinkError["kind"] {
  const { status, errorType, errorCode } = failure;
  if (failure.networkCode) return "bank_unavailable";
  if (CONFIGURATION_CODES.has(errorCode) || errorType === "INVALID_REQUEST") return "configuration";
  // A 4xx that is not Plaid's error body: the base path points at something that is not Plaid.
  if (errorType === "UNKNOWN" && status !== null && status >= 400 && status < 500 && status !== 429) return "configuration";
  if (status === 429 || errorType === "RATE_LIMIT_EXCEEDED") return "rate_limited";
  if (ACCOUNT_CODES.has(errorCode)) return "account_not_found";
  if (RELINK_CODES.has(errorCode)) return "public_token_invalid";
  // On the exchange, any other INVALID_INPUT is about the token the browser sent.
  if (step === "public_token_exchange" && errorType === "INVALID_INPUT") return "public_token_invalid";
  // INSTITUTION_ERROR, API_ERROR, 5xx, any other ITEM_ERROR, an answer that is not Plaid's: the
  // claimant can only try again later or with another bank.
  return "bank_unavailable";
}

const MESSAGES: Record<BankLinkError["kind"], string> = {
  public_token_invalid: "The bank connection is no longer valid; connect the bank again.",
  account_not_found: "The chosen account was not found at the bank.",
  rate_limited: "The bank link service is busy; try again shortly.",
  bank_unavailable: "The bank is not responding right now; try again later or use another bank.",
  configuration: "Bank linking is misconfigured.",
};

/** The BankLinkError for a failed Plaid call; errors that are not Plaid's (bugs) are returned as is. */
export function toBankLinkError(err: unknown, step: PlaidStep): unknown {
  if (err instanceof BankLinkError) return err;
  const failure = plaidFailure(err);
  if (!failure) return err;
  const kind = classify(failure, step);
  // At most the type, code and request id: never the request, its headers or `config`.
  const level = kind === "configuration" || kind === "bank_unavailable" ? "error" : "warn";
  console[level](
    `[bank-link] ${step} failed: ${failure.status ?? "no response"} ${failure.errorType}/${failure.errorCode}` +
      `${failure.requestId ? ` request_id=${failure.requestId}` : ""} -> ${kind}`,
  );
  return new BankLinkError(
    kind,
    failure.networkCode ? null : { errorType: failure.errorType, errorCode: failure.errorCode, displayMessage: failure.displayMessage, requestId: failure.requestId },
    `${MESSAGES[kind]} (${step}: ${failure.errorType}/${failure.errorCode})`,
  );
}

/** Identity Match that the Item or the client cannot do: the claim goes on with no score. */
export function isIdentityUnsupported(err: unknown): boolean {
  const failure = plaidFailure(err);
  if (!failure) return false;
  return ["PRODUCTS_NOT_SUPPORTED", "PRODUCT_NOT_ENABLED", "INVALID_PRODUCT", "ADDITIONAL_CONSENT_REQUIRED", "NO_ACCOUNTS"].includes(failure.errorCode);
}
