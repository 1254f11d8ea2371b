// The claimed/completed status page: plain server-rendered HTML, usable with no JavaScript at all.
import { AccountMask } from "./account-mask";
import { formatDateTime, formatMoney } from "./format";

export type ClaimStatusProps = {
  status: "claimed" | "completed";
  organizationName: string;
  amount: number;
  currency: string;
  claimedAt: string | null;
  completedAt: string | null;
  bank: { institutionName: string; mask: string } | null;
  payoutStatus: string | null;
  payoutUpdatedAt: string | null;
  /** This page's own path, for a refresh link that works without JavaScript. */
  selfHref: string;
};

type StepState = "done" | "current" | "upcoming" | "problem";

const STATE_LABEL: Record<StepState, string> = {
  done: "Done",
  current: "In progress",
  upcoming: "Not yet",
  problem: "Needs attention",
};

export function ClaimStatus(props: ClaimStatusProps) {
  const amount = formatMoney(props.amount, props.currency);
  const settled = props.status === "completed" || props.payoutStatus === "settled";
  const failed = !settled && (props.payoutStatus === "failed" || props.payoutStatus === "returned");
  const initiated = settled || props.payoutStatus === "processing";

  const steps: { label: string; state: StepState; detail: string | null }[] = [
    { label: "Claimed", state: "done", detail: props.claimedAt ? formatDateTime(props.claimedAt) : null },
    {
      label: "Payout initiated",
      state: failed ? "problem" : initiated ? "done" : "current",
      detail: failed
        ? `The bank did not accept the payment. ${props.organizationName} has been told and will be in touch.`
        : initiated
          ? null
          : "Your payout is queued and will be sent shortly.",
    },
    {
      label: "Settled",
      state: settled ? "done" : failed ? "upcoming" : initiated ? "current" : "upcoming",
      detail: settled
        ? props.completedAt
          ? formatDateTime(props.completedAt)
          : null
        : initiated
          ? "Bank transfers usually arrive within 1–3 business days."
          : null,
    },
  ];

  return (
    <section aria-labelledby="claim-title" className="claim-card">
      <h1 id="claim-title" className="claim-title">
        {settled ? `${amount} has been paid` : `${amount} is on its way`}
      </h1>
      <p className="claim-lede">
        This payout from <strong>{props.organizationName}</strong> has been claimed
        {props.bank ? (
          <>
            {" "}
            and is going to <strong>{props.bank.institutionName}</strong>{" "}
            <AccountMask mask={props.bank.mask} />
          </>
        ) : null}
        .
      </p>
      <h2 className="claim-subtitle">Progress</h2>
      <ol className="timeline">
        {steps.map((step) => (
          <li key={step.label} className={`timeline-step timeline-${step.state}`} aria-current={step.state === "current" ? "step" : undefined}>
            <span className="timeline-dot" aria-hidden="true" />
            <span className="timeline-text">
              <span className="timeline-label">
                {step.label}
                <span className="visually-hidden"> — {STATE_LABEL[step.state]}</span>
              </span>
              {step.detail ? <span className="timeline-detail">{step.detail}</span> : null}
            </span>
          </li>
        ))}
      </ol>
      <p className="claim-note">
        Keep this link to check on your payout. If something looks wrong, contact {props.organizationName}.
      </p>
      <p>
        <a href={props.selfHref} className="claim-link">
          Refresh status
        </a>
      </p>
    </section>
  );
}
