import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { findOperatorContext } from "./memberships";
import { hasRole, type MemberRole, type OperatorContext } from "./roles";
import { readSessionClaims } from "./session-token";

/**
 * The signed-in member of their current organisation, or null. The cookie only says who signed in
 * and which organisation they chose; membership and role are read from the database on every call,
 * so removing a member or changing a role takes effect on their next request, not when the JWT
 * expires.
 */
export async function currentOperator(): Promise<OperatorContext | null> {
  const claims = await readSessionClaims({ cookies: await cookies(), headers: {} });
  if (!claims) return null;
  return findOperatorContext(await db(), claims.userId, claims.organizationId);
}

/** For pages: the member, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireOperator(): Promise<OperatorContext> {
  const operator = await currentOperator();
  if (!operator) redirect(`/sign-in?callbackUrl=${encodeURIComponent(await currentPath())}`);
  return operator;
}

/**
 * For server actions: the member if their role is at least `minimum`; otherwise an AppError
 * (`unauthenticated` 401, `forbidden` 403) that runAction turns into a refusal. The check is here,
 * on the server, whatever the page showed.
 */
export async function requireRole(minimum: MemberRole): Promise<OperatorContext> {
  const operator = await currentOperator();
  if (!operator) throw new AppError("unauthenticated");
  if (!hasRole(operator.role, minimum)) throw new AppError("forbidden");
  return operator;
}

/** The path being rendered, as proxy.ts recorded it (server components cannot see their URL). */
async function currentPath(): Promise<string> {
  const path = (await headers()).get("x-pathname");
  return path && path.startsWith("/") && !path.startsWith("//") ? path : "/dashboard";
}
