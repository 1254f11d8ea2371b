"use client";
import { useRef, useState, useTransition } from "react";
import { cancelLinkAction, resendLinkEmailAction } from "@/app/dashboard/links/actions";
import styles from "./links.module.css";

/** Cancel behind a confirmation dialog; the server checks the role again and answers for itself. */
export function CancelLinkButton({ linkId, amount }: { linkId: string; amount: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <button type="button" className={styles.button} onClick={() => dialog.current?.showModal()}>
        Cancel link
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby="cancel-title">
        <h2 id="cancel-title">Cancel this {amount} link?</h2>
        <p>The URL stops working at once and the {amount} held for it goes back to your available balance. This cannot be undone.</p>
        <p className={styles.actions}>
          <button
            type="button"
            className={styles.buttonDanger}
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await cancelLinkAction(linkId);
                dialog.current?.close();
                setMessage(result.ok ? { ok: true, text: "The link was cancelled." } : { ok: false, text: result.error.message });
              })
            }
          >
            {pending ? "Cancelling…" : "Yes, cancel the link"}
          </button>
          <button type="button" className={styles.button} onClick={() => dialog.current?.close()}>
            Keep it
          </button>
        </p>
      </dialog>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? styles.success : styles.alert}>
          {message.text}
        </p>
      ) : null}
    </>
  );
}

export function ResendEmailButton({ linkId, to }: { linkId: string; to: string }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <button
        type="button"
        className={styles.button}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await resendLinkEmailAction(linkId);
            setMessage(
              result.ok
                ? { ok: result.data.status !== "failed", text: result.data.status === "failed" ? `Sending to ${to} failed.` : `Sent again to ${to}.` }
                : { ok: false, text: result.error.message },
            );
          })
        }
      >
        Resend email
      </button>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? styles.success : styles.alert}>
          {message.text}
        </p>
      ) : null}
    </>
  );
}
