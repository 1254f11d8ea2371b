"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/dashboard/action-result";
import { LocalTime } from "./local-time";
import styles from "./settings.module.css";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

export type DeliveryView = {
  id: string;
  event_id: string;
  event_type: string;
  status: "pending" | "delivered" | "failed";
  attempt_count: number;
  next_attempt_at: string | null;
  created_at: string;
  attempts: { attempt: number; status_code: number | null; latency_ms: number; response_excerpt: string | null; error: string | null; created_at: string }[];
};

export function SendTestEventButton({ endpointId, url, action }: { endpointId: string; url: string; action: Action<{ deliveryId: string }> }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className={styles.inline}>
      <input type="hidden" name="id" value={endpointId} />
      <button type="submit" className={styles.small} disabled={pending} aria-label={`Send test event to ${url}`}>
        {pending ? "Sending…" : "Send test event"}
      </button>
      <span role="status" aria-live="polite" className={state && !state.ok ? styles.error : styles.muted}>
        {state ? (state.ok ? `Test event queued (${state.data.deliveryId}). Reload to see its attempts.` : state.error.message) : ""}
      </span>
    </form>
  );
}

function RetryButton({ id, action }: { id: string; action: Action<null> }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className={styles.inline}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={styles.small} disabled={pending} aria-label={`Retry delivery ${id}`}>
        {pending ? "Retrying…" : "Retry"}
      </button>
      <span role="status" aria-live="polite" className={state && !state.ok ? styles.error : styles.muted}>
        {state ? (state.ok ? "Queued again." : state.error.message) : ""}
      </span>
    </form>
  );
}

const STATUS_CLASS = { delivered: styles.badgeGood, failed: styles.badgeBad, pending: "" } as const;

export function DeliveryLog({ deliveries, retry }: { deliveries: DeliveryView[]; retry: Action<null> }) {
  if (deliveries.length === 0) return <p className={styles.muted}>No deliveries yet.</p>;
  return (
    <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Deliveries (scrolls sideways on small screens)">
      <table className={styles.table}>
        <caption className="visually-hidden">Latest deliveries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} data-testid="webhook-delivery">
              <th scope="row">
                <code>{d.event_type}</code>
                <div className={`${styles.mono} ${styles.muted}`}>{d.event_id}</div>
              </th>
              <td>
                <span className={`${styles.badge} ${STATUS_CLASS[d.status]}`}>{d.status}</span>
                {d.status === "pending" && d.next_attempt_at ? (
                  <div className={styles.muted}>
                    next <LocalTime iso={d.next_attempt_at} />
                  </div>
                ) : null}
              </td>
              <td>
                {d.attempts.length === 0 ? (
                  <span className={styles.muted}>none yet</span>
                ) : (
                  <details>
                    <summary>
                      {d.attempt_count} attempt{d.attempt_count === 1 ? "" : "s"}
                    </summary>
                    <ol className={styles.attempts}>
                      {d.attempts.map((a) => (
                        <li key={a.attempt}>
                          #{a.attempt} · {a.status_code ?? "no response"} · {a.latency_ms} ms · <LocalTime iso={a.created_at} />
                          {a.error ? <div className={styles.error}>{a.error}</div> : null}
                          {a.response_excerpt ? <div className={`${styles.mono} ${styles.muted}`}>{a.response_excerpt}</div> : null}
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </td>
              <td>
                <LocalTime iso={d.created_at} />
              </td>
              {/* Always offered: a pending delivery is sent now instead of at its next retry time (one being
                  attempted at this moment is left alone by retryWebhookDelivery). */}
              <td>
                <RetryButton id={d.id} action={retry} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
