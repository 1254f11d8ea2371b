"use client";
import { useState } from "react";
import styles from "./links.module.css";

/** Copies `text` to the clipboard and says so in a polite live region. */
export function CopyButton({ text, label = "Copy URL" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <span className={styles.copy}>
      <button
        type="button"
        className={styles.button}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setState("copied");
          } catch {
            setState("failed");
          }
        }}
      >
        {label}
      </button>
      <span role="status" aria-live="polite" className={styles.copyStatus}>
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed — select the URL and copy it" : ""}
      </span>
    </span>
  );
}
