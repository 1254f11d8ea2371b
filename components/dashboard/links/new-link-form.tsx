"use client";
import Link from "next/link";
import { useId, useRef, useState, useTransition } from "react";
import type { CreatedLink } from "@/app/dashboard/links/actions";
import { createLinkAction } from "@/app/dashboard/links/actions";
import { EXPIRY_PRESETS, type FieldErrors } from "@/lib/dashboard/new-link-input";
import { formatCents, parseDollarsToCents } from "@/lib/dashboard/parse-money";
import { LIMITS } from "@/lib/payout-links/schemas";
import { CopyButton } from "./copy-button";
import styles from "./links.module.css";

type Props = { maxCents: number; maxTtlSeconds: number; defaultTtlSeconds: number };

export function NewLinkForm({ maxCents, maxTtlSeconds, defaultTtlSeconds }: Props) {
  const ids = { amount: useId(), description: useId(), expiry: useId(), custom: useId(), email: useId() };
  const [amount, setAmount] = useState("");
  const [description, setDescription] = useState("");
  const presets = EXPIRY_PRESETS.filter((p) => Number(p.value) <= maxTtlSeconds);
  const [expiry, setExpiry] = useState<string>(presets.find((p) => Number(p.value) === defaultTtlSeconds)?.value ?? presets[presets.length - 1]?.value ?? "custom");
  const [customExpiry, setCustomExpiry] = useState("");
  const [metadata, setMetadata] = useState<{ key: string; value: string }[]>([]);
  const [recipientEmail, setRecipientEmail] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedLink | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  const chars = [...description].length;

  const preview = amount.trim() ? parseDollarsToCents(amount, { maxCents }) : null;

  if (created) {
    return (
      <section className={styles.card} aria-labelledby="created-heading">
        <h2 id="created-heading" tabIndex={-1} ref={(el) => el?.focus()}>
          Link created for {formatCents(created.amount)}
        </h2>
        <p>{created.description}</p>
        {created.emailed ? (
          <p className={styles.success}>
            {created.emailStatus === "failed" ? `Sending to ${created.emailed} failed; you can resend it from the link's page.` : `Sent to ${created.emailed}.`}
          </p>
        ) : null}
        <p className={styles.hint}>Share this URL with the person you are paying. Anyone holding it can claim the money.</p>
        <code className={styles.url} data-testid="created-url">
          {created.url}
        </code>
        <CopyButton text={created.url} />
        <div className={styles.qr} role="img" aria-label={`QR code of the claim URL for ${formatCents(created.amount)}`} dangerouslySetInnerHTML={{ __html: created.qrSvg }} />
        <p className={styles.actions}>
          <Link className={styles.button} href={`/dashboard/links/${created.id}`}>
            View the link
          </Link>
          <button
            type="button"
            className={styles.button}
            onClick={() => {
              setCreated(null);
              setAmount("");
              setDescription("");
              setMetadata([]);
              setRecipientEmail("");
            }}
          >
            Create another
          </button>
        </p>
      </section>
    );
  }

  const describedBy = (id: string, error?: string, hint?: boolean) => [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

  return (
    <form
      ref={form}
      className={styles.form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setFormError(null);
        startTransition(async () => {
          const result = await createLinkAction({
            amount,
            description,
            expiry,
            customExpiry: customExpiry ? new Date(customExpiry).toISOString() : undefined,
            metadata,
            recipientEmail,
          });
          if (result.ok) {
            setErrors({});
            setCreated(result.data);
            return;
          }
          setErrors(result.fieldErrors ?? {});
          if (!result.fieldErrors || Object.keys(result.fieldErrors).length === 0) setFormError(result.error.message);
          // Focus the first field with a problem.
          const first = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
          setTimeout(() => (form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? first)?.focus(), 0);
        });
      }}
    >
      {formError ? (
        <p className={styles.alert} role="alert">
          {formError}
        </p>
      ) : null}
      <div className={styles.field}>
        <label htmlFor={ids.amount}>Amount (USD)</label>
        <input
          id={ids.amount}
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder="250.00"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-invalid={errors.amount ? true : undefined}
          aria-describedby={describedBy(ids.amount, errors.amount, true)}
        />
        <p id={`${ids.amount}-hint`} className={styles.hint}>
          Dollars and cents, like 250 or 250.00. At most {formatCents(maxCents)} per link.
          {preview?.ok ? ` That is ${formatCents(preview.cents)}.` : ""}
        </p>
        {errors.amount ? (
          <p id={`${ids.amount}-error`} className={styles.error}>
            {errors.amount}
          </p>
        ) : null}
      </div>

      <div className={styles.field}>
        <label htmlFor={ids.description}>Description</label>
        <textarea
          id={ids.description}
          name="description"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy(ids.description, errors.description, true)}
        />
        <p id={`${ids.description}-hint`} className={styles.hint} aria-live="polite">
          Shown to the person you pay. {chars} / {LIMITS.descriptionMaxChars} characters
          {chars > LIMITS.descriptionMaxChars ? ` — ${chars - LIMITS.descriptionMaxChars} too many` : ""}.
        </p>
        {errors.description ? (
          <p id={`${ids.description}-error`} className={styles.error}>
            {errors.description}
          </p>
        ) : null}
      </div>

      <div className={styles.field}>
        <label htmlFor={ids.expiry}>Expires after</label>
        <select id={ids.expiry} name="expiry" value={expiry} onChange={(e) => setExpiry(e.target.value)} aria-invalid={errors.expires_in_seconds ? true : undefined} aria-describedby={describedBy(ids.expiry, errors.expires_in_seconds)}>
          {presets.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
          <option value="custom">A date and time I choose</option>
        </select>
        {expiry === "custom" ? (
          <>
            <label htmlFor={ids.custom}>Expiry date and time (your time zone)</label>
            <input id={ids.custom} type="datetime-local" value={customExpiry} onChange={(e) => setCustomExpiry(e.target.value)} aria-invalid={errors.expires_in_seconds ? true : undefined} />
          </>
        ) : null}
        {errors.expires_in_seconds ? (
          <p id={`${ids.expiry}-error`} className={styles.error}>
            {errors.expires_in_seconds}
          </p>
        ) : null}
      </div>

      <fieldset className={`${styles.field} ${styles.fieldset}`}>
        <legend>Metadata (optional)</legend>
        <p className={styles.hint}>Your own key/value pairs, returned by the API and webhooks. Not shown to the person you pay.</p>
        {metadata.map((row, i) => (
          <div className={styles.metaRow} key={i}>
            <label className={styles.field}>
              Key {i + 1}
              <input value={row.key} maxLength={LIMITS.metadataKeyMaxChars} onChange={(e) => setMetadata(metadata.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))} />
            </label>
            <label className={styles.field}>
              Value {i + 1}
              <input value={row.value} maxLength={LIMITS.metadataValueMaxChars} onChange={(e) => setMetadata(metadata.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))} />
            </label>
            <button type="button" className={styles.button} onClick={() => setMetadata(metadata.filter((_, j) => j !== i))}>
              Remove {i + 1}
            </button>
          </div>
        ))}
        {metadata.length < LIMITS.metadataMaxKeys ? (
          <p>
            <button type="button" className={styles.button} onClick={() => setMetadata([...metadata, { key: "", value: "" }])}>
              Add metadata
            </button>
          </p>
        ) : null}
        {errors.metadata ? <p className={styles.error}>{errors.metadata}</p> : null}
      </fieldset>

      <div className={styles.field}>
        <label htmlFor={ids.email}>Send the link to (optional)</label>
        <input
          id={ids.email}
          type="email"
          name="recipient_email"
          autoComplete="off"
          value={recipientEmail}
          onChange={(e) => setRecipientEmail(e.target.value)}
          aria-invalid={errors.recipient_email ? true : undefined}
          aria-describedby={describedBy(ids.email, errors.recipient_email, true)}
        />
        <p id={`${ids.email}-hint`} className={styles.hint}>
          We email the link to this address. Leave empty to share the URL yourself.
        </p>
        {errors.recipient_email ? (
          <p id={`${ids.email}-error`} className={styles.error}>
            {errors.recipient_email}
          </p>
        ) : null}
      </div>

      <p>
        <button type="submit" className={styles.buttonPrimary} disabled={pending}>
          {pending ? "Creating…" : "Create link"}
        </button>
      </p>
    </form>
  );
}
