import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { FIELD_ERROR_CODES, GeneratePayoutLinkInput } from "@/lib/payout-links/schemas";

export const runtime = "nodejs";

export const POST = apiRoute(
  { capability: "treasury", body: GeneratePayoutLinkInput, query: NoQuery, fieldCodes: FIELD_ERROR_CODES, idempotent: true },
  async ({ db, caller, body }) => {
    const link = await generatePayoutLink(db, { organizationId: caller.organizationId, actor: `api_key:${caller.apiKeyId}`, organization: caller.organization }, body);
    return { status: 201, body: { data: link } };
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
