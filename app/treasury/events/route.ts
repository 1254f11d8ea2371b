import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { listEvents } from "@/lib/webhooks/events";
import { EVENT_FIELD_ERROR_CODES, ListEventsQuery } from "@/lib/webhooks/schemas";

export const runtime = "nodejs";

export const GET = apiRoute(
  { capability: "treasury", query: ListEventsQuery, fieldCodes: EVENT_FIELD_ERROR_CODES },
  async ({ db, caller, query }) => ({ status: 200, body: await listEvents(db, caller.organizationId, query) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
