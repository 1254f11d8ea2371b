"use client";
// Linking the organisation's bank through Plaid Link (react-plaid-link), as the claim page does: in
// sandbox mode the page has put a placeholder tag with Plaid's script URL and the sandbox's own
// Link script in the HTML, so react-plaid-link finds `window.Plaid` and never loads Plaid's CDN.
import { useRouter } from "next/navigation";
import { useActionState, useCallback, useEffect, useRef, useState, useTransition } from "react";
import { usePlaidLink, type PlaidLinkError, type PlaidLinkOnSuccessMetadata } from "react-plaid-link";
import type { ActionResult } from "@/lib/dashboard/action-result";
import { formatCents, parseDollars } from "@/lib/dashboard/settings/parse-dollars";
import { FieldError, fieldProps, FormError } from "./field-error";
import styles from "./settings.module.css";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

export function LinkFundingBank({
  getLinkToken,
  link,
  sandboxScript,
}: {
  getLinkToken: () => Promise<ActionResult<{ linkToken: string }>>;
  link: Action<{ id: string; label: string }>;
  /** The sandbox Link script's path when the sandbox bank is in use. */
  sandboxScript?: string;
}) {
  // The page's own <script> runs on a full page load only; after a client-side navigation here the
  // sandbox's window.Plaid is missing, so load it now (same origin: the CSP allows it).
  useEffect(() => {
    if (!sandboxScript || "Plaid" in window || document.querySelector(`script[data-sandbox-link]`)) return;
    const script = document.createElement("script");
    script.src = sandboxScript;
    script.dataset.sandboxLink = "";
    document.head.append(script);
  }, [sandboxScript]);
  const [linkToken, setLinkToken] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [linked, setLinked] = useState<string | null>(null);
  const [wantOpen, setWantOpen] = useState(false);
  const [busy, startTransition] = useTransition();
  const router = useRouter();
  const handled = useRef<string | null>(null);

  const onSuccess = useCallback(
    (publicToken: string | null, metadata: PlaidLinkOnSuccessMetadata) => {
      if (!publicToken) return;
      // Plaid has been seen to call onSuccess twice for one session: only the first counts.
      if (handled.current === publicToken) return;
      handled.current = publicToken;
      const account = metadata.accounts[0];
      if (!account) return setProblem("No account was chosen. Link the bank again and pick the account to fund from.");
      const form = new FormData();
      form.set("public_token", publicToken);
      form.set("account_id", account.id);
      startTransition(async () => {
        const result = await link(null, form);
        if (result.ok) {
          setLinked(result.data.label);
          setLinkToken(null);
          router.refresh();
        } else setProblem(result.error.message);
      });
    },
    [link, router],
  );
  const onExit = useCallback((error: PlaidLinkError | null) => {
    setWantOpen(false);
    setLinkToken(null);
    if (error) setProblem(error.display_message ?? error.error_message ?? "The bank connection did not complete. Try again.");
  }, []);
  const { open, ready } = usePlaidLink({ token: linkToken, onSuccess, onExit });
  useEffect(() => {
    if (wantOpen && ready) {
      setWantOpen(false);
      open();
    }
  }, [wantOpen, ready, open]);

  const start = () => {
    setProblem(null);
    setLinked(null);
    startTransition(async () => {
      const result = await getLinkToken();
      if (!result.ok) return setProblem(result.error.message);
      setLinkToken(result.data.linkToken);
      setWantOpen(true);
    });
  };
  return (
    <div className={styles.inline} style={{ display: "grid", gap: "0.5rem" }}>
      <button type="button" className={styles.primary} onClick={start} disabled={busy || wantOpen}>
        {busy || wantOpen ? "Connecting…" : "Link a bank account"}
      </button>
      <p role="status" aria-live="polite" className={problem ? styles.error : styles.success}>
        {problem ?? (linked ? `Linked ${linked}.` : "")}
      </p>
    </div>
  );
}

type Source = { id: string; label: string };
type Added = { id: string; amount: number; status: string };

export function AddFundsForm({ action, sources, sourceRequired }: { action: Action<Added>; sources: Source[]; sourceRequired: boolean }) {
  const [state, formAction, pending] = useActionState(action, null);
  const [amount, setAmount] = useState("");
  // One key per form: a double submit or a retry of the same form makes one deposit.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const formRef = useRef<HTMLFormElement>(null);
  const error = state && !state.ok ? state.error : null;
  useEffect(() => {
    if (state?.ok) {
      setAmount("");
      setKey(crypto.randomUUID());
    } else if (error?.param) formRef.current?.querySelector<HTMLElement>(`[name="${error.param}"]`)?.focus();
  }, [state, error]);
  const preview = parseDollars(amount);
  return (
    <form action={formAction} ref={formRef} className={styles.form} noValidate>
      <input type="hidden" name="idempotency_key" value={key} />
      <div className={styles.field}>
        <label htmlFor="amount">Amount (USD)</label>
        <input id="amount" name="amount" type="text" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} {...fieldProps(error, "amount", "amount-hint")} />
        <p id="amount-hint" className={styles.hint}>
          Dollars and cents, like 2500.00 (at most $100,000.00 a deposit).{preview.ok && preview.cents > 0 ? ` Adds ${formatCents(preview.cents)}.` : ""}
        </p>
        <FieldError error={error} param="amount" />
      </div>
      {sources.length > 0 || sourceRequired ? (
        <div className={styles.field}>
          <label htmlFor="funding_source_id">From</label>
          <select id="funding_source_id" name="funding_source_id" defaultValue={sources[0]?.id ?? ""} className={styles.select} {...fieldProps(error, "funding_source_id")}>
            {sourceRequired ? null : <option value="">Sandbox deposit (no bank account)</option>}
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          <FieldError error={error} param="funding_source_id" />
        </div>
      ) : null}
      <FormError error={error} params={["amount", "funding_source_id"]} />
      <p role="status" aria-live="polite" className={styles.success}>
        {state?.ok ? `${formatCents(state.data.amount)} ${state.data.status === "succeeded" ? "added to your balance" : "on its way (pending until the bank transfer clears)"}.` : ""}
      </p>
      <button type="submit" className={styles.primary} disabled={pending}>
        {pending ? "Adding…" : "Add funds"}
      </button>
    </form>
  );
}
