import "server-only";
import type { DbOrTx } from "../db/transaction";
import type { OperatorContext } from "./roles";

/**
 * The member a session acts as: the user in the organisation the session has chosen, or, when that
 * membership is gone (removed from it since), the user's oldest remaining one. Null when the user
 * belongs nowhere, or no longer exists.
 */
export async function findOperatorContext(db: DbOrTx, userId: string, organizationId: string | null): Promise<OperatorContext | null> {
  const include = { user: true, organization: { select: { name: true } } } as const;
  const membership =
    (organizationId ? await db.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } }, include }) : null) ??
    (await db.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, include }));
  if (!membership) return null;
  return {
    userId,
    email: membership.user.email,
    name: membership.user.name,
    organizationId: membership.organizationId,
    organizationName: membership.organization.name,
    role: membership.role,
  };
}

/** Every organisation the user belongs to, for the organisation switcher. */
export async function listUserOrganizations(db: DbOrTx, userId: string) {
  const rows = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { organizationId: true, role: true, organization: { select: { name: true } } },
  });
  return rows.map((r) => ({ organizationId: r.organizationId, name: r.organization.name, role: r.role }));
}
