"use client";
// The pending claim: 1. name and email, 2. connect a bank, 3. review and submit, then a
// confirmation. Each step moves keyboard focus to its heading; errors are announced.
import { useCallback, useEffect, useRef, useState, type FormEvent, type RefObject } from "react";
// Not the zod schemas: the same rules and messages without zod in this bundle (see the file).
import { claimantEmailError, claimantNameError } from "@/lib/claims/claimant-fields";
import { submitClaim, waitMessage, type SubmitClaimData } from "./api";
import { ConnectBank, type LinkedBank } from "./connect-bank";
import { AccountMask } from "./account-mask";
import { formatMoney } from "./format";

type Props = {
  token: string;
  organizationName: string;
  amount: number;
  currency: string;
};

type Step = "details" | "bank" | "review" | "done";
/** Why the link can no longer be claimed from this page. */
type Closed = "claimed" | "completed" | "expired" | "cancelled" | "unavailable";

const STEPS: { id: Exclude<Step, "done">; label: string }[] = [
  { id: "details", label: "Your details" },
  { id: "bank", label: "Connect your bank" },
  { id: "review", label: "Review and submit" },
];

const CLOSED_BY_CODE: Record<string, Closed> = {
  payout_link_already_claimed: "claimed",
  payout_link_already_completed: "completed",
  payout_link_expired: "expired",
  payout_link_cancelled: "cancelled",
  payout_link_not_found: "unavailable",
};

