import "server-only";
import type { z } from "zod";
import { sha256Hex } from "../crypto/secrets";
import { db } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import type { ErrorCode } from "../errors/codes";
import { errorResponse, newRequestId, respond } from "./api-route";
import { clientIp } from "./client-ip";
import type { StoredResponse } from "./idempotency";
import { enforceRateLimit, type RateLimitRule } from "./rate-limit";
import { readJsonBody } from "./read-json-body";
import { assertSameOrigin } from "./same-origin";
import { parseOrThrow } from "./validation";

type Options<BS extends z.ZodType | undefined> = {
  body?: BS;
  fieldCodes?: Partial<Record<string, ErrorCode>>;
  /** Limits applied per client IP and per claim token (the `token` route parameter). */
  perIp: RateLimitRule;
  perToken: RateLimitRule;
};

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * The wrapper for the claimant's endpoints: no API key (the claim token in the path is the
 * credential), same-origin only, rate limited per IP and per token, same error format as the API.
 * The token is never logged.
 */
export function publicRoute<BS extends z.ZodType | undefined = undefined>(
  options: Options<BS>,
  handler: (ctx: { db: PrismaClient; body: Out<BS>; token: string; requestId: string; ip: string }) => Promise<StoredResponse>,
) {
  return async (req: Request, route: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const requestId = newRequestId();
    try {
      assertSameOrigin(req);
      const { token } = await route.params;
      const prisma = await db();
      const ip = clientIp(req);
      await enforceRateLimit(prisma, options.perIp, ip);
      // Counted under the token's hash: the token itself is a credential and is never stored in clear.
      await enforceRateLimit(prisma, options.perToken, sha256Hex(token).slice(0, 32));
      const body = options.body ? parseOrThrow(options.body, (await readJsonBody(req)).value, options.fieldCodes ?? {}) : undefined;
      return respond(await handler({ db: prisma, body: body as Out<BS>, token, requestId, ip }), requestId);
    } catch (err) {
      // A claimant has no Idempotency-Key to retry with: tell them what they can do.
      return errorResponse(err, requestId, {}, { internalMessage: "Something went wrong on our side, and nothing was changed. Please try again in a moment." });
    }
  };
}
