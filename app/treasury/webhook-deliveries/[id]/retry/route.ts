import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { retryWebhookDelivery } from "@/lib/webhooks/replay";

export const runtime = "nodejs";

/** Attempts the delivery again now (a delivered one is sent again). */
export const POST = apiRoute({ capability: "treasury", query: NoQuery, idempotent: true }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await retryWebhookDelivery(db, caller.organizationId, params.id) },
}));

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
