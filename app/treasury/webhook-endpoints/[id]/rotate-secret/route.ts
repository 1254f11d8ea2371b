import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { rotateWebhookEndpointSecret } from "@/lib/webhooks/endpoints";

export const runtime = "nodejs";

export const POST = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await rotateWebhookEndpointSecret(db, caller.organizationId, params.id) },
}));

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
