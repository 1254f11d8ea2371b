import { config } from "../config";
import { AppError } from "../errors/app-error";

/**
 * Claim endpoints act for whoever holds the link, with no credentials of their own: accept them
 * only from the claim page's own origin, so another site cannot drive them from a visitor's browser.
 */
export function assertSameOrigin(req: Request): void {
  const expected = new URL(config().appUrl).origin;
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") throw new AppError("origin_not_allowed");
  if (!origin || origin !== expected) throw new AppError("origin_not_allowed");
}
