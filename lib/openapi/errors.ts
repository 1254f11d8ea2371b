// The one error shape every operation answers with, and per-operation error responses grouped by
// the HTTP status each code carries in lib/errors/codes.ts (so statuses cannot drift from there).
import { z } from "zod";
import { ERROR_CODES, type ApiErrorBody, type ErrorCode, type ErrorType } from "../errors/codes";
import { ref, type JsonSchema } from "./json-schema";

/** Every ErrorType, including ones no code uses yet (rate_limit_error); a Record so none is missed. */
const ERROR_TYPE_DESCRIPTIONS: Record<ErrorType, string> = {
  invalid_request_error: "The request is invalid or the resource is in a state that refuses it.",
  authentication_error: "No valid API key was sent.",
  permission_error: "The API key lacks the capability the endpoint needs.",
  idempotency_error: "The Idempotency-Key was used with a different request.",
  rate_limit_error: "Too many requests.",
  api_error: "Something went wrong on the server; nothing internal is revealed.",
};

export const ERROR_TYPES = Object.keys(ERROR_TYPE_DESCRIPTIONS) as [ErrorType, ...ErrorType[]];
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export const ApiError = z.object({
  error: z.object({
    type: z.enum(ERROR_TYPES).meta({
      description: Object.entries(ERROR_TYPE_DESCRIPTIONS)
        .map(([type, text]) => `\`${type}\`: ${text}`)
        .join("\n"),
    }),
    code: z.enum(ERROR_CODE_LIST).meta({ description: "Machine-readable and stable: branch on this, not on `message`." }),
    message: z.string().meta({ description: "Human-readable explanation; wording may change." }),
    param: z.string().optional().meta({ description: "The offending parameter, as a dotted path for nested fields (e.g. `metadata.order`)." }),
    request_id: z.string().meta({ description: "Also sent as the Request-Id header; quote it to support.", example: "req_8fJ2kQ9xL3mN" }),
  }),
});

// Compile-time: the documented shape is exactly the ApiErrorBody type the server builds.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const errorShapeMatches: Same<z.infer<typeof ApiError>["error"], ApiErrorBody> = true;
void errorShapeMatches;

const STATUS_TEXT: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  410: "Gone",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Unprocessable",
  429: "Too many requests",
  500: "Internal server error",
};

/** Codes every authenticated operation can answer with. */
export const COMMON_ERROR_CODES: ErrorCode[] = ["api_key_missing", "api_key_invalid", "api_key_revoked", "capability_missing", "internal_error"];

/** Which param an example of `code` names, when the code is about one field. */
const EXAMPLE_PARAM: Partial<Record<ErrorCode, string>> = {
  amount_invalid: "amount",
  amount_too_large: "amount",
  currency_unsupported: "currency",
  description_invalid: "description",
  description_too_long: "description",
  expires_in_invalid: "expires_in_seconds",
  metadata_invalid: "metadata",
  limit_invalid: "limit",
  cursor_invalid: "starting_after",
  status_invalid: "status",
  payout_link_not_found: "token",
  payout_link_already_claimed: "token",
  payout_link_already_completed: "token",
  payout_link_expired: "token",
  payout_link_cancelled: "token",
  recipient_not_found: "id",
  transaction_not_found: "id",
  email_invalid: "email",
  webhook_delivery_not_found: "id",
  webhook_endpoint_deleted: "id",
  replay_window_invalid: "until",
  replay_too_large: "since",
  event_ids_invalid: "event_ids",
  event_not_replayable: "event_ids.0",
};

/** OpenAPI responses for `codes`, one per HTTP status, each listing its codes with an example. */
export function errorResponses(
  codes: readonly ErrorCode[],
  headers: JsonSchema,
  statusOverrides: Partial<Record<ErrorCode, number>> = {},
  messages: Partial<Record<ErrorCode, string>> = {},
): Record<string, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = statusOverrides[code] ?? ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `${STATUS_TEXT[status] ?? "Error"}. Codes: ${group.map((c) => `\`${c}\``).join(", ")}.`,
      headers,
      content: {
        "application/json": {
          schema: ref("Error"),
          examples: Object.fromEntries(
            group.map((code) => {
              const { type } = ERROR_CODES[code];
              const message = messages[code] ?? ERROR_CODES[code].message;
              const param = EXAMPLE_PARAM[code];
              const error: ApiErrorBody = { type, code, message, ...(param ? { param } : {}), request_id: "req_8fJ2kQ9xL3mN" };
              return [code, { summary: message, value: { error } }];
            }),
          ),
        },
      },
    };
  }
  return responses;
}
