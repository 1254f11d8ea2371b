"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/dashboard/action-result";
import type { OrganizationLimitsInput } from "@/lib/dashboard/settings/limits-form";
import { centsToDollarsInput, formatCents } from "@/lib/dashboard/settings/parse-dollars";
import { FieldError, fieldProps, FormError } from "./field-error";
import styles from "./settings.module.css";

type Action = (previous: ActionResult<OrganizationLimitsInput> | null, form: FormData) => Promise<ActionResult<OrganizationLimitsInput>>;
const PARAMS = ["max_link_amount", "default_link_ttl_hours", "dedupe_recipients_by_email", "min_name_match_score"];

export function LimitsForm({ action, current, maxTtlHours }: { action: Action; current: OrganizationLimitsInput; maxTtlHours: number }) {
  const [state, formAction, pending] = useActionState(action, null);
  const error = state && !state.ok ? state.error : null;
  const values = state?.ok ? state.data : current;
  const formRef = useRef<HTMLFormElement>(null);
  // Keyboard users land on the field that was refused.
  useEffect(() => {
    if (error?.param) formRef.current?.querySelector<HTMLInputElement>(`[name="${error.param}"]`)?.focus();
  }, [error]);
  const hours = current.defaultLinkTtlSeconds / 3600;
  // Controlled fields: React resets uncontrolled ones after every form action, which would throw
  // away what the admin typed when it is refused.
  const [cap, setCap] = useState(centsToDollarsInput(current.maxLinkAmount));
  const [ttl, setTtl] = useState(Number.isInteger(hours) ? String(hours) : String(Math.max(1, Math.round(hours))));
  const [dedupe, setDedupe] = useState(current.dedupeRecipientsByEmail);
  const [score, setScore] = useState(current.minNameMatchScore === null ? "" : String(current.minNameMatchScore));
  return (
    <form action={formAction} ref={formRef} className={styles.form} noValidate>
      <div className={styles.field}>
        <label htmlFor="max_link_amount">Per-link cap (USD)</label>
        <input id="max_link_amount" name="max_link_amount" type="text" inputMode="decimal" autoComplete="off" value={cap} onChange={(e) => setCap(e.target.value)} {...fieldProps(error, "max_link_amount", "max_link_amount-hint")} />
        <p id="max_link_amount-hint" className={styles.hint}>
          Dollars and cents, like 5000.00. Now {formatCents(values.maxLinkAmount)}: links are paid without approval, so larger amounts are refused.
        </p>
        <FieldError error={error} param="max_link_amount" />
      </div>
      <div className={styles.field}>
        <label htmlFor="default_link_ttl_hours">Default link lifetime (hours)</label>
        <input
          id="default_link_ttl_hours"
          name="default_link_ttl_hours"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={ttl}
          onChange={(e) => setTtl(e.target.value)}
          {...fieldProps(error, "default_link_ttl_hours", "default_link_ttl_hours-hint")}
        />
        <p id="default_link_ttl_hours-hint" className={styles.hint}>
          1 to {maxTtlHours} hours ({maxTtlHours / 24} days). Used when a link is created without its own <code>expires_in_seconds</code>.
        </p>
        <FieldError error={error} param="default_link_ttl_hours" />
      </div>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>Recipients</legend>
        <label className={styles.check}>
          <input type="checkbox" name="dedupe_recipients_by_email" checked={dedupe} onChange={(e) => setDedupe(e.target.checked)} {...fieldProps(error, "dedupe_recipients_by_email")} /> Reuse a recipient when the same email
          claims again
        </label>
        <FieldError error={error} param="dedupe_recipients_by_email" />
      </fieldset>
      <div className={styles.field}>
        <label htmlFor="min_name_match_score">Minimum name-match score</label>
        <input
          id="min_name_match_score"
          name="min_name_match_score"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={score}
          onChange={(e) => setScore(e.target.value)}
          {...fieldProps(error, "min_name_match_score", "min_name_match_score-hint")}
        />
        <p id="min_name_match_score-hint" className={styles.hint}>
          0 to 100, or empty for no minimum. A claim whose bank-account owner name matches the claimant&apos;s name below this is refused (Plaid suggests 70).
        </p>
        <FieldError error={error} param="min_name_match_score" />
      </div>
      <FormError error={error} params={PARAMS} />
      <p role="status" aria-live="polite" className={styles.success}>
        {state?.ok ? "Limits saved. They apply to the next link created." : ""}
      </p>
      <button type="submit" className={styles.primary} disabled={pending}>
        {pending ? "Saving…" : "Save limits"}
      </button>
    </form>
  );
}
