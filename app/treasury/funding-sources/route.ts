import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { linkFundingSource, listFundingSources } from "@/lib/funding/funding-sources";
import { FUNDING_SOURCE_FIELD_ERROR_CODES, LinkFundingSourceInput, ListFundingSourcesQuery } from "@/lib/funding/schemas";

export const runtime = "nodejs";

// Not wrapped in an Idempotency-Key transaction: linking calls the bank, and no transaction may stay
// open across bank calls (on the embedded database the sandbox bank needs the one connection). The
// single-use public token already makes a repeated link fail rather than link twice.
export const POST = apiRoute(
  { capability: "treasury", body: LinkFundingSourceInput, query: NoQuery, fieldCodes: FUNDING_SOURCE_FIELD_ERROR_CODES },
  async ({ db, caller, body }) => ({
    status: 201,
    body: { data: await linkFundingSource(db, { organizationId: caller.organizationId, actor: `api_key:${caller.apiKeyId}` }, body) },
  }),
);

export const GET = apiRoute(
  { capability: "treasury", query: ListFundingSourcesQuery, fieldCodes: FUNDING_SOURCE_FIELD_ERROR_CODES },
  async ({ db, caller, query }) => ({ status: 200, body: await listFundingSources(db, caller.organizationId, query) }),
);

export const { PUT, PATCH, DELETE } = otherMethods(["GET", "POST"]);
