"use client";

import { signIn } from "next-auth/react";
import { useActionState, useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/dashboard/action-result";
import { signInErrorMessage } from "@/lib/operators/sign-in-messages";
import styles from "./auth-card.module.css";

type AcceptResult = { email: string; organizationId: string };
type Props = {
  action: (previous: ActionResult<AcceptResult> | null, form: FormData) => Promise<ActionResult<AcceptResult>>;
  email: string;
  hasAccount: boolean;
};

/** Accepts, then signs the new member in with the password just entered and opens the invited organisation. */
export function AcceptInviteForm({ action, email, hasAccount }: Props) {
  // React resets the form once the action finishes, so keep the password from the submit itself.
  const submittedPassword = useRef("");
  const errorRef = useRef<HTMLParagraphElement>(null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const [state, formAction, pending] = useActionState(action, null);

  useEffect(() => {
    if (!state?.ok) return;
    (async () => {
      const result = await signIn("credentials", { email, password: submittedPassword.current, redirect: false });
      if (!result?.ok || result.error) {
        setSignInError(`${signInErrorMessage(result?.error ?? undefined)} Your invitation was accepted: sign in from the sign-in page.`);
        return;
      }
      // Work in the organisation that invited them (their session may start in another one).
      const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
      await fetch("/api/auth/session", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ csrfToken, data: { organizationId: state.data.organizationId } }),
      });
      window.location.assign("/dashboard");
    })();
  }, [state, email]);

  const error = signInError ?? (state && !state.ok ? state.error.message : null);
  const param = state && !state.ok ? state.error.param : undefined;
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  return (
    <>
      {error ? (
        <p className={styles.error} role="alert" tabIndex={-1} ref={errorRef} id="invite-error">
          {error}
        </p>
      ) : null}
      <form
        action={formAction}
        className={styles.form}
        // The server's messages (with role="alert") rather than the browser's bubbles.
        noValidate
        onSubmit={(e) => {
          submittedPassword.current = (e.currentTarget.elements.namedItem("password") as HTMLInputElement).value;
        }}
      >
        <div className={styles.field}>
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" name="email" type="email" value={email} readOnly autoComplete="username" />
        </div>
        {hasAccount ? null : (
          <div className={styles.field}>
            <label htmlFor="name">Your name</label>
            <input id="name" name="name" type="text" autoComplete="name" required maxLength={200} aria-invalid={param === "name" ? true : undefined} />
          </div>
        )}
        <div className={styles.field}>
          <label htmlFor="password">{hasAccount ? "Your password" : "Choose a password"}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete={hasAccount ? "current-password" : "new-password"}
            required
            minLength={hasAccount ? undefined : 12}
            maxLength={256}
            aria-invalid={param === "password" ? true : undefined}
            aria-describedby={hasAccount ? undefined : "password-hint"}
          />
          {hasAccount ? null : (
            <p className={styles.hint} id="password-hint">
              At least 12 characters. A passphrase of a few words is easy to remember.
            </p>
          )}
        </div>
        <button type="submit" className={styles.primary} disabled={pending || Boolean(state?.ok && !signInError)}>
          {pending || (state?.ok && !signInError) ? "Accepting…" : "Accept invitation"}
        </button>
      </form>
    </>
  );
}
