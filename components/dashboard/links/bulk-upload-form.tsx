"use client";
import { useEffect, useState, useTransition } from "react";
import { bulkCreateAction, type BulkOutcome } from "@/app/dashboard/links/actions";
import { formatCents } from "@/lib/dashboard/parse-money";
import styles from "./links.module.css";

/** `uploadKey` is this form's idempotency key: submitting twice creates the links once. */
export function BulkUploadForm({ uploadKey }: { uploadKey: string }) {
  // Held in state: a server refresh of the page (which draws a new key) must not change the key
  // of the upload this form is showing, or a second submit would create the links again.
  const [key] = useState(uploadKey);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const [pending, startTransition] = useTransition();
  // A blob URL, not a data: URL: 10,000 rows with their URLs are megabytes.
  const [download, setDownload] = useState<string | null>(null);
  useEffect(() => {
    if (!outcome?.ok) return setDownload(null);
    const url = URL.createObjectURL(new Blob([outcome.csv], { type: "text/csv;charset=utf-8" }));
    setDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [outcome]);
  return (
    <>
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          startTransition(async () => setOutcome(await bulkCreateAction(data)));
        }}
      >
        <input type="hidden" name="upload_key" value={key} />
        <div className={styles.field}>
          <label htmlFor="bulk-file">CSV file</label>
          <input id="bulk-file" type="file" name="file" accept=".csv,text/csv" required aria-describedby="bulk-file-hint" />
          <p id="bulk-file-hint" className={styles.hint}>
            Columns: <code>amount</code> (dollars, like 25.00), <code>description</code>, and optionally <code>expires_in_seconds</code>, <code>recipient_email</code> and{" "}
            <code>metadata.&lt;key&gt;</code>. Up to 10,000 rows, UTF-8. Every row is checked before anything is created.
          </p>
        </div>
        <p>
          <button type="submit" className={styles.buttonPrimary} disabled={pending}>
            {pending ? "Checking and creating…" : "Create links"}
          </button>
        </p>
      </form>
      {outcome && !outcome.ok ? (
        <div className={styles.alert} role="alert">
          <p style={{ margin: 0 }}>{outcome.message}</p>
          {outcome.problems.length ? (
            <ul className={styles.problems} aria-label="Problems in the file">
              {outcome.problems.slice(0, 500).map((p, i) => (
                <li key={i}>
                  Line {p.line}, {p.field}: {p.message}
                </li>
              ))}
              {outcome.problems.length > 500 ? <li>…and {outcome.problems.length - 500} more.</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
      {outcome?.ok ? (
        <div className={styles.success} role="status">
          <p style={{ marginTop: 0 }}>
            {outcome.replayed ? "Already created from this upload: " : "Created "}
            {outcome.count.toLocaleString("en-US")} link{outcome.count === 1 ? "" : "s"} for {formatCents(outcome.total)}.
          </p>
          {download ? (
            <a className={styles.button} href={download} download="created-payout-links.csv">
              Download the created links (CSV with URLs)
            </a>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
