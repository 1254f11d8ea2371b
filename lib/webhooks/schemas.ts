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

/**
 * The event `POST /treasury/webhook-endpoints/{id}/test` sends to one endpoint. Not subscribable
 * (every endpoint can be sent one on demand) and not listed under /treasury/events unless asked for
 * by type, so reconciling from the events list never meets it.
 */
export const WEBHOOK_TEST_EVENT_TYPE = "webhook.test" as const;
export const ALL_EVENT_TYPES = [...EVENT_TYPES, WEBHOOK_TEST_EVENT_TYPE] as const;
export type AnyEventType = (typeof ALL_EVENT_TYPES)[number];

export const AnyEventTypeName = z.enum(ALL_EVENT_TYPES, { error: `must be one of ${ALL_EVENT_TYPES.join(", ")}` }).meta({
  description: `${EventTypeName.meta()?.description} \`webhook.test\`: sent only on request, to one endpoint; \`data.object\` is a \`webhook_test\`.`,
});

export const WebhookTest = z
  .object({
    object: z.literal("webhook_test"),
    endpoint_id: z.string().meta({ description: "The `we_…` endpoint this test was sent to." }),
    message: z.string(),
  })
  .meta({ id: "WebhookTest" });
export type WebhookTest = z.infer<typeof WebhookTest>;

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
    type: AnyEventTypeName,
    created_at: Timestamp.meta({
      description:
        "When the change happened (the time of the database transaction that made it), ISO-8601, UTC. Deliveries are not ordered: " +
        "to apply events about one object in order, keep the latest `created_at` you applied per object id and skip older ones " +
        "(or re-read the object from the API).",
    }),
    data: z.object({
      object: z.union([PayoutLink, Transaction, Deposit, WebhookTest]).meta({ description: "The object the event is about, as the API serialized it when the change happened." }),
    }),
  })
  .meta({ id: "Event" });
export type Event = z.infer<typeof Event>;

export const EventList = listEnvelope(Event, "EventList");
export type EventList = z.infer<typeof EventList>;

export const ListEventsQuery = z.strictObject({
  type: AnyEventTypeName.optional().meta({ description: "Only events of this type. `webhook.test` events are listed only when asked for by this filter." }),
  limit: ListLimit.optional(),
  starting_after: StartingAfter("event").optional(),
});
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

export const EVENT_FIELD_ERROR_CODES = {
  type: "event_type_invalid",
  ...LIST_FIELD_ERROR_CODES,
} as const;

// ---- The delivery log, replay, retry and test events ----

const EVENT_ID_PATTERN = /^evt_[0-9A-HJKMNP-TV-Z]{26}$/;

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export const WebhookDeliveryStatus = z.enum(WEBHOOK_DELIVERY_STATUSES, { error: `status must be one of ${WEBHOOK_DELIVERY_STATUSES.join(", ")}` }).meta({
  description:
    "`pending`: waiting for its next attempt (or being attempted); `delivered`: the endpoint answered 2xx; `failed`: given up after " +
    "24 hours of retries, or the endpoint was deleted. Replaying or retrying puts it back to `pending`.",
});

export const WebhookDeliveryAttempt = z
  .object({
    attempt: z.int().meta({ description: "1 for the first attempt; numbering continues across replays." }),
    status_code: z.int().nullable().meta({ description: "The endpoint's HTTP status; null when it did not answer (timeout, refused, connection closed)." }),
    latency_ms: z.int(),
    response_excerpt: z.string().nullable().meta({ description: "The first 500 characters of the response body." }),
    error: z.string().nullable().meta({ description: "Why there was no response, e.g. `timed out after 10000 ms`, `ECONNREFUSED: …`." }),
    created_at: Timestamp,
  })
  .meta({ id: "WebhookDeliveryAttempt" });
export type WebhookDeliveryAttempt = z.infer<typeof WebhookDeliveryAttempt>;

