import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { listWebhookDeliveries } from "@/lib/webhooks/deliveries";
import { ListWebhookDeliveriesQuery, WEBHOOK_DELIVERY_FIELD_ERROR_CODES } from "@/lib/webhooks/schemas";

export const runtime = "nodejs";

/** The endpoint's delivery log, newest first. */
export const GET = apiRoute(
  { capability: "treasury", query: ListWebhookDeliveriesQuery, fieldCodes: WEBHOOK_DELIVERY_FIELD_ERROR_CODES },
  async ({ db, caller, params, query }) => ({ status: 200, body: await listWebhookDeliveries(db, caller.organizationId, params.id, query) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
