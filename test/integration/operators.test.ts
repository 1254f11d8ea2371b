import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganization } from "@/lib/auth/organizations";
import { DEMO_OPERATOR_EMAIL, demoOperatorPath, seedDemoIfEmpty, seedDemoOperatorIfMissing } from "@/lib/boot/seed-demo";
import { resetConfigForTests } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { sendEmail, setTransportForTests } from "@/lib/email/send-email";
import { AppError } from "@/lib/errors/app-error";
import { newId } from "@/lib/ids";
import { acceptInvite, createInvite, getInviteView, INVITE_TTL_MS, revokeInvite } from "@/lib/operators/invites";
import { findOperatorContext } from "@/lib/operators/memberships";
import { changeMemberRole, removeMember } from "@/lib/operators/members";
import { verifyPassword } from "@/lib/operators/password";
import type { MemberRole, OperatorContext } from "@/lib/operators/roles";
import { createUser } from "@/lib/operators/users";
import { verifyCredentials } from "@/lib/operators/verify-credentials";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { awaitRoomInWindow } from "../support/rate-window";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 40 });
});
afterAll(async () => {
  await db.destroy();
});

let seq = 0;
async function orgWithMembers(prisma: PrismaClient, roles: MemberRole[]) {
  const { organization } = await createOrganization(prisma, { name: `Org ${++seq}` });
  const members: (OperatorContext & { membershipId: string })[] = [];
  for (const [i, role] of roles.entries()) {
    const user = await createUser(prisma, { email: `m${seq}-${i}@example.test`, name: `Member ${i}`, password: "a long enough password" });
    const m = await prisma.membership.create({ data: { id: newId(), organizationId: organization.id, userId: user.id, role } });
    members.push({ userId: user.id, email: user.email, name: user.name, organizationId: organization.id, organizationName: organization.name, role, membershipId: m.id });
  }
  return { organizationId: organization.id, members };
}

const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === "rejected" ? (r.reason as AppError).code : "ok");

describe("the last admin rule", () => {
  it("two admins demoting each other at the same moment leave exactly one admin (10 rounds)", async () => {
    for (let round = 0; round < 10; round++) {
      const { organizationId, members } = await orgWithMembers(db.prisma, ["admin", "admin"]);
      const [a, b] = members;
      const results = await Promise.allSettled([
        changeMemberRole(db.prisma, a, { membershipId: b.membershipId, role: "viewer" }),
        changeMemberRole(db.prisma, b, { membershipId: a.membershipId, role: "viewer" }),
      ]);
      expect(results.map(codeOf).sort()).toEqual(["last_admin", "ok"]);
      expect(await db.prisma.membership.count({ where: { organizationId, role: "admin" } })).toBe(1);
    }
  });

  it("two admins removing each other at the same moment leave exactly one admin", async () => {
    for (let round = 0; round < 5; round++) {
      const { organizationId, members } = await orgWithMembers(db.prisma, ["admin", "admin"]);
      const [a, b] = members;
      const results = await Promise.allSettled([removeMember(db.prisma, a, { membershipId: b.membershipId }), removeMember(db.prisma, b, { membershipId: a.membershipId })]);
      expect(results.map(codeOf).sort()).toEqual(["last_admin", "ok"]);
      expect(await db.prisma.membership.count({ where: { organizationId, role: "admin" } })).toBe(1);
      expect(await db.prisma.membership.count({ where: { organizationId } })).toBe(1);
    }
  });

  it("refuses demoting or removing the only admin with last_admin, and changes nothing", async () => {
    const { organizationId, members } = await orgWithMembers(db.prisma, ["admin", "operator"]);
    const [admin] = members;
    await expect(changeMemberRole(db.prisma, admin, { membershipId: admin.membershipId, role: "operator" })).rejects.toMatchObject({ code: "last_admin", status: 409, param: "role" });
    await expect(removeMember(db.prisma, admin, { membershipId: admin.membershipId })).rejects.toMatchObject({ code: "last_admin", param: "membership_id" });
    expect(await db.prisma.membership.findUniqueOrThrow({ where: { id: admin.membershipId } })).toMatchObject({ role: "admin", organizationId });
  });

  it("another organisation's membership is member_not_found", async () => {
    const one = await orgWithMembers(db.prisma, ["admin"]);
    const two = await orgWithMembers(db.prisma, ["admin", "viewer"]);
    await expect(changeMemberRole(db.prisma, one.members[0], { membershipId: two.members[1].membershipId, role: "admin" })).rejects.toMatchObject({
      code: "member_not_found",
      status: 404,
    });
    await expect(removeMember(db.prisma, one.members[0], { membershipId: two.members[1].membershipId })).rejects.toMatchObject({ code: "member_not_found" });
    expect((await db.prisma.membership.findUniqueOrThrow({ where: { id: two.members[1].membershipId } })).role).toBe("viewer");
  });

  it("a removed member or a changed role is what the next findOperatorContext sees", async () => {
    const { organizationId, members } = await orgWithMembers(db.prisma, ["admin", "operator"]);
    const [admin, op] = members;
    await changeMemberRole(db.prisma, admin, { membershipId: op.membershipId, role: "viewer" });
    expect((await findOperatorContext(db.prisma, op.userId, organizationId))?.role).toBe("viewer");
    await removeMember(db.prisma, admin, { membershipId: op.membershipId });
    expect(await findOperatorContext(db.prisma, op.userId, organizationId)).toBeNull();
  });
});

