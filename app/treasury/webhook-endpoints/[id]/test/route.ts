import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { sendTestWebhookEvent } from "@/lib/webhooks/test-event";

export const runtime = "nodejs";

/** Queues a `webhook.test` event for this endpoint only; answers with its pending delivery. */
export const POST = apiRoute({ capability: "treasury", query: NoQuery, idempotent: true }, async ({ db, caller, params }) => ({
  status: 201,
  body: { data: await sendTestWebhookEvent(db, caller.organizationId, params.id) },
}));

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
