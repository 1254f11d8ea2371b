import "server-only";
import type { Tx, DbOrTx } from "../db/transaction";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors/app-error";
import type { MemberRole, OperatorContext } from "./roles";

export async function listMembers(db: DbOrTx, organizationId: string) {
  const rows = await db.membership.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true, lastSignInAt: true } } },
  });
  return rows.map((r) => ({
    membershipId: r.id,
    userId: r.user.id,
    email: r.user.email,
    name: r.user.name,
    role: r.role,
    joinedAt: r.createdAt,
    lastSignInAt: r.user.lastSignInAt,
  }));
}

/**
 * Serialises every membership change of one organisation behind a lock on its row, so "is this the
 * last admin?" is answered and acted on atomically: two admins demoting each other at the same
 * moment leave one admin, not none. FOR NO KEY UPDATE does not block inserts that reference the
 * organisation (payout links, events), which only take KEY SHARE locks.
 */
async function lockOrganizationMemberships(tx: Tx, organizationId: string) {
  await tx.$executeRaw`SELECT 1 FROM organizations WHERE id = ${organizationId} FOR NO KEY UPDATE`;
}

async function membershipInOrg(tx: Tx, organizationId: string, membershipId: string) {
  const membership = await tx.membership.findFirst({ where: { id: membershipId, organizationId } });
  if (!membership) throw new AppError("member_not_found", { param: "membership_id" });
  return membership;
}

async function otherAdmins(tx: Tx, organizationId: string, membershipId: string) {
  return tx.membership.count({ where: { organizationId, role: "admin", id: { not: membershipId } } });
}

export async function changeMemberRole(db: DbOrTx, actor: OperatorContext, input: { membershipId: string; role: MemberRole }) {
  return inTransaction(db, async (tx) => {
    await lockOrganizationMemberships(tx, actor.organizationId);
    const membership = await membershipInOrg(tx, actor.organizationId, input.membershipId);
    if (membership.role === input.role) return membership;
    if (membership.role === "admin" && (await otherAdmins(tx, actor.organizationId, membership.id)) === 0) {
      throw new AppError("last_admin", { param: "role" });
    }
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role: input.role } });
    await tx.auditEvent.create({
      data: {
        organizationId: actor.organizationId,
        actor: `user:${actor.userId}`,
        action: "member.role_changed",
        subjectId: membership.userId,
        data: { from: membership.role, to: input.role },
      },
    });
    return updated;
  });
}

export async function removeMember(db: DbOrTx, actor: OperatorContext, input: { membershipId: string }) {
  return inTransaction(db, async (tx) => {
    await lockOrganizationMemberships(tx, actor.organizationId);
    const membership = await membershipInOrg(tx, actor.organizationId, input.membershipId);
    if (membership.role === "admin" && (await otherAdmins(tx, actor.organizationId, membership.id)) === 0) {
      throw new AppError("last_admin", { param: "membership_id" });
    }
    await tx.membership.delete({ where: { id: membership.id } });
    await tx.auditEvent.create({
      data: { organizationId: actor.organizationId, actor: `user:${actor.userId}`, action: "member.removed", subjectId: membership.userId, data: { role: membership.role } },
    });
    return membership;
  });
}
