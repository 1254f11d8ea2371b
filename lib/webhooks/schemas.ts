// The webhooks and events API's shapes: validation, TypeScript types and the OpenAPI document all
// come from here. Isomorphic (no server imports).
import { z } from "zod";
import { LIST_FIELD_ERROR_CODES, listEnvelope, ListLimit, StartingAfter } from "../http/list-schemas";
import { PayoutLink } from "../payout-links/schemas";
import { Transaction } from "../transactions/schemas";
import { Deposit } from "../funding/schemas";

const Timestamp = z.iso.datetime().meta({ description: "ISO-8601, UTC." });

/** Every event type this API sends, and the object each one carries in `data.object`. */
export const EVENT_TYPES = [
  "payout_link.claimed",
  "payout_link.completed",
  "payout_link.expired",
  "payout_link.cancelled",
  "settlement.created",
  "payout.failed",
  "payout.returned",
  "deposit.succeeded",
  "deposit.failed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EventTypeName = z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(", ")}` }).meta({
  description:
    "`payout_link.claimed`, `payout_link.completed`, `payout_link.expired`, `payout_link.cancelled`: `data.object` is the payout link " +
    "as of the change. `settlement.created`: a payout settled (the money arrived); `data.object` is the settled transaction, naming " +
    "its `payout_link_id`. `payout.failed`, `payout.returned`: `data.object` is the failed or returned transaction. " +
    "`deposit.succeeded`, `deposit.failed`: `data.object` is the deposit (credited to the balance, or not).",
});

export const WEBHOOK_URL_MAX_CHARS = 2000;

export const WebhookEndpoint = z
  .object({
    id: z.string().meta({ example: "we_01JZ8X5Q3W4E5R6T7Y8U9I0OPE" }),
    object: z.literal("webhook_endpoint"),
    url: z.string().meta({ example: "https://example.com/webhooks/payouts" }),
    enabled_events: z.array(EventTypeName).meta({ description: "The event types sent to this endpoint." }),
    created_at: Timestamp,
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookEndpointWithSecret = WebhookEndpoint.extend({
  secret: z.string().meta({
    description:
      "The signing secret (`whsec_…`), shown only in this response: deliveries carry Standard Webhooks signatures " +
      "(`webhook-id`, `webhook-timestamp`, `webhook-signature`) made with it; verify them with any Standard Webhooks library.",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
}).meta({ id: "WebhookEndpointWithSecret" });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const WebhookEndpointList = listEnvelope(WebhookEndpoint, "WebhookEndpointList");
export type WebhookEndpointList = z.infer<typeof WebhookEndpointList>;

export const CreateWebhookEndpointInput = z.strictObject({
  url: z
    .string({ error: "url must be a string" })
    .min(1, { error: "url must not be empty" })
    .max(WEBHOOK_URL_MAX_CHARS, { error: `url must be at most ${WEBHOOK_URL_MAX_CHARS} characters` })
    .meta({
      description:
        "Where events are POSTed: https, at most 2000 characters, no user name or password, and not a loopback, private or link-local " +
        "address (checked now and again at every delivery, after resolving DNS). A server with ALLOW_PRIVATE_WEBHOOK_URLS=true " +
        "(development) also accepts http and private addresses.",
    }),
  enabled_events: z
    .array(EventTypeName)
    .min(1, { error: "enabled_events must name at least one event type" })
    .max(EVENT_TYPES.length * 2)
    .meta({ description: "The event types to send to this endpoint (at least one)." }),
}).meta({ id: "CreateWebhookEndpointRequest" });
export type CreateWebhookEndpointInput = z.infer<typeof CreateWebhookEndpointInput>;

export const WEBHOOK_ENDPOINT_FIELD_ERROR_CODES = {
  url: "url_invalid",
  enabled_events: "event_type_invalid",
  ...LIST_FIELD_ERROR_CODES,
} as const;

export const ListWebhookEndpointsQuery = z.strictObject({
  limit: ListLimit.optional(),
  starting_after: StartingAfter("webhook endpoint").optional(),
});
export type ListWebhookEndpointsQuery = z.infer<typeof ListWebhookEndpointsQuery>;

export const Event = z
  .object({
    id: z.string().meta({
      description: "`evt_…`: also the `webhook-id` header of every delivery of this event (the same on retries: deduplicate on it).",
      example: "evt_01JZ8X5Q3W4E5R6T7Y8U9I0OPF",
    }),
    object: z.literal("event"),
    type: EventTypeName,
    created_at: Timestamp,
    data: z.object({
      object: z.union([PayoutLink, Transaction, Deposit]).meta({ description: "The object the event is about, as the API serialized it when the change happened." }),
    }),
  })
  .meta({ id: "Event" });
export type Event = z.infer<typeof Event>;

export const EventList = listEnvelope(Event, "EventList");
export type EventList = z.infer<typeof EventList>;

export const ListEventsQuery = z.strictObject({
  type: EventTypeName.optional().meta({ description: "Only events of this type." }),
  limit: ListLimit.optional(),
  starting_after: StartingAfter("event").optional(),
});
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

export const EVENT_FIELD_ERROR_CODES = {
  type: "event_type_invalid",
  ...LIST_FIELD_ERROR_CODES,
} as const;
