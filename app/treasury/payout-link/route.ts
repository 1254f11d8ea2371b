import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { listPayoutLinks } from "@/lib/payout-links/list-payout-links";
import { FIELD_ERROR_CODES, ListPayoutLinksQuery } from "@/lib/payout-links/schemas";

export const runtime = "nodejs";

export const GET = apiRoute(
  { capability: "treasury", query: ListPayoutLinksQuery, fieldCodes: FIELD_ERROR_CODES },
  async ({ db, caller, query }) => ({ status: 200, body: await listPayoutLinks(db, caller.organizationId, query) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
