import styles from "@/components/dashboard/links/links.module.css";

export default function Loading() {
  return (
    <div className={`${styles.card} ${styles.empty}`} role="status" aria-live="polite">
      Loading links…
    </div>
  );
}
