"use server";

import { headers } from "next/headers";
import { db } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/dashboard/action-result";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { acceptInvite, getInviteView } from "@/lib/operators/invites";
import { signInRateLimits } from "@/lib/operators/verify-credentials";

export type AcceptResult = { email: string; organizationId: string };

/**
 * Accepting with an existing account checks its password, so it counts against the same per-IP and
 * per-email limits as the sign-in form (otherwise the invitation page would be a way around them).
 */
export async function acceptInviteAction(token: string, _previous: ActionResult<AcceptResult> | null, form: FormData): Promise<ActionResult<AcceptResult>> {
  return runAction(async () => {
    const prisma = await db();
    const view = await getInviteView(prisma, token);
    const limits = signInRateLimits();
    const ip = (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
    await enforceRateLimit(prisma, limits.perIp, ip);
    if (view.state === "open" && view.hasAccount) await enforceRateLimit(prisma, limits.perEmail, view.email);
    const name = form.get("name");
    const password = form.get("password");
    const accepted = await acceptInvite(prisma, token, {
      name: typeof name === "string" ? name : undefined,
      password: typeof password === "string" ? password : "",
    });
    return { email: accepted.email, organizationId: accepted.organizationId };
  });
}
