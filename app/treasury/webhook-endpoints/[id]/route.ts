import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { deleteWebhookEndpoint, getWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const runtime = "nodejs";

/** `id` is the endpoint's `we_…` id. */
export const GET = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await getWebhookEndpoint(db, caller.organizationId, params.id) },
}));

export const DELETE = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await deleteWebhookEndpoint(db, caller.organizationId, params.id) },
}));

export const { POST, PUT, PATCH } = otherMethods(["GET", "DELETE"]);
