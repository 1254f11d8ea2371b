import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { removeFundingSource } from "@/lib/funding/funding-sources";

export const runtime = "nodejs";

/** `id` is the funding source's `fs_…` id. */
export const DELETE = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await removeFundingSource(db, { organizationId: caller.organizationId, actor: `api_key:${caller.apiKeyId}` }, params.id) },
}));

export const { GET, POST, PUT, PATCH } = otherMethods(["DELETE"]);
