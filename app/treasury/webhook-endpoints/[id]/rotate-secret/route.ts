import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { rotateWebhookEndpointSecret } from "@/lib/webhooks/endpoints";
import { webhookSecretSeal } from "@/lib/webhooks/secret-seal";

export const runtime = "nodejs";

/** Idempotent, so a retried rotation does not rotate twice; the replayed secret is stored encrypted. */
export const POST = apiRoute({ capability: "treasury", query: NoQuery, idempotent: true, seal: webhookSecretSeal }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await rotateWebhookEndpointSecret(db, caller.organizationId, params.id) },
}));

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
