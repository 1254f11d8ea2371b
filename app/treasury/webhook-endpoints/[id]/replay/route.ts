import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { replayWebhookEvents } from "@/lib/webhooks/replay";
import { REPLAY_FIELD_ERROR_CODES, ReplayWebhookEventsInput } from "@/lib/webhooks/schemas";

export const runtime = "nodejs";

export const POST = apiRoute(
  { capability: "treasury", query: NoQuery, body: ReplayWebhookEventsInput, fieldCodes: REPLAY_FIELD_ERROR_CODES, idempotent: true },
  async ({ db, caller, params, body }) => ({ status: 200, body: { data: await replayWebhookEvents(db, caller.organizationId, params.id, body) } }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
