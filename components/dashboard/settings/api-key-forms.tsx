"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/dashboard/action-result";
import { CopyButton } from "./copy-button";
import styles from "./settings.module.css";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;
type CreatedKey = { id: string; name: string; secret: string };

export function CreateApiKeyForm({ action }: { action: Action<CreatedKey> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  const secretRef = useRef<HTMLHeadingElement>(null);
  // Controlled: React resets uncontrolled fields after every form action, refused or not.
  const [name, setName] = useState("");
  const [treasury, setTreasury] = useState(true);
  useEffect(() => {
    if (state?.ok) {
      setName("");
      setTreasury(true);
      secretRef.current?.focus();
    }
  }, [state]);
  const error = state && !state.ok ? state.error : null;
  const nameError = error?.param === "name" ? error.message : null;
  return (
    <>
      <form action={formAction} ref={formRef} className={styles.form} noValidate>
        <div className={styles.field}>
          <label htmlFor="key-name">Name</label>
          <input
            id="key-name"
            name="name"
            type="text"
            required
            maxLength={100}
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "key-name-hint key-name-error" : "key-name-hint"}
          />
          <p id="key-name-hint" className={styles.hint}>
            Where the key will be used, e.g. “Billing backend”.
          </p>
          {nameError ? (
            <p id="key-name-error" className={styles.error}>
              {nameError}
            </p>
          ) : null}
        </div>
        <label className={styles.check}>
          <input type="checkbox" name="treasury" checked={treasury} onChange={(e) => setTreasury(e.target.checked)} /> Treasury capability (create, read and cancel payout links)
        </label>
        {error && error.param !== "name" ? (
          <p className={styles.error} role="alert">
            {error.message}
          </p>
        ) : null}
        <button type="submit" className={styles.primary} disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      {state?.ok ? (
        <div className={styles.secret} role="region" aria-labelledby="new-key-heading" data-testid="new-api-key">
          <h3 id="new-key-heading" ref={secretRef} tabIndex={-1} style={{ margin: 0 }}>
            New key “{state.data.name}”
          </h3>
          <p className={styles.warning}>Copy it now: this is the only time the full key is shown. We keep only a hash of it.</p>
          <code data-testid="new-api-key-secret">{state.data.secret}</code>
          <CopyButton text={state.data.secret} label="Copy key" />
        </div>
      ) : null}
    </>
  );
}

export function RevokeApiKeyButton({ id, name, action }: { id: string; name: string; action: Action<null> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  return (
    <form action={formAction} className={styles.inline}>
      <input type="hidden" name="id" value={id} />
      {confirming ? (
        <>
          <button ref={confirmRef} type="submit" className={styles.danger} disabled={pending}>
            {pending ? "Revoking…" : `Confirm: revoke ${name}`}
          </button>
          <button type="button" className={styles.small} onClick={() => setConfirming(false)}>
            Keep
          </button>
          <span className={styles.hint}>Requests with this key will be refused at once.</span>
        </>
      ) : (
        <button type="button" className={styles.small} onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
          Revoke
        </button>
      )}
      {state && !state.ok ? (
        <p className={styles.error} role="alert">
          {state.error.message}
        </p>
      ) : null}
    </form>
  );
}
