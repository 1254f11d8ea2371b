import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { payoutLinkSeal } from "@/lib/payout-links/link-seal";
import { FIELD_ERROR_CODES, GeneratePayoutLinkInput, type PayoutLink } from "@/lib/payout-links/schemas";

export const runtime = "nodejs";

export const POST = apiRoute(
  { capability: "treasury", body: GeneratePayoutLinkInput, query: NoQuery, fieldCodes: FIELD_ERROR_CODES, idempotent: "one-statement", seal: payoutLinkSeal },
  async ({ db, caller, body, recorder }) => {
    const created = (link: PayoutLink) => ({ status: 201, body: { data: link } });
    const link = await generatePayoutLink(db, { organizationId: caller.organizationId, actor: `api_key:${caller.apiKeyId}`, organization: caller.organization }, body, {
      // With an Idempotency-Key, generate's one statement stores this response too.
      storeResponse: recorder && ((link, gate) => recorder.cte(created(link), gate)),
    });
    return created(link);
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
