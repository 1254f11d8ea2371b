import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { getEvent } from "@/lib/webhooks/events";

export const runtime = "nodejs";

/** `id` is the event's `evt_…` id (also the `webhook-id` header of its deliveries). */
export const GET = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await getEvent(db, caller.organizationId, params.id) },
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
