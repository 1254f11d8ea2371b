// TEMPORARY: stands in for the auth branch's session module (next-auth sign-in, members, roles)
// until it is merged; same two signatures. It acts as an admin of the first organisation.
import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { hasRole, type MemberRole, type OperatorContext } from "./roles";

async function firstOrganisationAdmin(): Promise<OperatorContext | null> {
  const organization = await (await db()).organization.findFirst({ orderBy: { createdAt: "asc" } });
  if (!organization) return null;
  return {
    userId: "temporary-admin",
    email: "admin@example.com",
    name: "Temporary admin",
    organizationId: organization.id,
    organizationName: organization.name,
    role: "admin",
  };
}

/** Pages: the signed-in member (the real one redirects to sign-in when there is none). */
export async function requireOperator(): Promise<OperatorContext> {
  const operator = await firstOrganisationAdmin();
  if (!operator) throw new Error("no organisation to act for");
  return operator;
}

/** Server actions: the signed-in member with at least `minimum`, else an AppError. */
export async function requireRole(minimum: MemberRole): Promise<OperatorContext> {
  const operator = await firstOrganisationAdmin();
  if (!operator) throw new AppError("api_key_missing", { status: 401 });
  if (!hasRole(operator.role, minimum)) throw new AppError("capability_missing", { status: 403 });
  return operator;
}
