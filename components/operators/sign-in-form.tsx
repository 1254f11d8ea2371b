"use client";

import { signIn } from "next-auth/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { signInErrorMessage } from "@/lib/operators/sign-in-messages";
import styles from "./auth-card.module.css";

type Props = { callbackUrl: string; initialError?: string; oauthProviders: { id: string; name: string }[] };

export function SignInForm({ callbackUrl, initialError, oauthProviders }: Props) {
  const [error, setError] = useState<string | null>(signInErrorMessage(initialError));
  const [pending, setPending] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
        callbackUrl,
      });
      if (result?.ok && !result.error) {
        // A full navigation, so the server renders the dashboard with the new cookie.
        window.location.assign(callbackUrl);
        return;
      }
      setError(signInErrorMessage(result?.error ?? "CredentialsSignin"));
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    }
    setPending(false);
  }

  return (
    <>
      {error ? (
        <p className={styles.error} role="alert" tabIndex={-1} ref={errorRef} id="sign-in-error">
          {error}
        </p>
      ) : null}
      <form className={styles.form} onSubmit={onSubmit} noValidate={false} aria-describedby={error ? "sign-in-error" : undefined}>
        <div className={styles.field}>
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required maxLength={254} aria-invalid={error ? true : undefined} />
        </div>
        <div className={styles.field}>
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={256} aria-invalid={error ? true : undefined} />
        </div>
        <button className={styles.primary} type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {oauthProviders.length ? (
        <div className={styles.oauth}>
          <p className={styles.muted}>Or, if your organisation already has you as a member:</p>
          {oauthProviders.map((p) => (
            <button key={p.id} type="button" className={styles.secondary} onClick={() => signIn(p.id, { callbackUrl })}>
              Sign in with {p.name}
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
}
