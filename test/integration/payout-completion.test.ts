import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { createFundedOrg } from "../support/fixtures";
import { linkThroughSandbox } from "../support/sandbox-bank";
import { startTestServer, type TestServer } from "../support/test-server";

// The whole money path through a running server, with its own in-process payout worker (as
// `npm start` runs it on either backend when RUN_WORKER_IN_WEB or the embedded default applies):
// generate → claim with the sandbox bank → the worker initiates and settles on the sandbox rail →
// the link reads `completed`, the payout `settled`, and the hold has become a debit.
type Fixtures = { apiKey: string; link: { id: string; token: string } };
let server: TestServer<Fixtures>;

beforeAll(async () => {
  server = await startTestServer(
    async (prisma) => {
      const org = await createFundedOrg(prisma, { deposit: 100_000 });
      const link = await generatePayoutLink(prisma, { organizationId: org.organizationId, actor: "test" }, { amount: 25_000, currency: "USD", description: "completion" });
      return { apiKey: org.apiKey, link: { id: link.id, token: link.token } };
    },
    { PAYOUT_WORKER: "on", RUN_WORKER_IN_WEB: "true", SANDBOX_SETTLEMENT_DELAY_MS: "0", PAYOUT_POLL_INTERVAL_MS: "100" },
  );
});
afterAll(async () => {
  if (server.prisma) expect(await verifyLedger(server.prisma)).toEqual([]);
  await server?.stop();
});

const api = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${server.fixtures.apiKey}` } }).then((r) => r.json());

describe("a claimed link is paid by the worker", () => {
  it("reaches completed, its payout settled, the held amount debited", async () => {
    const { link } = server.fixtures;
    const item = await linkThroughSandbox(server.baseUrl);
    const res = await fetch(`${server.baseUrl}/treasury/payout-link/${link.token}/submit`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.baseUrl },
      body: JSON.stringify({ name: "Alberta Bobbeth Charleson", email: "a@example.com", public_token: item.publicToken, account_id: item.accounts[0].id }),
    });
    expect(res.status).toBe(200);
    // (With zero settlement delay the worker may already have paid it: no balance check in between.)

    let current = (await api(`/treasury/payout-link/${link.id}`)).data;
    for (let i = 0; i < 100 && current.status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      current = (await api(`/treasury/payout-link/${link.id}`)).data;
    }
    expect(current.status).toBe("completed");
    expect(current.completed_at).not.toBeNull();

    const { data: payout } = await api(`/treasury/transactions/${current.transaction_id}`);
    expect(payout).toMatchObject({ status: "settled", rail: "sandbox", amount: 25_000, payout_link_id: link.id });
    expect(payout.rail_reference).toEqual(expect.any(String));
    expect(await api("/treasury/balance")).toMatchObject({ data: { available: 75_000, held: 0 } });
  });
});
