import type { ActionError } from "@/lib/dashboard/action-result";
import styles from "./settings.module.css";

/** aria-* props for an input whose error (if the action named this field) is shown below it. */
export function fieldProps(error: ActionError | null | undefined, param: string, hintId?: string) {
  const invalid = error?.param === param;
  const describedBy = [hintId, invalid ? `${param}-error` : null].filter(Boolean).join(" ") || undefined;
  return { "aria-invalid": invalid ? (true as const) : undefined, "aria-describedby": describedBy };
}

export function FieldError({ error, param }: { error: ActionError | null | undefined; param: string }) {
  if (error?.param !== param) return null;
  return (
    <p id={`${param}-error`} className={styles.error}>
      {error.message}
    </p>
  );
}

/** An error that names no field on this form (e.g. "forbidden"), announced at once. */
export function FormError({ error, params }: { error: ActionError | null | undefined; params: string[] }) {
  if (!error || (error.param && params.includes(error.param))) return null;
  return (
    <p className={styles.error} role="alert">
      {error.message}
    </p>
  );
}
