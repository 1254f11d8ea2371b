// The one error type the SDK throws. Isomorphic: no server imports, only types from the API's codes.
import type { ErrorCode, ErrorType } from "../errors/codes";

/**
 * Codes the SDK produces itself, for failures that never got an API error body:
 * - `network_error`: the request could not be sent or the connection broke (after all retries);
 * - `timeout`: no complete response within `timeoutMs` (after all retries);
 * - `invalid_response`: the server (or a proxy in front of it) answered with a body that is not the
 *   API's JSON shape, e.g. an HTML 502 page.
 * `network_error` and `timeout` carry `status: 0` and `type: "api_error"`.
 */
export type SdkErrorCode = "network_error" | "timeout" | "invalid_response";
export type PayoutLinksErrorCode = ErrorCode | SdkErrorCode;

const ERROR_TYPES: readonly ErrorType[] = [
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "idempotency_error",
  "rate_limit_error",
  "api_error",
];

export type PayoutLinksErrorInit = {
  type: ErrorType;
  code: PayoutLinksErrorCode;
  message: string;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  param?: string;
  request_id?: string;
  cause?: unknown;
};

export class PayoutLinksError extends Error {
  override readonly name = "PayoutLinksError";
  readonly type: ErrorType;
  readonly code: PayoutLinksErrorCode;
  /** HTTP status, or 0 for `network_error` / `timeout` (no response arrived). */
  readonly status: number;
  /** The request field at fault, when the API names one (e.g. `amount`). */
  readonly param: string | undefined;
  /** Quote this to support; from the error body, else the `Request-Id` response header. */
  readonly request_id: string | undefined;

  constructor(init: PayoutLinksErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.type = init.type;
    this.code = init.code;
    this.status = init.status;
    this.param = init.param;
    this.request_id = init.request_id;
  }
}

/** The error type the API uses for a status, for bodies that do not say. */
function typeForStatus(status: number): ErrorType {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500 || status < 400) return "api_error";
  return "invalid_request_error";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Builds the error for a non-2xx response, whatever its body holds. */
export function errorFromResponse(status: number, bodyText: string, headerRequestId: string | undefined): PayoutLinksError {
  const parsed = parseJson(bodyText);
  const body = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  if (body && typeof body.code === "string" && body.code.length > 0) {
    const type = ERROR_TYPES.includes(body.type as ErrorType) ? (body.type as ErrorType) : typeForStatus(status);
    return new PayoutLinksError({
      type,
      // A code added to the API after this SDK was built still comes through as given.
      code: body.code as PayoutLinksErrorCode,
      message: typeof body.message === "string" && body.message ? body.message : `The API answered HTTP ${status} (${body.code}).`,
      status,
      param: typeof body.param === "string" ? body.param : undefined,
      request_id: typeof body.request_id === "string" ? body.request_id : headerRequestId,
    });
  }
  return invalidResponseError(status, bodyText, headerRequestId);
}

/** A response that is not the API's JSON shape (proxies, load balancers, truncated bodies). */
export function invalidResponseError(status: number, bodyText: string, headerRequestId: string | undefined): PayoutLinksError {
  const snippet = bodyText.trim().replace(/\s+/g, " ").slice(0, 200);
  return new PayoutLinksError({
    type: typeForStatus(status),
    code: "invalid_response",
    message: `The API answered HTTP ${status} with an unexpected body${snippet ? `: ${snippet}` : " (empty)"}`,
    status,
    request_id: headerRequestId,
  });
}

export function networkError(cause: unknown, attempts: number): PayoutLinksError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new PayoutLinksError({
    type: "api_error",
    code: "network_error",
    message: `Could not reach the Payout Links API (${attempts} attempt${attempts === 1 ? "" : "s"}): ${reason}`,
    status: 0,
    cause,
  });
}

export function timeoutError(timeoutMs: number, attempts: number): PayoutLinksError {
  return new PayoutLinksError({
    type: "api_error",
    code: "timeout",
    message: `The Payout Links API did not answer within ${timeoutMs} ms (${attempts} attempt${attempts === 1 ? "" : "s"}).`,
    status: 0,
  });
}
