import { randomBytes } from "node:crypto";
import { PlaidErrorType, type PlaidError } from "plaid";

// Errors the sandbox bank answers with, in Plaid's body shape and with Plaid's statuses, messages
// and display messages (display_message is what Plaid means to be shown to the end user).

type CatalogEntry = { type: PlaidErrorType; status: number; message: string; display: string | null };

const UNAVAILABLE = "This financial institution is not currently responding to requests. We apologize for the inconvenience.";

export const PLAID_ERRORS = {
  // INVALID_REQUEST: the request itself is wrong.
  MISSING_FIELDS: { type: PlaidErrorType.InvalidRequest, status: 400, message: "the following required fields are missing", display: null },
  UNKNOWN_FIELDS: { type: PlaidErrorType.InvalidRequest, status: 400, message: "the following fields are not recognized by this endpoint", display: null },
  INVALID_FIELD: { type: PlaidErrorType.InvalidRequest, status: 400, message: "one or more fields are invalid", display: null },
  INVALID_BODY: { type: PlaidErrorType.InvalidRequest, status: 400, message: "body could not be parsed as JSON", display: null },
  NOT_FOUND: { type: PlaidErrorType.InvalidRequest, status: 404, message: "not found", display: null },
  // INVALID_INPUT: well-formed, but names something that does not exist or may not be used.
  INVALID_API_KEYS: { type: PlaidErrorType.InvalidInput, status: 400, message: "invalid client_id or secret provided", display: null },
  INVALID_PUBLIC_TOKEN: { type: PlaidErrorType.InvalidInput, status: 400, message: "could not find matching public token", display: null },
  INVALID_ACCESS_TOKEN: { type: PlaidErrorType.InvalidInput, status: 400, message: "could not find matching access token", display: null },
  INVALID_LINK_TOKEN: { type: PlaidErrorType.InvalidInput, status: 400, message: "link token is invalid or has expired", display: "This link has expired. Please go back and try again." },
  INVALID_ACCOUNT_ID: { type: PlaidErrorType.InvalidInput, status: 400, message: "one or more of the account IDs is invalid", display: null },
  INVALID_INSTITUTION: { type: PlaidErrorType.InvalidInput, status: 400, message: "invalid institution_id provided", display: null },
  INVALID_PRODUCT: { type: PlaidErrorType.InvalidInput, status: 400, message: "client is not authorized to access the following products", display: null },
  // ITEM_ERROR: something about the end user's bank login. Also reachable with `error_<CODE>` passwords.
  INVALID_CREDENTIALS: { type: PlaidErrorType.ItemError, status: 400, message: "the provided credentials were not correct", display: "The provided credentials were not correct. Please try again." },
  INVALID_MFA: { type: PlaidErrorType.ItemError, status: 400, message: "the provided MFA responses were not correct", display: "The provided security answers were not correct. Please try again." },
  INVALID_SEND_METHOD: { type: PlaidErrorType.ItemError, status: 400, message: "the provided MFA send_method was invalid", display: null },
  INSUFFICIENT_CREDENTIALS: { type: PlaidErrorType.ItemError, status: 400, message: "insufficient authorization was provided to complete the request", display: null },
  ITEM_LOCKED: { type: PlaidErrorType.ItemError, status: 400, message: "the ITEM is locked. Please re-enter your credentials", display: "The account is locked. To unlock the account, please reset your password at your bank, then try again." },
  ITEM_LOGIN_REQUIRED: { type: PlaidErrorType.ItemError, status: 400, message: "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information", display: null },
  ITEM_NOT_SUPPORTED: { type: PlaidErrorType.ItemError, status: 400, message: "this account is currently not supported", display: "Account not currently supported" },
  USER_SETUP_REQUIRED: { type: PlaidErrorType.ItemError, status: 400, message: "the account has not been fully set up. prompt the user to visit the issuing institution's site and finish the setup process", display: "The given account is not fully setup. Please visit your financial institution's website to setup your account." },
  NO_ACCOUNTS: { type: PlaidErrorType.ItemError, status: 400, message: "no valid accounts were found for this item", display: "No valid accounts were found at the financial institution. Please visit your financial institution's website to confirm accounts are available." },
  NO_AUTH_ACCOUNTS: { type: PlaidErrorType.ItemError, status: 400, message: "no valid checking or savings account(s) found", display: "None of your accounts are supported for this application. Please link a checking or savings account." },
  PRODUCTS_NOT_SUPPORTED: { type: PlaidErrorType.ItemError, status: 400, message: "the following products are not supported by this institution", display: null },
  // INSTITUTION_ERROR: the bank is down (Plaid answers these with 400, not 5xx).
  INSTITUTION_DOWN: { type: PlaidErrorType.InstitutionError, status: 400, message: "this institution is not currently responding to this request. please try again soon", display: UNAVAILABLE },
  INSTITUTION_NOT_RESPONDING: { type: PlaidErrorType.InstitutionError, status: 400, message: "this institution is not currently responding to this request. please try again soon", display: UNAVAILABLE },
  INSTITUTION_NOT_AVAILABLE: { type: PlaidErrorType.InstitutionError, status: 400, message: "this institution is not available at this time", display: UNAVAILABLE },
  INSTITUTION_NO_LONGER_SUPPORTED: { type: PlaidErrorType.InstitutionError, status: 400, message: "this institution is no longer supported", display: "This financial institution is no longer supported. We apologize for the inconvenience." },
  // Plaid's own trouble.
  RATE_LIMIT: { type: PlaidErrorType.RateLimitExceeded, status: 429, message: "rate limit exceeded", display: null },
  INTERNAL_SERVER_ERROR: { type: PlaidErrorType.ApiError, status: 500, message: "an unexpected error occurred", display: "Something went wrong. Please try again later." },
} as const satisfies Record<string, CatalogEntry>;

