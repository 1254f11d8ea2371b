import type { OperatorContext } from "@/lib/operators/roles";
import styles from "./settings.module.css";

/** What a viewer or operator sees instead of an admin-only settings page: nothing of its data is read. */
export function AdminOnly({ title, operator, what }: { title: string; operator: OperatorContext; what: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p className={styles.refusal} role="status">
        Only admins can {what} for {operator.organizationName}. You are {operator.role === "operator" ? "an" : "a"} {operator.role}; ask an admin if you need
        access.
      </p>
    </>
  );
}

/** The route's loading state: the page's heading and placeholders while its data is read. */
export function SettingsLoading({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p className={styles.muted} role="status" aria-live="polite">
        Loading…
      </p>
      <div className={styles.skeleton} aria-hidden="true" />
      <div className={styles.skeleton} aria-hidden="true" />
      <div className={styles.skeleton} aria-hidden="true" />
    </>
  );
}
