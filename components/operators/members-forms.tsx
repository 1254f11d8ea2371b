"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/dashboard/action-result";
import type { MemberRole } from "@/lib/operators/roles";
import styles from "./members.module.css";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

const ROLES: { value: MemberRole; label: string }[] = [
  { value: "viewer", label: "Viewer" },
  { value: "operator", label: "Operator" },
  { value: "admin", label: "Admin" },
];

export type MemberRowData = { membershipId: string; name: string; email: string; role: MemberRole; isYou: boolean; lastSignIn: string; onlyAdmin: boolean };

export function MemberRow({ member, changeRole, remove }: { member: MemberRowData; changeRole: Action<null>; remove: Action<null> }) {
  const [roleState, roleAction, rolePending] = useActionState(changeRole, null);
  const [removeState, removeAction, removePending] = useActionState(remove, null);
  const [confirming, setConfirming] = useState(false);
  const who = member.name || member.email;
  const error = (roleState && !roleState.ok && roleState.error.message) || (removeState && !removeState.ok && removeState.error.message) || null;
  const roleId = `role-${member.membershipId}`;
  return (
    <tr role="row">
      <th scope="row" role="rowheader">
        {member.name}
        {member.isYou ? <span className={styles.you}> (you)</span> : null}
      </th>
      <td className={styles.email} role="cell" data-label="Email">
        {member.email}
      </td>
      <td role="cell" data-label="Role">
        <form action={roleAction} className={styles.inline}>
          <input type="hidden" name="membership_id" value={member.membershipId} />
          <label htmlFor={roleId} className="visually-hidden">
            Role of {who}
          </label>
          <select id={roleId} name="role" defaultValue={member.role} key={member.role}>
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          <button type="submit" className={styles.small} disabled={rolePending} aria-label={`Save role of ${who}`}>
            {rolePending ? "Saving…" : "Save"}
          </button>
        </form>
      </td>
      <td role="cell" data-label="Last sign-in">
        {member.lastSignIn}
      </td>
      <td role="cell">
        <form action={removeAction} className={styles.inline}>
          <input type="hidden" name="membership_id" value={member.membershipId} />
          {confirming ? (
            <>
              <button type="submit" className={styles.danger} disabled={removePending}>
                {removePending ? "Removing…" : `Confirm: remove ${who}`}
              </button>
              <button type="button" className={styles.small} onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className={styles.small} onClick={() => setConfirming(true)} aria-label={`Remove ${who}`} title={member.onlyAdmin ? "The only admin cannot be removed" : undefined}>
              Remove
            </button>
          )}
        </form>
        {error ? (
          <p className={styles.error} role="alert">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

type InviteResult = { email: string; emailStatus: "stored" | "sent" | "failed"; url: string | null };

export function InviteForm({ action, outboxUrl }: { action: Action<InviteResult>; outboxUrl: string | null }) {
  const [state, formAction, pending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const error = state && !state.ok ? state.error : null;
  return (
    <form action={formAction} ref={formRef} className={styles.inviteForm} noValidate>
      <div className={styles.field}>
        <label htmlFor="invite-email">Email</label>
        <input
          id="invite-email"
          name="email"
          type="email"
          autoComplete="off"
          required
          maxLength={254}
          aria-invalid={error?.param === "email" ? true : undefined}
          aria-describedby={error?.param === "email" ? "invite-error" : undefined}
        />
      </div>
      <div className={styles.field}>
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" name="role" defaultValue="operator">
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={styles.primary} disabled={pending}>
        {pending ? "Sending…" : "Send invitation"}
      </button>
      <div aria-live="polite" className={styles.status}>
        {error ? (
          <p className={styles.error} id="invite-error">
            {error.message}
          </p>
        ) : null}
        {state?.ok ? (
          <p className={state.data.emailStatus === "failed" ? styles.error : styles.success}>
            {state.data.emailStatus === "sent" && `Invitation sent to ${state.data.email}.`}
            {state.data.emailStatus === "stored" && (
              <>
                Invitation for {state.data.email} created. No mail server is configured, so the email is in the{" "}
                {outboxUrl ? <a href={outboxUrl}>development outbox</a> : "development outbox"}.
              </>
            )}
            {state.data.emailStatus === "failed" && (
              <>
                The invitation was created but the email could not be sent. Send {state.data.email} this link yourself: <code className={styles.url}>{state.data.url}</code>
              </>
            )}
          </p>
        ) : null}
      </div>
    </form>
  );
}

export function RevokeInviteButton({ inviteId, email, action }: { inviteId: string; email: string; action: Action<null> }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className={styles.inline}>
      <input type="hidden" name="invite_id" value={inviteId} />
      <button type="submit" className={styles.small} disabled={pending} aria-label={`Withdraw the invitation for ${email}`}>
        {pending ? "Withdrawing…" : "Withdraw"}
      </button>
      {state && !state.ok ? (
        <p className={styles.error} role="alert">
          {state.error.message}
        </p>
      ) : null}
    </form>
  );
}