describe("invitations", () => {
  it("10 concurrent accepts of one invitation: one wins, the rest get invite_used; one user, one membership", async () => {
    const { organizationId, members } = await orgWithMembers(db.prisma, ["admin"]);
    const { token } = await createInvite(db.prisma, members[0], { email: "  New.Person@Example.test ", role: "operator" });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => acceptInvite(db.prisma, token, { name: `Racer ${i}`, password: "a brand new password" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.map(codeOf).filter((c) => c !== "ok")).toEqual(Array(9).fill("invite_used"));
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "new.person@example.test" } });
    expect(await db.prisma.membership.findMany({ where: { userId: user.id } })).toMatchObject([{ organizationId, role: "operator" }]);
    expect(await verifyPassword("a brand new password", user.passwordHash!)).toBe(true);
    await expect(acceptInvite(db.prisma, token, { name: "Late", password: "a brand new password" })).rejects.toMatchObject({ code: "invite_used", status: 409, param: "token" });
    expect((await getInviteView(db.prisma, token)).state).toBe("used");
  });

  it("an existing account accepts with its own password; a wrong one is refused and leaves the invite open", async () => {
    const one = await orgWithMembers(db.prisma, ["admin"]);
    const two = await orgWithMembers(db.prisma, ["admin"]);
    const existing = one.members[0];
    const { token } = await createInvite(db.prisma, two.members[0], { email: existing.email, role: "viewer" });
    const view = await getInviteView(db.prisma, token);
    expect(view).toMatchObject({ state: "open", hasAccount: true, role: "viewer", organizationName: two.members[0].organizationName });
    await expect(acceptInvite(db.prisma, token, { password: "not my password at all" })).rejects.toMatchObject({ code: "credentials_invalid", param: "password" });
    expect((await getInviteView(db.prisma, token)).state).toBe("open");
    const accepted = await acceptInvite(db.prisma, token, { password: "a long enough password" });
    expect(accepted).toMatchObject({ userId: existing.userId, organizationId: two.organizationId });
    expect(await db.prisma.membership.count({ where: { userId: existing.userId } })).toBe(2);
  });

  it("expired, revoked, unknown and re-issued invitations are refused with their own codes", async () => {
    const { members } = await orgWithMembers(db.prisma, ["admin"]);
    const admin = members[0];
    const longAgo = new Date(Date.now() - INVITE_TTL_MS - 60_000);
    const expired = await createInvite(db.prisma, admin, { email: "late@example.test", role: "viewer" }, longAgo);
    await expect(acceptInvite(db.prisma, expired.token, { name: "Late", password: "a long enough password" })).rejects.toMatchObject({ code: "invite_expired", status: 410 });

    const revoked = await createInvite(db.prisma, admin, { email: "gone@example.test", role: "viewer" });
    await revokeInvite(db.prisma, admin, revoked.invite.id);
    await expect(acceptInvite(db.prisma, revoked.token, { name: "Gone", password: "a long enough password" })).rejects.toMatchObject({ code: "invite_revoked", status: 410 });
    await expect(revokeInvite(db.prisma, admin, revoked.invite.id)).rejects.toMatchObject({ code: "invite_revoked" });

    await expect(acceptInvite(db.prisma, "no-such-token", { name: "X", password: "a long enough password" })).rejects.toMatchObject({ code: "invite_not_found", status: 404 });

    const first = await createInvite(db.prisma, admin, { email: "twice@example.test", role: "viewer" });
    const second = await createInvite(db.prisma, admin, { email: "twice@example.test", role: "operator" });
    expect((await getInviteView(db.prisma, first.token)).state).toBe("revoked");
    await acceptInvite(db.prisma, second.token, { name: "Twice", password: "a long enough password" });
    expect(await db.prisma.user.count({ where: { email: "twice@example.test" } })).toBe(1);
  });

  it("refuses weak passwords, missing names and inviting a current member, writing nothing", async () => {
    const { members } = await orgWithMembers(db.prisma, ["admin", "viewer"]);
    const { token } = await createInvite(db.prisma, members[0], { email: "weak@example.test", role: "viewer" });
    await expect(acceptInvite(db.prisma, token, { name: "Weak", password: "short" })).rejects.toMatchObject({ code: "password_invalid", param: "password", status: 400 });
    await expect(acceptInvite(db.prisma, token, { name: "  ", password: "a long enough password" })).rejects.toMatchObject({ code: "name_invalid", param: "name" });
    expect(await db.prisma.user.count({ where: { email: "weak@example.test" } })).toBe(0);
    await expect(createInvite(db.prisma, members[0], { email: members[1].email.toUpperCase(), role: "admin" })).rejects.toMatchObject({ code: "already_member", param: "email" });
  });
});

