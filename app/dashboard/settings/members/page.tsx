import Link from "next/link";
import { MemberRow, InviteForm, RevokeInviteButton } from "@/components/operators/members-forms";
import styles from "@/components/operators/members.module.css";
import { db } from "@/lib/db/client";
import { devOutboxEnabled } from "@/lib/email/send-email";
import { listOpenInvites } from "@/lib/operators/invites";
import { listMembers } from "@/lib/operators/members";
import { roleWithArticle } from "@/lib/operators/role-label";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";
import { changeRole, inviteMember, removeMemberAction, revokeInviteAction } from "./actions";

export const metadata = { title: "Members · Payout Links" };

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

export default async function MembersPage() {
  const operator = await requireOperator();
  if (!hasRole(operator.role, "admin")) {
    // Refused on the server: nothing about the members is read for a non-admin.
    return (
      <>
        <h1>Members</h1>
        <p className={styles.refusal} role="status">
          Only admins can see and manage the members of {operator.organizationName}. You are {roleWithArticle(operator.role)}; ask an admin if
          you need access.
        </p>
      </>
    );
  }
  const prisma = await db();
  const [members, invites] = await Promise.all([listMembers(prisma, operator.organizationId), listOpenInvites(prisma, operator.organizationId)]);
  const admins = members.filter((m) => m.role === "admin").length;
  return (
    <>
      <h1>Members</h1>
      <p className={styles.lede}>
        Admins manage everything, including members; operators create and cancel links; viewers only look. An organisation always keeps at least one admin.
      </p>

      <section aria-labelledby="members-heading" className={styles.section}>
        <h2 id="members-heading">People with access ({members.length})</h2>
        <div className={styles.tableWrap}>
          {/* Explicit roles: the narrow layout stacks the cells (display: block), which would otherwise drop the table semantics. */}
          <table className={styles.table} role="table">
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">Name</th>
                <th scope="col" role="columnheader">Email</th>
                <th scope="col" role="columnheader">Role</th>
                <th scope="col" role="columnheader">Last sign-in</th>
                <th scope="col" role="columnheader">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {members.map((m) => (
                <MemberRow
                  key={m.membershipId}
                  member={{
                    membershipId: m.membershipId,
                    name: m.name,
                    email: m.email,
                    role: m.role,
                    isYou: m.userId === operator.userId,
                    lastSignIn: m.lastSignInAt ? dateFormat.format(m.lastSignInAt) : "Never",
                    onlyAdmin: m.role === "admin" && admins === 1,
                  }}
                  changeRole={changeRole}
                  remove={removeMemberAction}
                />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="invite-heading" className={styles.section}>
        <h2 id="invite-heading">Invite someone</h2>
        <InviteForm action={inviteMember} outboxUrl={devOutboxEnabled() ? "/dev/outbox" : null} />
      </section>

      <section aria-labelledby="invites-heading" className={styles.section}>
        <h2 id="invites-heading">Pending invitations ({invites.length})</h2>
        {invites.length === 0 ? (
          <p className={styles.muted}>No pending invitations.</p>
        ) : (
          <ul className={styles.invites}>
            {invites.map((invite) => (
              <li key={invite.id}>
                <span>
                  <strong>{invite.email}</strong> as {invite.role}
                  <span className={styles.muted}>
                    {" "}
                    · invited by {invite.invitedBy?.name ?? "someone"} · expires {dateFormat.format(invite.expiresAt)}
                  </span>
                </span>
                <RevokeInviteButton inviteId={invite.id} email={invite.email} action={revokeInviteAction} />
              </li>
            ))}
          </ul>
        )}
        {devOutboxEnabled() ? (
          <p className={styles.muted}>
            No SMTP server is configured: invitation emails are kept in the <Link href="/dev/outbox">development outbox</Link>.
          </p>
        ) : null}
      </section>
    </>
  );
}
