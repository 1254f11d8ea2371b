import { apiRoute } from "@/lib/http/api-route";
import { getBalance } from "@/lib/ledger/balance";

export const runtime = "nodejs";

export const GET = apiRoute({ capability: "treasury" }, async ({ db, caller }) => ({
  status: 200,
  body: { data: await getBalance(db, caller.organizationId) },
}));
