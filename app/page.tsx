import { SandboxBadge } from "@/components/sandbox-badge";
import { config } from "@/lib/config";

// Rendered per request so the examples show this deployment's own URL (APP_URL).
export const dynamic = "force-dynamic";

export default function Home() {
  const { appUrl } = config();
  return (
    <main>
      <SandboxBadge />
      <h1>Payout Links</h1>
      <p>
        Pay someone once without knowing their bank details: generate a single-use link for a fixed amount, share it, and the
        recipient connects their bank and gets paid.
      </p>
      <h2>API</h2>
      <p>
        The operator API lives under <code>/treasury</code> and is described by the OpenAPI document at{" "}
        <a href="/api/openapi.json">/api/openapi.json</a>. The demo API key was printed by <code>npm start</code> and is kept in{" "}
        <code>.data/demo-api-key</code>.
      </p>
      <pre>{`curl -s -X POST ${appUrl}/treasury/payout-link/generate \\
  -H "Authorization: Bearer $(cat .data/demo-api-key)" \\
  -H "Content-Type: application/json" \\
  -d '{"amount": 25000, "currency": "USD", "description": "Q3 referral bonus"}'`}</pre>
    </main>
  );
}
