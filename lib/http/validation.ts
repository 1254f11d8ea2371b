import { z } from "zod";
import { AppError } from "../errors/app-error";
import { ERROR_CODES, type ErrorCode } from "../errors/codes";

type FieldCodes = Partial<Record<string, ErrorCode>>;

/**
 * Parses `input` with `schema` and turns the first problem into an AppError naming the field
 * (`param`) and a code from the fixed list: a field's own code, or parameter_missing/unknown.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, fieldCodes: FieldCodes): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];

  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    throw new AppError("parameter_unknown", { param: key, message: `Unknown parameter: ${key}.` });
  }
  if (issue.path.length === 0) {
    throw new AppError("parameter_invalid", { message: "The request body must be a JSON object." });
  }
  const field = String(issue.path[0]);
  const param = issue.path.map(String).join(".");
  const given = input !== null && typeof input === "object" ? (input as Record<string, unknown>) : {};
  if (issue.path.length === 1 && given[field] === undefined) {
    throw new AppError("parameter_missing", { param, message: `Missing required parameter: ${field}.` });
  }
  const ownCode = issue.code === "custom" ? (issue.params as { code?: string } | undefined)?.code : undefined;
  const code = (ownCode && ownCode in ERROR_CODES ? ownCode : fieldCodes[field] ?? "parameter_invalid") as ErrorCode;
  const message = issue.message.startsWith("Invalid") ? `${param}: ${issue.message}` : issue.message;
  throw new AppError(code, { param, message });
}

/** For routes that take no query parameters: anything given is refused as unknown. */
export const NoQuery = z.strictObject({});
