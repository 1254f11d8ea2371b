import { ERROR_CODES, type ErrorCode, type ErrorType } from "./codes";

/**
 * A refusal the caller can act on. Business code throws these before it writes anything, so a
 * transaction that ends in one commits nothing but its idempotency record.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: ErrorType;
  readonly param?: string;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, options: { message?: string; param?: string; status?: number; retryAfterSeconds?: number } = {}) {
    super(options.message ?? ERROR_CODES[code].message);
    this.name = "AppError";
    this.code = code;
    // A code's usual status, unless the context calls for another: an expired link is a 409
    // conflict for an operator's cancel but 410 Gone for the person trying to claim it.
    this.status = options.status ?? ERROR_CODES[code].status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.type = ERROR_CODES[code].type;
    this.param = options.param;
  }
}
