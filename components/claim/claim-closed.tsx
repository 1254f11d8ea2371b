// Expired or cancelled: what happened and whom to ask. Nothing else about the link is shown.
import { formatDateTime } from "./format";

export function ClaimClosed(props: { status: "expired" | "cancelled"; organizationName: string; at: string | null }) {
  const expired = props.status === "expired";
  return (
    <section aria-labelledby="claim-title" className="claim-card">
      <h1 id="claim-title" className="claim-title">
        {expired ? "This payout link has expired" : "This payout link was cancelled"}
      </h1>
      <p className="claim-lede">
        {expired
          ? `The link from ${props.organizationName} expired${props.at ? ` on ${formatDateTime(props.at)}` : ""} before it was claimed, so it can no longer be used.`
          : `${props.organizationName} cancelled this link${props.at ? ` on ${formatDateTime(props.at)}` : ""}, so it can no longer be used.`}
      </p>
      <p>
        No money has been sent. Contact <strong>{props.organizationName}</strong> if you think you should still be paid — they
        can send you a new link.
      </p>
    </section>
  );
}
