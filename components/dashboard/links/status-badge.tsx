import type { PayoutLinkStatus } from "@/lib/payout-links/schemas";
import styles from "./links.module.css";

export const STATUS_LABELS: Record<PayoutLinkStatus, string> = {
  pending: "Pending",
  claimed: "Claimed",
  completed: "Completed",
  expired: "Expired",
  cancelled: "Cancelled",
};

export function StatusBadge({ status }: { status: PayoutLinkStatus }) {
  return (
    <span className={`${styles.status} ${styles[`status_${status}`]}`} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
