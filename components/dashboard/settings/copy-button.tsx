"use client";
import { useState } from "react";
import styles from "./settings.module.css";

/** Copies `text`; says so in a live region (and what to do when the browser refuses). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <span className={styles.inline}>
      <button
        type="button"
        className={styles.small}
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setState("copied"),
            () => setState("failed"),
          )
        }
      >
        {label}
      </button>
      <span role="status" aria-live="polite" className={styles.muted}>
        {state === "copied" ? "Copied." : state === "failed" ? "Copying was blocked: select the text and copy it." : ""}
      </span>
    </span>
  );
}
