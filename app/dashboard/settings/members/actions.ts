"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/dashboard/action-result";
import { sendEmail } from "@/lib/email/send-email";
import { inviteEmail } from "@/lib/email/templates";
import { AppError } from "@/lib/errors/app-error";
import { EmailAddress } from "@/lib/operators/email-address";
import { createInvite, revokeInvite } from "@/lib/operators/invites";
import { changeMemberRole, removeMember } from "@/lib/operators/members";
import { MEMBER_ROLES } from "@/lib/operators/roles";
import { requireRole } from "@/lib/operators/session";

// Members and invitations: admins only, checked here on the server for every call (the page hides
// these forms from others, but a hidden form is not a permission check).

const Role = z.enum(MEMBER_ROLES);
const PAGE = "/dashboard/settings/members";

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function role(form: FormData) {
  const parsed = Role.safeParse(field(form, "role"));
  if (!parsed.success) throw new AppError("parameter_invalid", { param: "role", message: "Choose viewer, operator or admin." });
  return parsed.data;
}

export type InviteResult = { email: string; emailStatus: "stored" | "sent" | "failed"; url: string | null };

export async function inviteMember(_previous: ActionResult<InviteResult> | null, form: FormData): Promise<ActionResult<InviteResult>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const email = EmailAddress.safeParse(field(form, "email"));
    if (!email.success) throw new AppError("email_invalid", { param: "email" });
    const prisma = await db();
    const { invite, url } = await createInvite(prisma, actor, { email: email.data, role: role(form) });
    const sent = await sendEmail(
      prisma,
      inviteEmail({ to: invite.email, organizationName: actor.organizationName, inviterName: actor.name || actor.email, role: invite.role, url, expiresAt: invite.expiresAt }),
    );
    revalidatePath(PAGE);
    // The URL goes back to the admin only when the email could not be sent, so they can pass it on.
    return { email: invite.email, emailStatus: sent.status, url: sent.status === "failed" ? url : null };
  });
}

export async function changeRole(_previous: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    await changeMemberRole(await db(), actor, { membershipId: field(form, "membership_id"), role: role(form) });
    revalidatePath(PAGE);
    return null;
  });
}

export async function removeMemberAction(_previous: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    await removeMember(await db(), actor, { membershipId: field(form, "membership_id") });
    revalidatePath(PAGE);
    return null;
  });
}

export async function revokeInviteAction(_previous: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    await revokeInvite(await db(), actor, field(form, "invite_id"));
    revalidatePath(PAGE);
    return null;
  });
}
