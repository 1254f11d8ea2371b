// The fixed list of error codes the API returns. Isomorphic: the SDK imports the types from here.
export type ErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "idempotency_error"
  | "rate_limit_error"
  | "api_error";

export const ERROR_CODES = {
  // request shape
  invalid_json: { status: 400, type: "invalid_request_error", message: "The request body is not valid JSON." },
  content_type_unsupported: { status: 415, type: "invalid_request_error", message: "Send the body as application/json." },
  body_too_large: { status: 413, type: "invalid_request_error", message: "The request body is larger than 64 KB." },
  parameter_missing: { status: 400, type: "invalid_request_error", message: "A required parameter is missing." },
  parameter_unknown: { status: 400, type: "invalid_request_error", message: "The request has a parameter this endpoint does not accept." },
  parameter_invalid: { status: 400, type: "invalid_request_error", message: "A parameter is invalid." },
  // payout-link fields
  amount_invalid: { status: 400, type: "invalid_request_error", message: "amount must be a positive integer number of cents." },
  amount_too_large: { status: 400, type: "invalid_request_error", message: "amount is above this organisation's per-link cap." },
  currency_unsupported: { status: 400, type: "invalid_request_error", message: "Only USD is supported." },
  description_invalid: { status: 400, type: "invalid_request_error", message: "description must be a non-empty string." },
  description_too_long: { status: 400, type: "invalid_request_error", message: "description is longer than 1000 characters." },
  expires_in_invalid: { status: 400, type: "invalid_request_error", message: "expires_in_seconds is out of range." },
  metadata_invalid: { status: 400, type: "invalid_request_error", message: "metadata is invalid." },
  // lists
  limit_invalid: { status: 400, type: "invalid_request_error", message: "limit must be an integer from 1 to 100." },
  cursor_invalid: { status: 400, type: "invalid_request_error", message: "starting_after is not an object id from this list." },
  status_invalid: { status: 400, type: "invalid_request_error", message: "status is not one of the statuses this list can be filtered by." },
  // money and state
  insufficient_funds: { status: 422, type: "invalid_request_error", message: "The funding account's available balance does not cover this amount." },
  payout_link_not_found: { status: 404, type: "invalid_request_error", message: "No such payout link." },
  payout_link_already_claimed: { status: 409, type: "invalid_request_error", message: "This payout link has already been claimed." },
  payout_link_already_completed: { status: 409, type: "invalid_request_error", message: "This payout link has already been paid." },
  payout_link_expired: { status: 409, type: "invalid_request_error", message: "This payout link has expired." },
  payout_link_cancelled: { status: 409, type: "invalid_request_error", message: "This payout link has been cancelled." },
  // claims
  name_invalid: { status: 400, type: "invalid_request_error", message: "Enter your full name (1 to 200 characters)." },
  email_invalid: { status: 400, type: "invalid_request_error", message: "Enter a valid email address, like name@example.com." },
  public_token_invalid: { status: 400, type: "invalid_request_error", message: "The bank connection expired or was already used. Connect your bank again." },
  account_not_found: { status: 400, type: "invalid_request_error", message: "That account is not part of the bank connection. Connect your bank again and choose an account." },
  name_mismatch: { status: 422, type: "invalid_request_error", message: "The name on the bank account does not match the name you entered." },
  bank_unavailable: { status: 503, type: "api_error", message: "The bank could not be reached. Please try again in a few minutes." },
  origin_not_allowed: { status: 403, type: "permission_error", message: "This request must come from the claim page itself." },
  rate_limited: { status: 429, type: "rate_limit_error", message: "Too many requests. Please wait a moment and try again." },
  recipient_not_found: { status: 404, type: "invalid_request_error", message: "No such recipient." },
  transaction_not_found: { status: 404, type: "invalid_request_error", message: "No such transaction." },
  // webhooks and events
  url_invalid: { status: 400, type: "invalid_request_error", message: "url must be an https URL of at most 2000 characters, without credentials, to a public address." },
  event_type_invalid: { status: 400, type: "invalid_request_error", message: "Not an event type this API sends." },
  webhook_endpoint_not_found: { status: 404, type: "invalid_request_error", message: "No such webhook endpoint." },
  event_not_found: { status: 404, type: "invalid_request_error", message: "No such event." },
  // funding
  funding_source_not_found: { status: 404, type: "invalid_request_error", message: "No such funding source (or it has been removed)." },
  funding_source_required: { status: 400, type: "invalid_request_error", message: "Deposits on the plaid-transfer rail are pulled from a linked funding source: pass funding_source_id." },
  deposit_not_found: { status: 404, type: "invalid_request_error", message: "No such deposit." },
  webhook_delivery_not_found: { status: 404, type: "invalid_request_error", message: "No such webhook delivery." },
  webhook_endpoint_deleted: { status: 409, type: "invalid_request_error", message: "This delivery's webhook endpoint has been deleted; nothing more is sent to it." },
  replay_window_invalid: { status: 400, type: "invalid_request_error", message: "The replay window must have since before until and span at most 7 days." },
  replay_too_large: { status: 422, type: "invalid_request_error", message: "The replay would queue more events than one replay may (1000); narrow the window." },
  event_ids_invalid: { status: 400, type: "invalid_request_error", message: "event_ids must be a list of 1 to 100 evt_… ids." },
  event_not_replayable: { status: 400, type: "invalid_request_error", message: "This event cannot be sent to this endpoint: it is of a type the endpoint is not subscribed to, or happened before the endpoint was created." },
  not_found: { status: 404, type: "invalid_request_error", message: "No such route." },
  method_not_allowed: { status: 405, type: "invalid_request_error", message: "This route does not accept that method." },
  // auth
  api_key_missing: { status: 401, type: "authentication_error", message: "Send an API key as 'Authorization: Bearer sk_…'." },
  api_key_invalid: { status: 401, type: "authentication_error", message: "The API key is not valid." },
  api_key_revoked: { status: 401, type: "authentication_error", message: "The API key has been revoked." },
  capability_missing: { status: 403, type: "permission_error", message: "This API key lacks the capability this endpoint needs." },
  // dashboard operators (lib/operators)
  unauthenticated: { status: 401, type: "authentication_error", message: "Sign in to continue." },
  forbidden: { status: 403, type: "permission_error", message: "Your role in this organisation does not allow this." },
  password_invalid: { status: 400, type: "invalid_request_error", message: "Passwords are 12 to 256 characters." },
  credentials_invalid: { status: 401, type: "authentication_error", message: "The email or password is wrong." },
  member_not_found: { status: 404, type: "invalid_request_error", message: "No such member of this organisation." },
  last_admin: { status: 409, type: "invalid_request_error", message: "An organisation keeps at least one admin: make someone else an admin first." },
  already_member: { status: 409, type: "invalid_request_error", message: "This person is already a member of the organisation." },
  invite_not_found: { status: 404, type: "invalid_request_error", message: "This invitation does not exist. Ask for a new one." },
  invite_used: { status: 409, type: "invalid_request_error", message: "This invitation has already been used." },
  invite_expired: { status: 410, type: "invalid_request_error", message: "This invitation has expired. Ask for a new one." },
  invite_revoked: { status: 410, type: "invalid_request_error", message: "This invitation was withdrawn. Ask for a new one." },
  // idempotency
  idempotency_key_invalid: { status: 400, type: "invalid_request_error", message: "Idempotency-Key must be 1 to 255 printable ASCII characters." },
  idempotency_key_reused: { status: 409, type: "idempotency_error", message: "This Idempotency-Key was used with a different request." },
  // server
  internal_error: { status: 500, type: "api_error", message: "Something went wrong on our side. It has been logged; retrying with the same Idempotency-Key is safe." },
} as const satisfies Record<string, { status: number; type: ErrorType; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The `error` member of every error response. */
export type ApiErrorBody = {
  type: ErrorType;
  code: ErrorCode;
  message: string;
  param?: string;
  request_id: string;
};
