import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { getBalance } from "@/lib/ledger/balance";

export const runtime = "nodejs";

export const GET = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller }) => ({
  status: 200,
  body: { data: await getBalance(db, caller.organizationId) },
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
