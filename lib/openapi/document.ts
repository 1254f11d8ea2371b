// The OpenAPI 3.1 document of the operator API (/treasury/…), generated from the zod schemas in
// lib/payout-links/schemas.ts, lib/recipients/schemas.ts, lib/transactions/schemas.ts,
// lib/webhooks/schemas.ts and the error list
// in lib/errors/codes.ts.
// Served at /api/openapi.json.
// Isomorphic: no database or other server-only imports.
import { z } from "zod";
import packageJson from "../../package.json";
import type { ErrorCode } from "../errors/codes";
import { Balance, GeneratePayoutLinkInput, LIMITS, ListPayoutLinksQuery, PAYOUT_LINK_STATUSES, PayoutLink, PayoutLinkList } from "../payout-links/schemas";
import { ListRecipientsQuery, Recipient, RecipientList } from "../recipients/schemas";
import { ListTransactionsQuery, Transaction, TransactionList, TRANSACTION_STATUSES } from "../transactions/schemas";
import { ClaimReceipt, SubmitClaimInput } from "../claims/schemas";
import {
  CreateWebhookEndpointInput,
  Event,
  EventList,
  ListEventsQuery,
  ListWebhookDeliveriesQuery,
  ListWebhookEndpointsQuery,
  REPLAY_LIMITS,
  ReplayWebhookEventsInput,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryWithAttempts,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
  WebhookReplay,
} from "../webhooks/schemas";
import {
  CreateDepositInput,
  DEPOSIT_STATUSES,
  Deposit,
  DepositList,
  FundingLinkToken,
  FundingSource,
  FundingSourceList,
  LinkFundingSourceInput,
  ListDepositsQuery,
  ListFundingSourcesQuery,
} from "../funding/schemas";
import { ApiError, COMMON_ERROR_CODES, errorResponses } from "./errors";
import { SchemaComponents, type JsonSchema } from "./json-schema";

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: JsonSchema & { title: string; version: string };
  servers: { url: string; description?: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, JsonSchema>;
    headers: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
};

const TAG_LINKS = "Payout links";
const TAG_BALANCE = "Balance";
const TAG_RECIPIENTS = "Recipients";
const TAG_TRANSACTIONS = "Transactions";
const TAG_WEBHOOKS = "Webhooks";
const TAG_EVENTS = "Events";
const TAG_FUNDING = "Funding";

const REQUEST_ID_HEADER = { $ref: "#/components/headers/RequestId" };
const REPLAYED_HEADER = { $ref: "#/components/headers/IdempotentReplayed" };

/** Error codes the request body of a JSON POST can produce before any field is looked at. */
const BODY_ERROR_CODES: ErrorCode[] = ["invalid_json", "content_type_unsupported", "body_too_large", "parameter_missing", "parameter_unknown", "parameter_invalid"];
const IDEMPOTENCY_ERROR_CODES: ErrorCode[] = ["idempotency_key_invalid", "idempotency_key_reused"];
const NOT_PENDING_ERROR_CODES: ErrorCode[] = ["payout_link_already_claimed", "payout_link_already_completed", "payout_link_expired", "payout_link_cancelled"];

type OperationSpec = {
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  parameters?: JsonSchema[];
  requestBody?: JsonSchema;
  success: { status: number; description: string; schema: JsonSchema };
  errors: ErrorCode[];
  idempotent?: boolean;
  /** Claimant endpoints: no API key (the claim token is the credential). */
  public?: boolean;
  /** Where this operation answers a code with another status than its usual one. */
  statusOverrides?: Partial<Record<ErrorCode, number>>;
  /** Where this operation's message for a code is more specific than the code's usual one. */
  exampleMessages?: Partial<Record<ErrorCode, string>>;
};

