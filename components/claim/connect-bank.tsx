"use client";
// Step 2: Plaid Link through react-plaid-link. The same code drives real Plaid and the sandbox
// bank: in sandbox mode the page has already put a placeholder <script> with Plaid's URL and the
// sandbox's own Link script in the HTML, so react-plaid-link finds `window.Plaid` and never loads
// Plaid's CDN script.
import { useCallback, useEffect, useRef, useState } from "react";
import { usePlaidLink, type PlaidLinkError, type PlaidLinkOnExitMetadata, type PlaidLinkOnSuccessMetadata } from "react-plaid-link";
import { createLinkToken, waitMessage } from "./api";
import { describeLinkError } from "./plaid-errors";

export type LinkedBank = {
  publicToken: string;
  accountId: string;
  institutionName: string;
  accountName: string | null;
  mask: string;
};

type Props = {
  token: string;
  /** A message from a later step (e.g. the bank connection was refused at submit) to show on arrival. */
  initialProblem: string | null;
  onLinked: (bank: LinkedBank) => void;
  /** The link cannot be claimed any more (claimed, expired or cancelled meanwhile). */
  onUnavailable: () => void;
};

export function ConnectBank({ token, initialProblem, onLinked, onUnavailable }: Props) {
  const [linkToken, setLinkToken] = useState<string | null>(null);
  const [tokenRequest, setTokenRequest] = useState(0);
  const [loadingToken, setLoadingToken] = useState(true);
  const [problem, setProblem] = useState<string | null>(initialProblem);
  const [waitingToOpen, setWaitingToOpen] = useState(false);
  const [linkOpen, setLinkOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  // After Link closes with a problem, focus goes back to the button that retries.
  const [refocus, setRefocus] = useState(0);
  useEffect(() => {
    if (refocus) buttonRef.current?.focus();
  }, [refocus]);

  // react-plaid-link keeps the callbacks it was created with until the link token changes, so
  // they read everything current through refs.
  const onLinkedRef = useRef(onLinked);
  const onUnavailableRef = useRef(onUnavailable);
  useEffect(() => {
    onLinkedRef.current = onLinked;
    onUnavailableRef.current = onUnavailable;
  });

  // One request per `tokenRequest`, even when StrictMode runs effects twice in development.
  const requested = useRef(-1);
  useEffect(() => {
    if (requested.current === tokenRequest) return;
    requested.current = tokenRequest;
    setLoadingToken(true);
    void createLinkToken(token).then((result) => {
      setLoadingToken(false);
      if (result.ok) {
        setLinkToken(result.data.link_token);
        return;
      }
      setWaitingToOpen(false);
      if (result.status === 404) return onUnavailableRef.current();
      setProblem(result.status === 429 ? waitMessage(result) : "We couldn't start the bank connection. Try again.");
    });
  }, [token, tokenRequest]);

  // Plaid has been seen to call onSuccess twice for one session: only the first counts.
  const handledPublicToken = useRef<string | null>(null);
  const onSuccess = useCallback((publicToken: string | null, metadata: PlaidLinkOnSuccessMetadata) => {
    setLinkOpen(false);
    if (!publicToken || handledPublicToken.current === publicToken) return;
    const account = metadata.accounts[0];
    if (!account) {
      setProblem("No account was chosen. Connect your bank and pick the account to be paid into.");
      return;
    }
    handledPublicToken.current = publicToken;
    onLinkedRef.current({
      publicToken,
      accountId: account.id,
      institutionName: metadata.institution?.name ?? "Your bank",
      accountName: account.name ?? null,
      mask: account.mask ?? "",
    });
  }, []);

  const onExit = useCallback((error: PlaidLinkError | null, _metadata: PlaidLinkOnExitMetadata) => {
    setLinkOpen(false);
    const described = describeLinkError(error);
    setProblem(described.message);
    setRefocus((n) => n + 1);
    if (described.renewToken) {
      setLinkToken(null);
      setTokenRequest((n) => n + 1);
    }
  }, []);

  const { open, ready, error: scriptError } = usePlaidLink({ token: linkToken, onSuccess, onExit });

  const start = useCallback(() => {
    setProblem(null);
    if (ready) {
      setLinkOpen(true);
      open();
    } else {
      // The link token (or Plaid's script) is still on its way: open as soon as it is ready.
      setWaitingToOpen(true);
      if (!loadingToken && !linkToken) setTokenRequest((n) => n + 1);
    }
  }, [ready, open, loadingToken, linkToken]);

  useEffect(() => {
    if (waitingToOpen && ready) {
      setWaitingToOpen(false);
      setLinkOpen(true);
      open();
    }
  }, [waitingToOpen, ready, open]);

  const failedToLoad = Boolean(scriptError);
  // Not disabled while Link is open: Link covers the page, and a disabled button cannot take focus
  // back when Link closes.
  const busy = waitingToOpen;
  return (
    <div className="connect-bank">
      <p>
        Choose the bank account you want to be paid into. You log in to your bank in a secure window; we never see your
        bank password.
      </p>
      {failedToLoad ? (
        <p role="alert" className="claim-error">
          The secure bank connection could not be loaded. Check your connection, then reload this page.
        </p>
      ) : null}
      {problem ? (
        <p className="claim-error" role="alert">
          {problem}
        </p>
      ) : null}
      <button ref={buttonRef} type="button" className="button button-primary" onClick={start} disabled={busy || failedToLoad}>
        {busy || linkOpen ? "Connecting…" : problem ? "Try again" : "Connect your bank"}
      </button>
    </div>
  );
}