export const WebhookDelivery = z
  .object({
    id: z.string().meta({ example: "whd_01JZ8X5Q3W4E5R6T7Y8U9I0OPG" }),
    object: z.literal("webhook_delivery"),
    endpoint_id: z.string().meta({ description: "The `we_…` endpoint." }),
    event_id: z.string().meta({ description: "The `evt_…` event, also the `webhook-id` header of every attempt." }),
    event_type: AnyEventTypeName,
    status: WebhookDeliveryStatus,
    attempt_count: z.int().meta({ description: "Attempts so far, across replays." }),
    next_attempt_at: Timestamp.nullable().meta({ description: "When the next attempt is due; null once delivered or failed." }),
    last_status_code: z.int().nullable(),
    last_error: z.string().nullable(),
    delivered_at: Timestamp.nullable(),
    replayed_at: Timestamp.nullable().meta({ description: "When it was last queued again by a replay or a retry (its 24-hour retry window starts over then)." }),
    created_at: Timestamp,
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryWithAttempts = WebhookDelivery.extend({
  attempts: z.array(WebhookDeliveryAttempt).meta({ description: "Every attempt, oldest first (at most the latest 100)." }),
}).meta({ id: "WebhookDeliveryWithAttempts" });
export type WebhookDeliveryWithAttempts = z.infer<typeof WebhookDeliveryWithAttempts>;

export const WebhookDeliveryList = listEnvelope(WebhookDelivery, "WebhookDeliveryList");
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;

export const ListWebhookDeliveriesQuery = z.strictObject({
  status: WebhookDeliveryStatus.optional().meta({ description: "Only deliveries in this status." }),
  event_id: z.string().regex(EVENT_ID_PATTERN, { error: "event_id must be an evt_… id" }).optional().meta({ description: "Only the delivery of this event." }),
  event_type: AnyEventTypeName.optional().meta({ description: "Only deliveries of events of this type." }),
  limit: ListLimit.optional(),
  starting_after: StartingAfter("delivery").optional(),
});
export type ListWebhookDeliveriesQuery = z.infer<typeof ListWebhookDeliveriesQuery>;

export const WEBHOOK_DELIVERY_FIELD_ERROR_CODES = {
  status: "status_invalid",
  event_id: "parameter_invalid",
  event_type: "event_type_invalid",
  ...LIST_FIELD_ERROR_CODES,
} as const;

/** How many events one replay may queue, and how many days one replay window may span. */
export const REPLAY_LIMITS = { maxEvents: 1000, maxEventIds: 100, maxWindowDays: 7 } as const;

export const ReplayWebhookEventsInput = z
  .strictObject({
    event_ids: z
      .array(z.string().max(64), { error: "event_ids must be a list of evt_… ids" })
      .min(1, { error: "event_ids must name at least one event" })
      .max(REPLAY_LIMITS.maxEventIds, { error: `event_ids may name at most ${REPLAY_LIMITS.maxEventIds} events` })
      .optional()
      .meta({
        description:
          `Re-send exactly these events (1 to ${REPLAY_LIMITS.maxEventIds}), whatever their deliveries' status, delivered ones included. ` +
          "Each must be of a type the endpoint is subscribed to and have happened after it was created. Not with `since`.",
      }),
    since: z.iso
      .datetime({ offset: true, error: "since must be an ISO-8601 date-time" })
      .optional()
      .meta({ description: "Start of a window (inclusive) of events to re-send: every event in it whose delivery to this endpoint is not delivered." }),
    until: z.iso
      .datetime({ offset: true, error: "until must be an ISO-8601 date-time" })
      .optional()
      .meta({ description: `End of the window (exclusive), at most ${REPLAY_LIMITS.maxWindowDays} days after \`since\`. Defaults to now.` }),
    include_delivered: z
      .boolean({ error: "include_delivered must be true or false" })
      .optional()
      .meta({ description: "With a window: also re-send events that were delivered. Default false (only failed ones and ones waiting for a retry)." }),
  })
  .meta({ id: "ReplayWebhookEventsRequest" });
export type ReplayWebhookEventsInput = z.infer<typeof ReplayWebhookEventsInput>;

export const REPLAY_FIELD_ERROR_CODES = {
  event_ids: "event_ids_invalid",
  since: "replay_window_invalid",
  until: "replay_window_invalid",
  include_delivered: "parameter_invalid",
} as const;

export const WebhookReplay = z
  .object({
    object: z.literal("webhook_replay"),
    endpoint_id: z.string(),
    queued: z.int().meta({ description: "Deliveries put back to pending with their next attempt now. Ones being attempted at this moment are left alone." }),
    since: Timestamp.nullable().meta({ description: "The window replayed (null when event_ids were given)." }),
    until: Timestamp.nullable(),
  })
  .meta({ id: "WebhookReplay" });
export type WebhookReplay = z.infer<typeof WebhookReplay>;
