import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { getPayoutLink } from "@/lib/payout-links/get-payout-link";

export const runtime = "nodejs";

/** `token` is the claim token from the link's URL or the link's `plink_…` id. */
export const GET = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await getPayoutLink(db, caller.organizationId, params.token) },
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
