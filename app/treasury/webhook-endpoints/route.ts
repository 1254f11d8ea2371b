import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { webhookSecretSeal } from "@/lib/webhooks/secret-seal";
import { CreateWebhookEndpointInput, ListWebhookEndpointsQuery, WEBHOOK_ENDPOINT_FIELD_ERROR_CODES } from "@/lib/webhooks/schemas";

export const runtime = "nodejs";

/** Idempotent: the replayed response keeps the signing secret encrypted at rest (lib/webhooks/secret-seal.ts). */
export const POST = apiRoute(
  { capability: "treasury", query: NoQuery, body: CreateWebhookEndpointInput, fieldCodes: WEBHOOK_ENDPOINT_FIELD_ERROR_CODES, idempotent: true, seal: webhookSecretSeal },
  async ({ db, caller, body }) => ({ status: 201, body: { data: await createWebhookEndpoint(db, caller.organizationId, body) } }),
);

export const GET = apiRoute(
  { capability: "treasury", query: ListWebhookEndpointsQuery, fieldCodes: WEBHOOK_ENDPOINT_FIELD_ERROR_CODES },
  async ({ db, caller, query }) => ({ status: 200, body: await listWebhookEndpoints(db, caller.organizationId, query) }),
);

export const { PUT, PATCH, DELETE } = otherMethods(["GET", "POST"]);