function operation(spec: OperationSpec): JsonSchema {
  const headers: JsonSchema = spec.idempotent ? { "Request-Id": REQUEST_ID_HEADER, "Idempotent-Replayed": REPLAYED_HEADER } : { "Request-Id": REQUEST_ID_HEADER };
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: spec.description,
    ...(spec.parameters || spec.idempotent
      ? { parameters: [...(spec.parameters ?? []), ...(spec.idempotent ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : [])] }
      : {}),
    ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
    ...(spec.public ? { security: [] } : {}),
    responses: {
      [String(spec.success.status)]: {
        description: spec.success.description,
        headers,
        content: { "application/json": { schema: spec.success.schema } },
      },
      ...errorResponses(
        [...spec.errors, ...(spec.idempotent ? IDEMPOTENCY_ERROR_CODES : []), ...(spec.public ? ["internal_error" as const] : COMMON_ERROR_CODES)],
        headers,
        spec.statusOverrides,
        spec.exampleMessages,
      ),
    },
  };
}

/** Query parameters from a list query schema, in its output form (what the server acts on: `limit` is an integer). */
function queryParameters(components: SchemaComponents, query: z.core.$ZodType, items: string, more: Record<string, JsonSchema> = {}): JsonSchema[] {
  const json = components.convert(query, "output") as { properties: Record<string, JsonSchema>; required?: string[] };
  const extra: Record<string, JsonSchema> = {
    limit: {
      description: `How many ${items} to return, 1 to ${LIMITS.listMaxLimit}, written in digits. Defaults to ${LIMITS.listDefaultLimit}.`,
      schema: { default: LIMITS.listDefaultLimit },
    },
    ...more,
  };
  return Object.entries(json.properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    const more = extra[name] ?? {};
    return {
      name,
      in: "query",
      required: json.required?.includes(name) ?? false,
      description: (more.description as string | undefined) ?? description,
      schema: { ...rest, ...(more.schema as JsonSchema | undefined) },
    };
  });
}

const RECIPIENT_ID_PARAMETER = {
  name: "id",
  in: "path",
  required: true,
  description: "The recipient's `rcp_…` id, e.g. a claimed link's `recipient_id`.",
  schema: { type: "string", minLength: 1 },
};

const TRANSACTION_ID_PARAMETER = {
  name: "id",
  in: "path",
  required: true,
  description: "The transaction's `txn_…` id, e.g. a claimed link's `transaction_id`.",
  schema: { type: "string", minLength: 1 },
};

const WEBHOOK_ENDPOINT_ID_PARAMETER = {
  name: "id",
  in: "path",
  required: true,
  description: "The webhook endpoint's `we_…` id.",
  schema: { type: "string", minLength: 1 },
};

const FUNDING_SOURCE_ID_PARAMETER = {
  name: "id",
  in: "path",
  required: true,
  description: "The funding source's `fs_…` id.",
  schema: { type: "string", minLength: 1 },
};

const DEPOSIT_ID_PARAMETER = {
  name: "id",
  in: "path",
  required: true,
  description: "The deposit's `dep_…` id.",
  schema: { type: "string", minLength: 1 },
};

const WEBHOOK_DELIVERY_ID_PARAMETER = {
  name: "id",
  in: "path",
  required: true,
  description: "The delivery's `whd_…` id.",
  schema: { type: "string", minLength: 1 },
};

const EVENT_ID_PARAMETER = {
  name: "id",
  in: "path",
  required: true,
  description: "The event's `evt_…` id (the `webhook-id` header of its deliveries).",
  schema: { type: "string", minLength: 1 },
};

const TOKEN_PARAMETER = {
  name: "token",
  in: "path",
  required: true,
  description: "The claim token from the link's URL, or the link's `plink_…` id.",
  schema: { type: "string", minLength: 1 },
};

