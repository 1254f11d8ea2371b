import "server-only";
import { config } from "../config";
import { randomToken, sha256Hex } from "../crypto/secrets";
import type { DbOrTx } from "../db/transaction";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { normalizeEmail } from "./email-address";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password";
import type { MemberRole, OperatorContext } from "./roles";
import { checkPasswordRules } from "./users";

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export function inviteTokenHash(token: string) {
  return sha256Hex(`invite:${token}`);
}

export function inviteUrl(token: string) {
  return `${config().appUrl}/invite/${token}`;
}

/**
 * Invites `email` with `role`. The token (128+ bits) appears only in the returned URL, which goes
 * into the email; we keep its hash. Inviting the same address again withdraws the older invites,
 * so only the newest link works.
 */
export async function createInvite(db: DbOrTx, actor: OperatorContext, input: { email: string; role: MemberRole }, now = new Date()) {
  const email = normalizeEmail(input.email);
  const token = randomToken(24);
  const invite = await inTransaction(db, async (tx) => {
    const existing = await tx.membership.findFirst({ where: { organizationId: actor.organizationId, user: { email } } });
    if (existing) throw new AppError("already_member", { param: "email" });
    await tx.invite.updateMany({
      where: { organizationId: actor.organizationId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const created = await tx.invite.create({
      data: {
        id: newId(),
        organizationId: actor.organizationId,
        email,
        role: input.role,
        tokenHash: inviteTokenHash(token),
        invitedById: actor.userId,
        expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
      },
    });
    await tx.auditEvent.create({
      data: { organizationId: actor.organizationId, actor: `user:${actor.userId}`, action: "invite.created", subjectId: created.id, data: { email, role: input.role } },
    });
    return created;
  });
  return { invite, token, url: inviteUrl(token) };
}

export async function listOpenInvites(db: DbOrTx, organizationId: string, now = new Date()) {
  return db.invite.findMany({
    where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true, invitedBy: { select: { name: true, email: true } } },
  });
}

export async function revokeInvite(db: DbOrTx, actor: OperatorContext, inviteId: string, now = new Date()) {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.invite.updateMany({
      where: { id: inviteId, organizationId: actor.organizationId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    if (count === 0) {
      const invite = await tx.invite.findFirst({ where: { id: inviteId, organizationId: actor.organizationId } });
      throw new AppError(!invite ? "invite_not_found" : invite.acceptedAt ? "invite_used" : "invite_revoked", { param: "invite_id" });
    }
    await tx.auditEvent.create({ data: { organizationId: actor.organizationId, actor: `user:${actor.userId}`, action: "invite.revoked", subjectId: inviteId } });
  });
}

export type InviteView =
  | { state: "open"; email: string; role: MemberRole; organizationName: string; inviterName: string | null; expiresAt: Date; hasAccount: boolean }
  | { state: "used" | "expired" | "revoked" | "not_found" };

/** What the invitation page shows for a token. Reading never changes anything (mail scanners prefetch). */
export async function getInviteView(db: DbOrTx, token: string, now = new Date()): Promise<InviteView> {
  const invite = await db.invite.findUnique({
    where: { tokenHash: inviteTokenHash(token) },
    include: { organization: { select: { name: true } }, invitedBy: { select: { name: true } } },
  });
  if (!invite) return { state: "not_found" };
  if (invite.acceptedAt) return { state: "used" };
  if (invite.revokedAt) return { state: "revoked" };
  if (invite.expiresAt <= now) return { state: "expired" };
  const account = await db.user.findUnique({ where: { email: invite.email }, select: { passwordHash: true } });
  return {
    state: "open",
    email: invite.email,
    role: invite.role,
    organizationName: invite.organization.name,
    inviterName: invite.invitedBy?.name ?? null,
    expiresAt: invite.expiresAt,
    hasAccount: Boolean(account?.passwordHash),
  };
}

function refusal(invite: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | null, now: Date): AppError {
  if (!invite) return new AppError("invite_not_found", { param: "token" });
  if (invite.acceptedAt) return new AppError("invite_used", { param: "token" });
  if (invite.revokedAt) return new AppError("invite_revoked", { param: "token" });
  if (invite.expiresAt <= now) return new AppError("invite_expired", { param: "token" });
  return new AppError("invite_used", { param: "token" });
}

/**
 * Accepts an invitation: a new person sets a name and password; someone who already has an account
 * proves it with their password. Single use under any concurrency: the invite is claimed by one
 * conditional UPDATE first (a second accept waits on that row, then finds it taken), and the user
 * and membership are written in the same transaction, so a refusal leaves nothing behind.
 */
export async function acceptInvite(db: DbOrTx, token: string, input: { name?: string; password: string }, now = new Date()) {
  const tokenHash = inviteTokenHash(token);
  const invite = await db.invite.findUnique({ where: { tokenHash } });
  if (!invite || invite.acceptedAt || invite.revokedAt || invite.expiresAt <= now) throw refusal(invite, now);

  const existing = await db.user.findUnique({ where: { email: invite.email } });
  let newPasswordHash: string | null = null;
  if (existing?.passwordHash) {
    if (!(await verifyPassword(input.password, existing.passwordHash))) throw new AppError("credentials_invalid", { param: "password" });
  } else if (existing) {
    // An OAuth-only account: it signs in through its provider; a password here would let the
    // invitation link alone take the account over.
    await verifyAgainstDummy(input.password);
    throw new AppError("credentials_invalid", { param: "password", message: "This email signs in with an identity provider: sign in that way, then open the invitation again." });
  } else {
    const name = (input.name ?? "").trim();
    if (!name || name.length > 200) throw new AppError("name_invalid", { param: "name", message: "Enter your name (1 to 200 characters)." });
    checkPasswordRules(input.password);
    // Hash before the transaction: the lock on the invite row is held for milliseconds, not a hash.
    newPasswordHash = await hashPassword(input.password);
  }

  return inTransaction(db, async (tx) => {
    const { count } = await tx.invite.updateMany({
      where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (count === 0) throw refusal(await tx.invite.findUnique({ where: { id: invite.id } }), now);
    const user = existing ?? (await tx.user.create({ data: { id: newId(), email: invite.email, name: input.name!.trim(), passwordHash: newPasswordHash } }));
    await tx.invite.update({ where: { id: invite.id }, data: { acceptedById: user.id } });
    // Already a member (added some other way since): keep the role they have.
    await tx.membership.createMany({ data: [{ id: newId(), organizationId: invite.organizationId, userId: user.id, role: invite.role }], skipDuplicates: true });
    await tx.auditEvent.create({
      data: { organizationId: invite.organizationId, actor: `user:${user.id}`, action: "invite.accepted", subjectId: invite.id, data: { role: invite.role } },
    });
    return { userId: user.id, email: user.email, organizationId: invite.organizationId };
  });
}
