import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { createFundingLinkToken } from "@/lib/funding/funding-sources";

export const runtime = "nodejs";

/** A Link token for the operator to open Plaid Link (or the sandbox Link) with; no request body. */
export const POST = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller }) => ({
  status: 201,
  body: { data: await createFundingLinkToken(db, { organizationId: caller.organizationId, actor: `api_key:${caller.apiKeyId}` }) },
}));

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
