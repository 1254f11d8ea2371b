import { apiRoute } from "@/lib/http/api-route";
import { getPayoutLink } from "@/lib/payout-links/get-payout-link";

export const runtime = "nodejs";

/** `token` is the claim token from the link's URL or the link's `plink_…` id. */
export const GET = apiRoute({ capability: "treasury" }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await getPayoutLink(db, caller.organizationId, params.token) },
}));