export function ClaimFlow({ token, organizationName, amount, currency }: Props) {
  const money = formatMoney(amount, currency);
  const [step, setStep] = useState<Step>("details");
  const [closed, setClosed] = useState<Closed | null>(null);

  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [fieldErrors, setFieldErrors] = useState<{ name?: string | null; email?: string | null }>({});
  const [bank, setBank] = useState<LinkedBank | null>(null);
  const [bankProblem, setBankProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [submitProblem, setSubmitProblem] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<SubmitClaimData | null>(null);

  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Move focus to the new step's heading, so keyboard and screen-reader users start at the top of
  // what changed. Not on first render (the page's own heading comes first there), also when
  // StrictMode runs effects twice.
  const shown = useRef(`${step}/${closed}`);
  useEffect(() => {
    const now = `${step}/${closed}`;
    if (shown.current === now) return;
    shown.current = now;
    headingRef.current?.focus();
  }, [step, closed]);

  const onDetails = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const errors = { name: claimantNameError(name), email: claimantEmailError(email) };
    setFieldErrors(errors);
    if (errors.name) return nameRef.current?.focus();
    if (errors.email) return emailRef.current?.focus();
    setName(name.trim());
    setEmail(email.trim());
    setStep(bank ? "review" : "bank");
  };

  const revalidate = (field: "name" | "email") => {
    // Once a field has shown an error, keep its message current as the claimant fixes it.
    if (fieldErrors[field] === undefined) return;
    setFieldErrors((e) => ({ ...e, [field]: field === "name" ? claimantNameError(name) : claimantEmailError(email) }));
  };

  const onLinked = useCallback((linked: LinkedBank) => {
    setBank(linked);
    setBankProblem(null);
    setSubmitProblem(null);
    setStep("review");
  }, []);

  const onUnavailable = useCallback(() => setClosed("unavailable"), []);

  const reconnect = (problem: string | null) => {
    setBank(null);
    setBankProblem(problem);
    setSubmitProblem(null);
    setStep("bank");
  };

  const onSubmit = async () => {
    if (!bank || submitting) return;
    setSubmitting(true);
    setSubmitProblem(null);
    const result = await submitClaim(token, { name, email, public_token: bank.publicToken, account_id: bank.accountId });
    setSubmitting(false);
    if (result.ok) {
      setReceipt(result.data);
      setStep("done");
      return;
    }
    const closedAs = CLOSED_BY_CODE[result.code];
    if (closedAs) return setClosed(closedAs);
    switch (result.code) {
      case "name_invalid":
      case "email_invalid": {
        const field = result.code === "name_invalid" ? "name" : "email";
        setFieldErrors({ [field]: result.message });
        setStep("details");
        return;
      }
      case "public_token_invalid":
      case "account_not_found":
        return reconnect(result.message);
      case "rate_limited":
        return setSubmitProblem(waitMessage(result));
      case "internal_error":
      case "unexpected_response":
      case "origin_not_allowed":
        // Messages written for API callers, not claimants.
        return setSubmitProblem("Something went wrong on our side. Please try again in a moment.");
      default:
        // name_mismatch, bank_unavailable, network and unexpected errors: the message says what
        // to do; the claimant can submit again, edit their details or connect another account.
        return setSubmitProblem(result.message);
    }
  };

  if (closed) return <ClosedNotice closed={closed} organizationName={organizationName} headingRef={headingRef} />;

  if (step === "done" && receipt) {
    return (
      <section aria-labelledby="step-title" className="claim-card">
        <h2 id="step-title" ref={headingRef} tabIndex={-1} className="claim-step-title">
          Claimed — {formatMoney(receipt.amount, receipt.currency)} is on its way
        </h2>
        <p>
          We&apos;re sending the money to <strong>{receipt.bank.institution_name}</strong>{" "}
          <AccountMask mask={receipt.bank.mask} />. Bank transfers
          usually arrive within 1–3 business days.
        </p>
        <p>Keep this link: you can open it again at any time to see where your payout is.</p>
        <p>
          <a className="button button-secondary" href={`/claim/${token}`}>
            See payout status
          </a>
        </p>
      </section>
    );
  }

  const current = STEPS.findIndex((s) => s.id === step);
  return (
    <div className="claim-flow">
      <ol className="stepper" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s.id} className={i < current ? "stepper-done" : i === current ? "stepper-current" : undefined} aria-current={i === current ? "step" : undefined}>
            <span className="stepper-number" aria-hidden="true">
              {i + 1}
            </span>
            <span className="stepper-label">{s.label}</span>
          </li>
        ))}
      </ol>

      <section aria-labelledby="step-title" className="claim-card">
        <h2 id="step-title" ref={headingRef} tabIndex={-1} className="claim-step-title">
          <span className="visually-hidden">Step {current + 1} of 3: </span>
          {STEPS[current].label}
        </h2>

        {step === "details" ? (
          <form noValidate onSubmit={onDetails} className="claim-form">
            <p>Tell us who you are. {organizationName} will see your name and email with this payment.</p>
            <div className="field">
              <label htmlFor="claim-name">Full name</label>
              <input
                ref={nameRef}
                id="claim-name"
                name="name"
                type="text"
                autoComplete="name"
                autoCapitalize="words"
                maxLength={200}
                required
                value={name}
                onChange={(e) => setName(e.target.value)}
                onBlur={() => revalidate("name")}
                aria-invalid={fieldErrors.name ? true : undefined}
                aria-describedby={fieldErrors.name ? "claim-name-error" : "claim-name-hint"}
              />
              {fieldErrors.name ? (
                <p id="claim-name-error" className="field-error" role="alert">
                  {fieldErrors.name}
                </p>
              ) : (
                <p id="claim-name-hint" className="field-hint">
                  As it appears on your bank account.
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor="claim-email">Email</label>
              <input
                ref={emailRef}
                id="claim-email"
                name="email"
                type="email"
                inputMode="email"
                autoComplete="email"
                autoCapitalize="off"
                spellCheck={false}
                maxLength={254}
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                onBlur={() => revalidate("email")}
                aria-invalid={fieldErrors.email ? true : undefined}
                aria-describedby={fieldErrors.email ? "claim-email-error" : "claim-email-hint"}
              />
              {fieldErrors.email ? (
                <p id="claim-email-error" className="field-error" role="alert">
                  {fieldErrors.email}
                </p>
              ) : (
                <p id="claim-email-hint" className="field-hint">
                  For updates about this payment only.
                </p>
              )}
            </div>
            <button type="submit" className="button button-primary">
              Continue
            </button>
          </form>
        ) : null}

        {step === "bank" ? (
          <>
            <ConnectBank token={token} initialProblem={bankProblem} onLinked={onLinked} onUnavailable={onUnavailable} />
            <button type="button" className="button button-link" onClick={() => setStep("details")}>
              Back to your details
            </button>
          </>
        ) : null}

        {step === "review" && bank ? (
          <div className="claim-review">
            <dl className="review-list">
              <div>
                <dt>Amount</dt>
                <dd>{money}</dd>
              </div>
              <div>
                <dt>From</dt>
                <dd>{organizationName}</dd>
              </div>
              <div>
                <dt>Paid into</dt>
                <dd>
                  {bank.institutionName}
                  {bank.accountName ? ` — ${bank.accountName}` : ""}{" "}
                  <AccountMask mask={bank.mask} />
                </dd>
              </div>
              <div>
                <dt>Name</dt>
                <dd>{name}</dd>
              </div>
              <div>
                <dt>Email</dt>
                <dd>{email}</dd>
              </div>
            </dl>
            {submitProblem ? (
              <p className="claim-error" role="alert">
                {submitProblem}
              </p>
            ) : null}
            {/* aria-disabled, not disabled: a disabled button drops keyboard focus mid-submit. */}
            <button type="button" className="button button-primary" onClick={onSubmit} aria-disabled={submitting || undefined}>
              {submitting ? "Submitting…" : `Claim ${money}`}
            </button>
            <div className="review-actions">
              <button type="button" className="button button-link" onClick={() => reconnect(null)} disabled={submitting}>
                Use a different account
              </button>
              <button type="button" className="button button-link" onClick={() => setStep("details")} disabled={submitting}>
                Edit your details
              </button>
            </div>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function ClosedNotice({
  closed,
  organizationName,
  headingRef,
}: {
  closed: Closed;
  organizationName: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const text: Record<Closed, { title: string; body: string }> = {
    claimed: {
      title: "This link has already been claimed",
      body: `Someone has already claimed this payout, so it can't be claimed again. If that wasn't you, contact ${organizationName}.`,
    },
    completed: {
      title: "This link has already been paid",
      body: `This payout has already been paid out. If you haven't received it, contact ${organizationName}.`,
    },
    expired: {
      title: "This payout link has expired",
      body: `The link expired before the claim was finished, so no money was sent. Contact ${organizationName} and ask for a new link.`,
    },
    cancelled: {
      title: "This payout link was cancelled",
      body: `${organizationName} cancelled this link, so no money was sent. Contact ${organizationName} if you think you should still be paid.`,
    },
    unavailable: {
      title: "This link can no longer be claimed",
      body: `Reload the page to see what happened to it, or contact ${organizationName}.`,
    },
  };
  return (
    <section aria-labelledby="step-title" className="claim-card" role="status">
      <h2 id="step-title" ref={headingRef} tabIndex={-1} className="claim-step-title">
        {text[closed].title}
      </h2>
      <p>{text[closed].body}</p>
    </section>
  );
}
