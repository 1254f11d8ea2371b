import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { cancelPayoutLink } from "@/lib/payout-links/cancel-payout-link";
import { payoutLinkSeal } from "@/lib/payout-links/link-seal";

export const runtime = "nodejs";

export const POST = apiRoute({ capability: "treasury", query: NoQuery, idempotent: true, seal: payoutLinkSeal }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await cancelPayoutLink(db, { organizationId: caller.organizationId, actor: `api_key:${caller.apiKeyId}` }, params.token) },
}));

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