export type PlaidErrorCode = keyof typeof PLAID_ERRORS;

/** Thrown inside the sandbox bank; the route wrapper turns it into Plaid's error response. */
export class SandboxPlaidError extends Error {
  readonly status: number;
  readonly errorType: PlaidErrorType;
  readonly errorCode: string;
  readonly displayMessage: string | null;

  constructor(code: PlaidErrorCode | { code: string; type: PlaidErrorType; status: number; message: string; display: string | null }, detail?: string) {
    const entry = typeof code === "string" ? { code, ...PLAID_ERRORS[code] } : code;
    super(detail ? `${entry.message}: ${detail}` : entry.message);
    this.name = "SandboxPlaidError";
    this.status = entry.status;
    this.errorType = entry.type;
    this.errorCode = entry.code;
    this.displayMessage = entry.display;
  }

  body(requestId: string): PlaidError {
    return {
      display_message: this.displayMessage,
      documentation_url: `https://plaid.com/docs/errors/`,
      error_code: this.errorCode,
      error_message: this.message,
      error_type: this.errorType,
      request_id: requestId,
      suggested_action: null,
    };
  }
}

/**
 * The error a sandbox `error_<CODE>` password asks for. Codes Plaid documents for Link come from
 * the catalog; any other upper-case code fails as an ITEM_ERROR with that code, so a test can ask
 * for whatever it needs to see.
 */
export function errorForSandboxPassword(code: string): SandboxPlaidError {
  if (code in PLAID_ERRORS) return new SandboxPlaidError(code as PlaidErrorCode);
  return new SandboxPlaidError({ code, type: PlaidErrorType.ItemError, status: 400, message: `sandbox error ${code}`, display: "Something went wrong at your bank. Please try again." });
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Plaid request ids are short alphanumeric strings. */
export function plaidRequestId(): string {
  return Array.from(randomBytes(15), (b) => ALPHANUMERIC[b % 62]).join("");
}
