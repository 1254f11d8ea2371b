// Unknown or malformed tokens: says nothing about whether a link ever existed.
export default function ClaimNotFound() {
  return (
    <main className="claim">
      <section aria-labelledby="claim-title" className="claim-card">
        <h1 id="claim-title" className="claim-title">
          Payout link not found
        </h1>
        <p>This link doesn&apos;t work. Check that you opened the whole link from your message, or ask whoever sent it for a new one.</p>
      </section>
    </main>
  );
}
