"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/dashboard/action-result";
import { CopyButton } from "./copy-button";
import { FieldError, fieldProps, FormError } from "./field-error";
import styles from "./settings.module.css";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;
type EndpointSecret = { id: string; secret: string };

function SecretBox({ title, secret, warning }: { title: string; secret: string; warning: string }) {
  return (
    <div className={styles.secret} role="region" aria-label={title}>
      <strong>{title}</strong>
      <p className={styles.warning}>{warning}</p>
      <code data-testid="webhook-secret">{secret}</code>
      <CopyButton text={secret} label="Copy secret" />
    </div>
  );
}

export function CreateEndpointForm({ action, eventTypes }: { action: Action<EndpointSecret>; eventTypes: readonly string[] }) {
  const [state, formAction, pending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  const error = state && !state.ok ? state.error : null;
  // Controlled: React resets uncontrolled fields after every form action, refused or not.
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["settlement.created"]);
  useEffect(() => {
    if (state?.ok) {
      setUrl("");
      setEvents(["settlement.created"]);
    } else if (error?.param) formRef.current?.querySelector<HTMLInputElement>(`[name="${error.param}"]`)?.focus();
  }, [state, error]);
  return (
    <>
      <form action={formAction} ref={formRef} className={styles.form} noValidate>
        <div className={styles.field}>
          <label htmlFor="url">Endpoint URL</label>
          <input id="url" name="url" type="url" inputMode="url" autoComplete="off" placeholder="https://example.com/webhooks/payouts" value={url} onChange={(e) => setUrl(e.target.value)} {...fieldProps(error, "url", "url-hint")} />
          <p id="url-hint" className={styles.hint}>
            https, on a public address. Each delivery is a signed POST (Standard Webhooks).
          </p>
          <FieldError error={error} param="url" />
        </div>
        <fieldset className={styles.fieldset} aria-describedby={error?.param === "enabled_events" ? "enabled_events-error" : undefined}>
          <legend className={styles.legend}>Events to send</legend>
          {eventTypes.map((type) => (
            <label key={type} className={styles.check}>
              <input type="checkbox" name="enabled_events" value={type} checked={events.includes(type)}
                onChange={(e) => setEvents((now) => (e.target.checked ? [...now, type] : now.filter((t) => t !== type)))} /> <code>{type}</code>
            </label>
          ))}
          <FieldError error={error} param="enabled_events" />
        </fieldset>
        <FormError error={error} params={["url", "enabled_events"]} />
        <button type="submit" className={styles.primary} disabled={pending}>
          {pending ? "Adding…" : "Add endpoint"}
        </button>
      </form>
      {state?.ok ? <SecretBox title="Endpoint added: its signing secret" secret={state.data.secret} warning="Verify deliveries with this secret. You can reveal it again here (admins only)." /> : null}
    </>
  );
}

/** Reveal, rotate and delete for one endpoint. Rotation and deletion ask for confirmation first. */
export function EndpointActions({
  id,
  url,
  reveal,
  rotate,
  remove,
}: {
  id: string;
  url: string;
  reveal: Action<EndpointSecret>;
  rotate: Action<EndpointSecret>;
  remove: Action<null>;
}) {
  const [revealed, revealAction, revealing] = useActionState(reveal, null);
  const [rotated, rotateAction, rotating] = useActionState(rotate, null);
  const [removed, removeAction, removing] = useActionState(remove, null);
  const [confirm, setConfirm] = useState<"rotate" | "delete" | null>(null);
  const [hidden, setHidden] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirm) confirmRef.current?.focus();
  }, [confirm]);
  useEffect(() => {
    setHidden(false);
  }, [revealed, rotated]);
  useEffect(() => {
    if (rotated?.ok) setConfirm(null);
  }, [rotated]);
  const error = [revealed, rotated, removed].find((s) => s && !s.ok);
  const latest = rotated?.ok ? { kind: "rotated" as const, secret: rotated.data.secret } : revealed?.ok ? { kind: "revealed" as const, secret: revealed.data.secret } : null;
  return (
    <div className={styles.inline} style={{ display: "grid", gap: "0.5rem" }}>
      <div className={styles.inline}>
        <form action={revealAction}>
          <input type="hidden" name="id" value={id} />
          <button type="submit" className={styles.small} disabled={revealing} aria-label={`Reveal secret of ${url}`}>
            {revealing ? "Revealing…" : "Reveal secret"}
          </button>
        </form>
        {confirm === "rotate" ? (
          <form action={rotateAction} className={styles.inline}>
            <input type="hidden" name="id" value={id} />
            <button ref={confirmRef} type="submit" className={styles.danger} disabled={rotating}>
              {rotating ? "Rotating…" : "Confirm: new secret now"}
            </button>
            <button type="button" className={styles.small} onClick={() => setConfirm(null)}>
              Keep the current one
            </button>
            <span className={styles.hint}>The old secret stops working at the next delivery.</span>
          </form>
        ) : (
          <button type="button" className={styles.small} onClick={() => setConfirm("rotate")} aria-label={`Rotate secret of ${url}`}>
            Rotate secret
          </button>
        )}
        {confirm === "delete" ? (
          <form action={removeAction} className={styles.inline}>
            <input type="hidden" name="id" value={id} />
            <button ref={confirmRef} type="submit" className={styles.danger} disabled={removing}>
              {removing ? "Deleting…" : "Confirm: delete endpoint"}
            </button>
            <button type="button" className={styles.small} onClick={() => setConfirm(null)}>
              Keep
            </button>
          </form>
        ) : (
          <button type="button" className={styles.small} onClick={() => setConfirm("delete")} aria-label={`Delete ${url}`}>
            Delete
          </button>
        )}
      </div>
      {error && !error.ok ? (
        <p className={styles.error} role="alert">
          {error.error.message}
        </p>
      ) : null}
      {latest && !hidden ? (
        <>
          <SecretBox
            title={latest.kind === "rotated" ? "New signing secret" : "Signing secret"}
            secret={latest.secret}
            warning={latest.kind === "rotated" ? "Update your receiver now: deliveries are signed with this secret from now on." : "Keep it secret: anyone with it can forge deliveries."}
          />
          <button type="button" className={styles.small} onClick={() => setHidden(true)} style={{ justifySelf: "start" }}>
            Hide secret
          </button>
        </>
      ) : null}
    </div>
  );
}