function buildBase(): Omit<OpenApiDocument, "servers"> {
  const components = new SchemaComponents();
  components.named("Error", ApiError, "output"); // referenced by every error response
  const data = (schema: z.core.$ZodType) => components.convert(z.object({ data: schema }), "output");
  const linkList = components.convert(PayoutLinkList, "output"); // a $ref: the schema carries its own id
  const recipientList = components.convert(RecipientList, "output");
  const transactionList = components.convert(TransactionList, "output");
  const webhookEndpointList = components.convert(WebhookEndpointList, "output");
  const eventList = components.convert(EventList, "output");
  const fundingSourceList = components.convert(FundingSourceList, "output");
  const depositList = components.convert(DepositList, "output");
  const webhookDeliveryList = components.convert(WebhookDeliveryList, "output");

  const paths: OpenApiDocument["paths"] = {
    "/treasury/payout-link/generate": {
      post: operation({
        operationId: "generatePayoutLink",
        tag: TAG_LINKS,
        summary: "Generate a payout link",
        description:
          "Creates a single-use link for `amount` and reserves that amount on the organisation's funding account. " +
          "Share the returned `url`; whoever opens it enters their bank details and is paid once. " +
          "Unknown fields are refused, and a refused request writes nothing.",
        requestBody: { required: true, content: { "application/json": { schema: components.convert(GeneratePayoutLinkInput, "input") } } },
        success: { status: 201, description: "The link was created.", schema: data(PayoutLink) },
        errors: [
          ...BODY_ERROR_CODES,
          "amount_invalid",
          "amount_too_large",
          "currency_unsupported",
          "description_invalid",
          "description_too_long",
          "expires_in_invalid",
          "metadata_invalid",
          "insufficient_funds",
        ],
        idempotent: true,
      }),
    },
    "/treasury/payout-link": {
      get: operation({
        operationId: "listPayoutLinks",
        tag: TAG_LINKS,
        summary: "List payout links",
        description: "The organisation's links, newest first, a page at a time. Unknown query parameters are refused.",
        parameters: queryParameters(components, ListPayoutLinksQuery, "links", {
          status: { description: "Only links that read as this status now (a pending link past its expiry is `expired`)." },
        }),
        success: { status: 200, description: "A page of links.", schema: linkList },
        errors: ["parameter_unknown", "parameter_invalid", "status_invalid", "limit_invalid", "cursor_invalid"],
        exampleMessages: { status_invalid: `status must be one of ${PAYOUT_LINK_STATUSES.join(", ")}.` },
      }),
    },
    "/treasury/payout-link/{token}": {
      get: operation({
        operationId: "getPayoutLink",
        tag: TAG_LINKS,
        summary: "Retrieve a payout link",
        description: "A link of another organisation is reported as not found.",
        parameters: [TOKEN_PARAMETER],
        success: { status: 200, description: "The link.", schema: data(PayoutLink) },
        errors: ["payout_link_not_found"],
      }),
    },
    "/treasury/payout-link/{token}/cancel": {
      post: operation({
        operationId: "cancelPayoutLink",
        tag: TAG_LINKS,
        summary: "Cancel a payout link",
        description:
          "Cancels a pending link and releases its reserved amount. No request body. " +
          "A link that is no longer pending gets a 409 naming the state it is in.",
        parameters: [TOKEN_PARAMETER],
        success: { status: 200, description: "The cancelled link.", schema: data(PayoutLink) },
        errors: ["payout_link_not_found", ...NOT_PENDING_ERROR_CODES],
        idempotent: true,
      }),
    },
    "/treasury/payout-link/{token}/submit": {
      post: operation({
        operationId: "submitClaim",
        tag: TAG_LINKS,
        summary: "Claim a payout link (claimant)",
        description:
          "Called by the claim page, not by operators: no API key, the claim token is the credential, and only requests " +
          "from the app's own origin are accepted. Exchanges the Plaid public token, records the recipient and the bank " +
          "account, and queues the payout. Of concurrent submits exactly one wins; the same submit retried (same " +
          "public_token) gets the original answer. Rate limited per IP and per token (429 with Retry-After).",
        parameters: [TOKEN_PARAMETER],
        requestBody: { required: true, content: { "application/json": { schema: components.convert(SubmitClaimInput, "input") } } },
        success: { status: 200, description: "The claim, with the account the money goes to (bank and last four digits).", schema: data(ClaimReceipt) },
        errors: [
          ...BODY_ERROR_CODES,
          "name_invalid",
          "email_invalid",
          "public_token_invalid",
          "account_not_found",
          "name_mismatch",
          "origin_not_allowed",
          "rate_limited",
          "bank_unavailable",
          "payout_link_not_found",
          "payout_link_already_claimed",
          "payout_link_expired",
          "payout_link_cancelled",
        ],
        public: true,
        statusOverrides: { payout_link_expired: 410 },
      }),
    },
    "/treasury/balance": {
      get: operation({
        operationId: "getBalance",
        tag: TAG_BALANCE,
        summary: "Retrieve the balance",
        description: "The organisation's funding account: what new links can draw on, what pending and claimed links hold, and what deposits on their way will add.",
        success: { status: 200, description: "The balance.", schema: data(Balance) },
        errors: [],
      }),
    },
    "/treasury/recipients": {
      get: operation({
        operationId: "listRecipients",
        tag: TAG_RECIPIENTS,
        summary: "List recipients",
        description:
          "The organisation's recipients (the people who claimed its links), newest first, a page at a time, each with the bank " +
          "accounts they connected. Unknown query parameters are refused.",
        parameters: queryParameters(components, ListRecipientsQuery, "recipients"),
        success: { status: 200, description: "A page of recipients.", schema: recipientList },
        errors: ["parameter_unknown", "parameter_invalid", "email_invalid", "limit_invalid", "cursor_invalid"],
      }),
    },
    "/treasury/recipients/{id}": {
      get: operation({
        operationId: "getRecipient",
        tag: TAG_RECIPIENTS,
        summary: "Retrieve a recipient",
        description:
          "A recipient with the bank accounts they connected: bank, account name and type, mask and routing number, never the " +
          "full account number. A recipient of another organisation is reported as not found.",
        parameters: [RECIPIENT_ID_PARAMETER],
        success: { status: 200, description: "The recipient.", schema: data(Recipient) },
        errors: ["parameter_unknown", "recipient_not_found"],
      }),
    },
    "/treasury/transactions": {
      get: operation({
        operationId: "listTransactions",
        tag: TAG_TRANSACTIONS,
        summary: "List transactions",
        description:
          "The organisation's transactions (today: the payouts of claimed links), newest first, a page at a time. " +
          "Filter by `status` or by `payout_link_id`. Unknown query parameters are refused.",
        parameters: queryParameters(components, ListTransactionsQuery, "transactions"),
        success: { status: 200, description: "A page of transactions.", schema: transactionList },
        errors: ["parameter_unknown", "parameter_invalid", "status_invalid", "limit_invalid", "cursor_invalid"],
        exampleMessages: { status_invalid: `status must be one of ${TRANSACTION_STATUSES.join(", ")}.` },
      }),
    },
    "/treasury/transactions/{id}": {
      get: operation({
        operationId: "getTransaction",
        tag: TAG_TRANSACTIONS,
        summary: "Retrieve a transaction",
        description:
          "A payout: its amount, status, rail and the rail's reference, failure reason and timestamps, and the ids of its link, " +
          "recipient and bank account (never an account number). A transaction of another organisation is reported as not found.",
        parameters: [TRANSACTION_ID_PARAMETER],
        success: { status: 200, description: "The transaction.", schema: data(Transaction) },
        errors: ["parameter_unknown", "transaction_not_found"],
      }),
    },
    "/treasury/webhook-endpoints": {
      post: operation({
        operationId: "createWebhookEndpoint",
        tag: TAG_WEBHOOKS,
        summary: "Create a webhook endpoint",
        description:
          "Registers a URL to receive the listed event types. The response shows the signing secret (`whsec_…`) once. " +
          "Each delivery is a POST of the event's JSON with Standard Webhooks headers: `webhook-id` (the event id, the same on " +
          "retries), `webhook-timestamp` and `webhook-signature`. A 2xx answer within 10 seconds counts as delivered; anything " +
          "else (including a redirect) is retried with exponential backoff and jitter for at least 24 hours. Deliveries are not " +
          "ordered. The URL must be https, at most 2000 characters, without credentials, and not resolve to a loopback, private " +
          "or link-local address (checked again at every delivery).",
        requestBody: { required: true, content: { "application/json": { schema: components.convert(CreateWebhookEndpointInput, "input") } } },
        success: { status: 201, description: "The endpoint, with its signing secret (shown only now).", schema: data(WebhookEndpointWithSecret) },
        errors: [...BODY_ERROR_CODES, "url_invalid", "event_type_invalid"],
        // The replayed response carries the same secret; it is stored encrypted, never in clear.
        idempotent: true,
      }),
      get: operation({
        operationId: "listWebhookEndpoints",
        tag: TAG_WEBHOOKS,
        summary: "List webhook endpoints",
        description: "The organisation's endpoints (not deleted ones), newest first, without their secrets.",
        parameters: queryParameters(components, ListWebhookEndpointsQuery, "endpoints"),
        success: { status: 200, description: "A page of endpoints.", schema: webhookEndpointList },
        errors: ["parameter_unknown", "parameter_invalid", "limit_invalid", "cursor_invalid"],
      }),
    },
    "/treasury/webhook-endpoints/{id}": {
      get: operation({
        operationId: "getWebhookEndpoint",
        tag: TAG_WEBHOOKS,
        summary: "Retrieve a webhook endpoint",
        description: "An endpoint, without its secret. A deleted endpoint, or one of another organisation, is reported as not found.",
        parameters: [WEBHOOK_ENDPOINT_ID_PARAMETER],
        success: { status: 200, description: "The endpoint.", schema: data(WebhookEndpoint) },
        errors: ["parameter_unknown", "webhook_endpoint_not_found"],
      }),
      delete: operation({
        operationId: "deleteWebhookEndpoint",
        tag: TAG_WEBHOOKS,
        summary: "Delete a webhook endpoint",
        description: "Stops all deliveries to the endpoint, including retries still pending. Events stay listed under /treasury/events.",
        parameters: [WEBHOOK_ENDPOINT_ID_PARAMETER],
        success: { status: 200, description: "The deleted endpoint.", schema: data(WebhookEndpoint) },
        errors: ["parameter_unknown", "webhook_endpoint_not_found"],
      }),
    },
    "/treasury/webhook-endpoints/{id}/rotate-secret": {
      post: operation({
        operationId: "rotateWebhookEndpointSecret",
        tag: TAG_WEBHOOKS,
        summary: "Rotate a webhook endpoint's secret",
        description: "Replaces the signing secret; the next delivery attempt is signed with the new one. No request body. The new secret is shown only in this response.",
        parameters: [WEBHOOK_ENDPOINT_ID_PARAMETER],
        success: { status: 200, description: "The endpoint with its new secret.", schema: data(WebhookEndpointWithSecret) },
        errors: ["parameter_unknown", "webhook_endpoint_not_found"],
        idempotent: true,
      }),
    },
    "/treasury/webhook-endpoints/{id}/deliveries": {
      get: operation({
        operationId: "listWebhookDeliveries",
        tag: TAG_WEBHOOKS,
        summary: "List an endpoint's deliveries",
        description:
          "The delivery log: one delivery per event sent to this endpoint, newest first, with its status, attempt count and last " +
          "result. Filter by `status`, `event_id` or `event_type`. Each delivery's attempts are at /treasury/webhook-deliveries/{id}.",
        parameters: [WEBHOOK_ENDPOINT_ID_PARAMETER, ...queryParameters(components, ListWebhookDeliveriesQuery, "deliveries")],
        success: { status: 200, description: "A page of deliveries.", schema: webhookDeliveryList },
        errors: ["parameter_unknown", "parameter_invalid", "status_invalid", "event_type_invalid", "limit_invalid", "cursor_invalid", "webhook_endpoint_not_found"],
      }),
    },
    "/treasury/webhook-endpoints/{id}/replay": {
      post: operation({
        operationId: "replayWebhookEvents",
        tag: TAG_WEBHOOKS,
        summary: "Re-send events to an endpoint",
        description:
          "For recovering from an outage on your side. Either `event_ids` (re-send exactly these, delivered ones included), or a " +
          `window \`since\`–\`until\` of at most ${REPLAY_LIMITS.maxWindowDays} days: every event in it whose delivery failed or is ` +
          "waiting for a retry (`include_delivered: true` adds delivered ones). Only events of types the endpoint is subscribed to " +
          "and that happened after it was created. Each delivery is put back to pending with its next attempt now, keeping its " +
          `attempt history and its \`webhook-id\` (the event id: deduplicate on it). At most ${REPLAY_LIMITS.maxEvents} events per ` +
          "replay: a larger window is refused and nothing is queued. Repeating a replay queues nothing twice.",
        parameters: [WEBHOOK_ENDPOINT_ID_PARAMETER],
        requestBody: { required: true, content: { "application/json": { schema: components.convert(ReplayWebhookEventsInput, "input") } } },
        success: { status: 200, description: "How many deliveries were queued.", schema: data(WebhookReplay) },
        errors: [
          ...BODY_ERROR_CODES,
          "event_ids_invalid",
          "replay_window_invalid",
          "replay_too_large",
          "event_not_found",
          "event_not_replayable",
          "webhook_endpoint_not_found",
        ],
        idempotent: true,
      }),
    },
    "/treasury/webhook-endpoints/{id}/test": {
      post: operation({
        operationId: "sendTestWebhookEvent",
        tag: TAG_WEBHOOKS,
        summary: "Send a test event",
        description:
          "Sends a `webhook.test` event to this endpoint only, through the same signed, retried and logged delivery as every " +
          "event. No request body. Follow the returned delivery at /treasury/webhook-deliveries/{id}. At most 10 per " +
          "endpoint per minute (429 `rate_limited` with Retry-After; a refusal is not kept under an Idempotency-Key).",
        parameters: [WEBHOOK_ENDPOINT_ID_PARAMETER],
        success: { status: 201, description: "The queued delivery.", schema: data(WebhookDelivery) },
        errors: ["parameter_unknown", "webhook_endpoint_not_found", "rate_limited"],
        idempotent: true,
      }),
    },
    "/treasury/webhook-deliveries/{id}": {
      get: operation({
        operationId: "getWebhookDelivery",
        tag: TAG_WEBHOOKS,
        summary: "Retrieve a delivery with its attempts",
        description:
          "A delivery and every attempt: attempt number, HTTP status, latency, the start of the response body or the error. " +
          "Deliveries of deleted endpoints stay readable. A delivery of another organisation is reported as not found.",
        parameters: [WEBHOOK_DELIVERY_ID_PARAMETER],
        success: { status: 200, description: "The delivery.", schema: data(WebhookDeliveryWithAttempts) },
        errors: ["parameter_unknown", "webhook_delivery_not_found"],
      }),
    },
    "/treasury/webhook-deliveries/{id}/retry": {
      post: operation({
        operationId: "retryWebhookDelivery",
        tag: TAG_WEBHOOKS,
        summary: "Retry a delivery now",
        description:
          "Puts the delivery back to pending with its next attempt now, whatever its status (a delivered one is sent again), " +
          "keeping its attempt history; a new 24-hour retry window starts. One being attempted at this moment is left alone. No request body.",
        parameters: [WEBHOOK_DELIVERY_ID_PARAMETER],
        success: { status: 200, description: "The delivery, pending.", schema: data(WebhookDelivery) },
        errors: ["parameter_unknown", "webhook_delivery_not_found", "webhook_endpoint_deleted"],
        idempotent: true,
      }),
    },
    "/treasury/events": {
      get: operation({
        operationId: "listEvents",
        tag: TAG_EVENTS,
        summary: "List events",
        description:
          "Everything that happened to the organisation's links and payouts, newest first, whether or not any webhook endpoint " +
          "was listening: reconcile from here when webhooks were missed. Filter by `type`.",
        parameters: queryParameters(components, ListEventsQuery, "events"),
        success: { status: 200, description: "A page of events.", schema: eventList },
        errors: ["parameter_unknown", "parameter_invalid", "event_type_invalid", "limit_invalid", "cursor_invalid"],
      }),
    },
    "/treasury/events/{id}": {
      get: operation({
        operationId: "getEvent",
        tag: TAG_EVENTS,
        summary: "Retrieve an event",
        description: "The event exactly as it is delivered to webhook endpoints. An event of another organisation is reported as not found.",
        parameters: [EVENT_ID_PARAMETER],
        success: { status: 200, description: "The event.", schema: data(Event) },
        errors: ["parameter_unknown", "event_not_found"],
      }),
    },
  };

  paths["/treasury/funding-sources/link-token"] = {
    post: operation({
      operationId: "createFundingLinkToken",
      tag: TAG_FUNDING,
      summary: "Create a Link token for a funding account",
      description:
        "A Plaid Link token for the operator to connect the organisation's own bank account (or, without Plaid keys, the " +
        "built-in sandbox bank's Link: `sandbox` is true). Pass Link's `public_token` and chosen account to " +
        "`POST /treasury/funding-sources`. No request body.",
      success: { status: 201, description: "The Link token.", schema: data(FundingLinkToken) },
      errors: ["parameter_unknown", "rate_limited", "bank_unavailable"],
    }),
  };
  paths["/treasury/funding-sources"] = {
    post: operation({
      operationId: "linkFundingSource",
      tag: TAG_FUNDING,
      summary: "Link a funding account",
      description:
        "Exchanges the public token from Link and stores the chosen account as a funding source: bank, mask and routing number " +
        "are shown, the account number and the Plaid access token are kept encrypted. The public token is single use, so a " +
        "repeated request fails with `public_token_invalid` instead of linking twice.",
      requestBody: { required: true, content: { "application/json": { schema: components.convert(LinkFundingSourceInput, "input") } } },
      success: { status: 201, description: "The funding source.", schema: data(FundingSource) },
      errors: [...BODY_ERROR_CODES, "public_token_invalid", "account_not_found", "rate_limited", "bank_unavailable"],
    }),
    get: operation({
      operationId: "listFundingSources",
      tag: TAG_FUNDING,
      summary: "List funding accounts",
      description: "The organisation's linked funding sources (not removed ones), newest first.",
      parameters: queryParameters(components, ListFundingSourcesQuery, "funding sources"),
      success: { status: 200, description: "A page of funding sources.", schema: fundingSourceList },
      errors: ["parameter_unknown", "parameter_invalid", "limit_invalid", "cursor_invalid"],
    }),
  };
  paths["/treasury/funding-sources/{id}"] = {
    delete: operation({
      operationId: "removeFundingSource",
      tag: TAG_FUNDING,
      summary: "Remove a funding account",
      description:
        "No more deposits can be made from it; deposits already on their way finish. Another organisation's, an unknown or an " +
        "already removed funding source is not found.",
      parameters: [FUNDING_SOURCE_ID_PARAMETER],
      success: { status: 200, description: "The removed funding source.", schema: data(FundingSource) },
      errors: ["parameter_unknown", "funding_source_not_found"],
    }),
  };
  paths["/treasury/deposits"] = {
    post: operation({
      operationId: "createDeposit",
      tag: TAG_FUNDING,
      summary: "Add funds",
      description:
        "On the sandbox rail the deposit is credited to `available` at once (`sandbox: true`; no money moves). On the " +
        "plaid-transfer rail it is an ACH debit of `funding_source_id` (required): the deposit is `pending` (and counted in " +
        "the balance's `pending`) until the transfer's funds are available, then `succeeded` and credited; a declined, failed " +
        "or returned debit ends `failed` with nothing credited. `deposit.succeeded` / `deposit.failed` events follow. " +
        "At most 10,000,000 cents ($100,000.00) per deposit. Unknown fields are refused, and a refused request writes nothing.",
      requestBody: { required: true, content: { "application/json": { schema: components.convert(CreateDepositInput, "input") } } },
      success: { status: 201, description: "The deposit.", schema: data(Deposit) },
      errors: [...BODY_ERROR_CODES, "amount_invalid", "amount_too_large", "currency_unsupported", "description_invalid", "description_too_long", "funding_source_not_found", "funding_source_required"],
      idempotent: true,
    }),
    get: operation({
      operationId: "listDeposits",
      tag: TAG_FUNDING,
      summary: "List deposits",
      description: "The organisation's deposits, newest first, a page at a time. Filter by `status`.",
      parameters: queryParameters(components, ListDepositsQuery, "deposits"),
      success: { status: 200, description: "A page of deposits.", schema: depositList },
      errors: ["parameter_unknown", "parameter_invalid", "status_invalid", "limit_invalid", "cursor_invalid"],
      exampleMessages: { status_invalid: `status must be one of ${DEPOSIT_STATUSES.join(", ")}.` },
    }),
  };
  paths["/treasury/deposits/{id}"] = {
    get: operation({
      operationId: "getDeposit",
      tag: TAG_FUNDING,
      summary: "Retrieve a deposit",
      description: "A deposit of another organisation is reported as not found.",
      parameters: [DEPOSIT_ID_PARAMETER],
      success: { status: 200, description: "The deposit.", schema: data(Deposit) },
      errors: ["parameter_unknown", "deposit_not_found"],
    }),
  };

  return {
    openapi: "3.1.0",
    info: {
      title: "Payout Links API",
      version: packageJson.version,
      description:
        "Pay someone once without knowing their bank details: generate a single-use link, share it, and the recipient claims it. " +
        "Amounts are integer cents (USD). Successful responses are `{ \"data\": … }`; errors are `{ \"error\": { type, code, message, param?, request_id } }`.",
    },
    security: [{ ApiKey: [] }],
    tags: [
      { name: TAG_LINKS, description: "Single-use links that pay their claimant." },
      { name: TAG_BALANCE, description: "The funding account links draw on." },
      { name: TAG_RECIPIENTS, description: "The people who claimed links, and the bank accounts they connected." },
      { name: TAG_TRANSACTIONS, description: "The money movements behind claimed links: each payout and where it stands." },
      { name: TAG_WEBHOOKS, description: "Where events are sent, signed with Standard Webhooks signatures." },
      { name: TAG_EVENTS, description: "What happened, as delivered to webhook endpoints." },
      { name: TAG_FUNDING, description: "The organisation's own bank account, and deposits that fund the balance." },
    ],
    paths,
    components: {
      schemas: components.schemas,
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "Makes a retry safe: the same key with the same request replays the first response (for 24 hours), " +
            "the same key with a different request is refused with `idempotency_key_reused`. 1 to 255 printable ASCII characters, no spaces.",
          schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[!-~]{1,255}$" },
        },
      },
      headers: {
        RequestId: {
          description: "Identifies this request (same as `error.request_id`); quote it to support.",
          schema: { type: "string", examples: ["req_8fJ2kQ9xL3mN"] },
        },
        IdempotentReplayed: {
          description: "`true` when this response is a replay of the first response to the same Idempotency-Key; absent otherwise.",
          schema: { type: "string", const: "true" },
        },
      },
      securitySchemes: {
        ApiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key with the `treasury` capability: `Authorization: Bearer sk_test_…` or `sk_live_…`.",
        },
      },
    },
  };
}

let base: Omit<OpenApiDocument, "servers"> | undefined;

/** The document for a server at `serverUrl` (e.g. the request's origin). Treat it as read-only: parts are shared between calls. */
export function buildOpenApiDocument(options: { serverUrl: string }): OpenApiDocument {
  base ??= buildBase();
  const { openapi, info, ...rest } = base;
  return { openapi, info, servers: [{ url: options.serverUrl }], ...rest };
}

const HOST_HEADER = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/i;

/**
 * The origin the client used to reach us: the Host header, with the scheme of `req.url` (where
 * Next applies X-Forwarded-Proto). `req.url` alone will not do: `next start` reports
 * `localhost:<port>` there whatever host was asked for. X-Forwarded-Host is not trusted.
 */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get("host");
  return host && HOST_HEADER.test(host) ? `${url.protocol}//${host.toLowerCase()}` : url.origin;
}
