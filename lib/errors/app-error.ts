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

  constructor(code: ErrorCode, options: { message?: string; param?: string } = {}) {
    super(options.message ?? ERROR_CODES[code].message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.type = ERROR_CODES[code].type;
    this.param = options.param;
  }
}
