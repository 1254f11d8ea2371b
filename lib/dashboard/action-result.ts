import { ZodError } from "zod";
import { AppError } from "../errors/app-error";

// What every dashboard server action returns: data, or an error the form can show next to the field
// it concerns (`param`, the same name the API would report). Server actions never throw AppErrors
// to the client: Next would hide their message in production.

export type ActionError = { code: string; message: string; param?: string };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export function actionError(error: unknown): ActionError {
  if (error instanceof AppError) return { code: error.code, message: error.message, param: error.param };
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return { code: "parameter_invalid", message: issue?.message ?? "Invalid input.", param: issue?.path.join(".") || undefined };
  }
  throw error;
}

/** Runs an action body and turns refusals into an ActionResult; unexpected errors still throw. */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    return { ok: false, error: actionError(error) };
  }
}
