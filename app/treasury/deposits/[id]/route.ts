import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { getDeposit } from "@/lib/funding/deposits";

export const runtime = "nodejs";

/** `id` is the deposit's `dep_…` id. */
export const GET = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await getDeposit(db, caller.organizationId, params.id) },
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
