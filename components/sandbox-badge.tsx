/** Shown wherever money appears while the app runs on sandboxes: no one should mistake it for real. */
export function SandboxBadge() {
  return (
    <span className="badge" role="note" aria-label="Sandbox: no real money moves">
      Sandbox — no real money
    </span>
  );
}
