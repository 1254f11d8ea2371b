"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/dashboard/action-result";
import { normalizeHexColor, readableTextColor } from "@/lib/organizations/contrast";
import { FieldError, fieldProps, FormError } from "./field-error";
import styles from "./settings.module.css";

type Branding = { displayName: string | null; logoUrl: string | null; accentColor: string | null; supportEmail: string | null; logoPath: string | null };
type Action = (previous: ActionResult<Branding> | null, form: FormData) => Promise<ActionResult<Branding>>;
const PARAMS = ["display_name", "logo_url", "accent_color", "support_email"];

export function BrandingForm({ action, current, organizationName }: { action: Action; current: Branding; organizationName: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const error = state && !state.ok ? state.error : null;
  const saved = state?.ok ? state.data : current;
  const [accent, setAccent] = useState(current.accentColor ?? "");
  // Controlled fields: React resets uncontrolled ones after every form action, which would throw
  // away what the admin typed when it is refused.
  const [name, setName] = useState(current.displayName ?? "");
  const [logoUrl, setLogoUrl] = useState(current.logoUrl ?? "");
  const [email, setEmail] = useState(current.supportEmail ?? "");
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (error?.param) formRef.current?.querySelector<HTMLInputElement>(`[name="${error.param}"]`)?.focus();
  }, [error]);
  const previewAccent = normalizeHexColor(accent);
  return (
    <form action={formAction} ref={formRef} className={styles.form} noValidate>
      <div className={styles.field}>
        <label htmlFor="display_name">Display name</label>
        <input id="display_name" name="display_name" type="text" maxLength={80} value={name} onChange={(e) => setName(e.target.value)} {...fieldProps(error, "display_name", "display_name-hint")} />
        <p id="display_name-hint" className={styles.hint}>
          Shown to claimants instead of “{organizationName}”. Empty: the organisation&apos;s name.
        </p>
        <FieldError error={error} param="display_name" />
      </div>
      <div className={styles.field}>
        <label htmlFor="logo_url">Logo URL</label>
        <input id="logo_url" name="logo_url" type="url" inputMode="url" autoComplete="off" value={logoUrl} onChange={(e) => setLogoUrl(e.target.value)} {...fieldProps(error, "logo_url", "logo_url-hint")} />
        <p id="logo_url-hint" className={styles.hint}>
          An https address of a PNG, JPEG, GIF or WebP image up to 512 KB. We download it once and serve our copy on the claim page; to change the logo, save a new
          address.
        </p>
        <FieldError error={error} param="logo_url" />
      </div>
      <div className={styles.field}>
        <label htmlFor="accent_color">Accent colour</label>
        <div className={styles.inline}>
          <input id="accent_color" name="accent_color" type="text" placeholder="#4f46e5" autoComplete="off" value={accent} onChange={(e) => setAccent(e.target.value)} {...fieldProps(error, "accent_color", "accent_color-hint")} style={{ maxWidth: "10rem" }} />
          <input type="color" aria-label="Pick the accent colour" value={previewAccent ?? "#4f46e5"} onChange={(e) => setAccent(e.target.value)} />
        </div>
        <p id="accent_color-hint" className={styles.hint}>
          #rrggbb, the colour of the claim page&apos;s main button. Its text is white or black, whichever is more readable (always at least 4.5:1).
        </p>
        <FieldError error={error} param="accent_color" />
      </div>
      <div className={styles.field}>
        <label htmlFor="support_email">Support email</label>
        <input id="support_email" name="support_email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} {...fieldProps(error, "support_email", "support_email-hint")} />
        <p id="support_email-hint" className={styles.hint}>
          Shown in the claim page&apos;s footer for questions about a payment.
        </p>
        <FieldError error={error} param="support_email" />
      </div>
      <div className={styles.preview} aria-label="Preview of the claim page's header and button" role="group">
        {saved.logoPath ? (
          // eslint-disable-next-line @next/next/no-img-element -- our own copy, a few KB, no optimisation needed
          <img src={saved.logoPath} alt="" />
        ) : null}
        <strong>{name.trim() || organizationName}</strong>
        <span
          className={styles.previewButton}
          style={previewAccent ? { background: previewAccent, color: readableTextColor(previewAccent) } : { background: "#4f46e5", color: "#ffffff" }}
        >
          Connect your bank
        </span>
      </div>
      <FormError error={error} params={PARAMS} />
      <p role="status" aria-live="polite" className={styles.success}>
        {state?.ok ? "Branding saved. Claim pages show it from now on." : ""}
      </p>
      <button type="submit" className={styles.primary} disabled={pending}>
        {pending ? "Saving… (fetching the logo)" : "Save branding"}
      </button>
    </form>
  );
}
