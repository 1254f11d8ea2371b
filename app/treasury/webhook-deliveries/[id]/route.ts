import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { getWebhookDelivery } from "@/lib/webhooks/deliveries";

export const runtime = "nodejs";

/** `id` is the delivery's `whd_…` id: the delivery with every attempt. */
export const GET = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await getWebhookDelivery(db, caller.organizationId, params.id) },
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