describe("sign-in checks", () => {
  it("verifies credentials case-insensitively, and an unknown email or wrong password is null", async () => {
    const { members } = await orgWithMembers(db.prisma, ["viewer"]);
    const ip = `10.0.0.${++seq}`;
    expect(await verifyCredentials(db.prisma, { email: members[0].email.toUpperCase(), password: "a long enough password", ip })).toMatchObject({ id: members[0].userId });
    expect(await verifyCredentials(db.prisma, { email: members[0].email, password: "wrong password here", ip })).toBeNull();
    expect(await verifyCredentials(db.prisma, { email: "nobody@example.test", password: "wrong password here", ip })).toBeNull();
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: members[0].userId } })).lastSignInAt).toBeInstanceOf(Date);
  });

  it("counts failures only: 15 successful sign-ins in a row are all let through", async () => {
    const { members } = await orgWithMembers(db.prisma, ["viewer"]);
    for (let i = 0; i < 15; i++) {
      expect(await verifyCredentials(db.prisma, { email: members[0].email, password: "a long enough password", ip: "10.3.0.1" })).toMatchObject({ id: members[0].userId });
    }
  });

  it("is rate limited per email: attempt 11 in the window is refused with a retry time, even with the right password", async () => {
    const { members } = await orgWithMembers(db.prisma, ["viewer"]);
    const email = members[0].email;
    // The limit counts per 15 clock minutes: all eleven attempts must land in one window.
    await awaitRoomInWindow(15 * 60, 30_000);
    for (let i = 0; i < 10; i++) {
      expect(await verifyCredentials(db.prisma, { email, password: "wrong password here", ip: `10.1.${seq}.${i}` })).toBeNull();
    }
    const refused = await verifyCredentials(db.prisma, { email, password: "a long enough password", ip: "10.2.0.1" }).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "rate_limited", status: 429 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });
});

describe("the demo operator and email", () => {
  it("is seeded once for the demo organisation with a random password kept in the data directory", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "payout-links-demo-"));
    try {
      // Its own database: the seed looks for "the" demo organisation and "any" user.
      const fresh = await createTestDatabase();
      try {
        await seedDemoIfEmpty(fresh.prisma, dataDir);
        const first = await seedDemoOperatorIfMissing(fresh.prisma, dataDir);
        expect(first.seeded).toBe(true);
        expect(first.operator?.email).toBe(DEMO_OPERATOR_EMAIL);
        expect(first.operator!.password.length).toBeGreaterThanOrEqual(20);
        expect(readFileSync(demoOperatorPath(dataDir), "utf8")).toBe(`${DEMO_OPERATOR_EMAIL}\n${first.operator!.password}\n`);
        expect(statSync(demoOperatorPath(dataDir)).mode & 0o777).toBe(0o600);
        const user = await fresh.prisma.user.findUniqueOrThrow({ where: { email: DEMO_OPERATOR_EMAIL }, include: { memberships: true } });
        expect(user.memberships).toMatchObject([{ role: "admin" }]);
        expect(await verifyPassword(first.operator!.password, user.passwordHash!)).toBe(true);
        const again = await seedDemoOperatorIfMissing(fresh.prisma, dataDir);
        expect(again).toEqual({ seeded: false, operator: first.operator });
        expect(await fresh.prisma.user.count()).toBe(1);
      } finally {
        await fresh.destroy();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("stores email for the outbox without SMTP_URL, and records sent or failed with one", async () => {
    const email = { to: "someone@example.test", subject: "Hello", text: "Hi", html: "<p>Hi</p>" };
    delete process.env.SMTP_URL;
    resetConfigForTests();
    const stored = await sendEmail(db.prisma, email);
    expect(stored).toMatchObject({ status: "stored", error: null });

    process.env.SMTP_URL = "smtp://mail.example.test:2525";
    resetConfigForTests();
    try {
      const sent: unknown[] = [];
      setTransportForTests(process.env.SMTP_URL, { sendMail: async (m) => void sent.push(m) });
      expect(await sendEmail(db.prisma, email)).toMatchObject({ status: "sent" });
      expect(sent).toMatchObject([{ to: "someone@example.test", subject: "Hello", from: expect.stringContaining("@") }]);
      setTransportForTests(process.env.SMTP_URL, {
        sendMail: async () => {
          throw new Error("550 mailbox unavailable");
        },
      });
      const failed = await sendEmail(db.prisma, email);
      expect(failed).toMatchObject({ status: "failed", error: "550 mailbox unavailable" });
      const rows = await db.prisma.outboundEmail.findMany({ where: { id: { in: [stored.id, failed.id] } }, orderBy: { id: "asc" } });
      expect(rows.map((r) => r.status)).toEqual(["stored", "failed"]);
    } finally {
      delete process.env.SMTP_URL;
      resetConfigForTests();
    }
  });
});
