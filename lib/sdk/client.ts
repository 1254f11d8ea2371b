// The typed client for the operator API. Isomorphic: runs in a browser or Node >= 20 with the global
// fetch; no server imports (the API's shapes come in as types only).
import type { z } from "zod";
import type { Balance, GeneratePayoutLinkInput, ListPayoutLinksQuery, PayoutLink, PayoutLinkList } from "../payout-links/schemas";
import type { ListRecipientsQuery, Recipient, RecipientList } from "../recipients/schemas";
import type { ListTransactionsQuery, Transaction, TransactionList } from "../transactions/schemas";
import type { CreateDepositInput, Deposit, DepositList, FundingSourceList, ListDepositsQuery, ListFundingSourcesQuery } from "../funding/schemas";
import type {
  CreateWebhookEndpointInput,
  Event,
  EventList,
  ListEventsQuery,
  ListWebhookDeliveriesQuery,
  ListWebhookEndpointsQuery,
  ReplayWebhookEventsInput,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryWithAttempts,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
  WebhookReplay,
} from "../webhooks/schemas";
import { PayoutLinksError, errorFromResponse, invalidResponseError, networkError, timeoutError } from "./errors";

/** What `generatePayoutLink` accepts: the request schema's input side (amount in USD cents). */
export type GeneratePayoutLinkParams = z.input<typeof GeneratePayoutLinkInput>;
/** Filters and paging for `listPayoutLinks`: `limit` is 1–100 (default 20), `starting_after` a `plink_…` id. */
export type ListPayoutLinksParams = ListPayoutLinksQuery;
/** One page of links, newest first. Pass `next_cursor` as `starting_after` for the next page. */
export type { PayoutLinkList } from "../payout-links/schemas";
/**
 * Filters and paging for `listRecipients`: `email` (exact, ignoring case), `limit` 1–100 (default
 * 20), `starting_after` an `rcp_…` id.
 */
export type ListRecipientsParams = ListRecipientsQuery;
/** One page of recipients, newest first. Pass `next_cursor` as `starting_after` for the next page. */
export type { RecipientList } from "../recipients/schemas";
/**
 * Filters and paging for `listTransactions`: `status`, `payout_link_id` (a `plink_…` id), `limit`
 * 1–100 (default 20), `starting_after` a `txn_…` id.
 */
export type ListTransactionsParams = ListTransactionsQuery;
/** One page of transactions, newest first. Pass `next_cursor` as `starting_after` for the next page. */
export type { TransactionList } from "../transactions/schemas";
/** What `createDeposit` accepts: `amount` in USD cents, `funding_source_id` an `fs_…` id. */
export type CreateDepositParams = z.input<typeof CreateDepositInput>;
/** Filters and paging for `listDeposits`: `status`, `limit` 1–100 (default 20), `starting_after` a `dep_…` id. */
export type ListDepositsParams = ListDepositsQuery;
/** One page of deposits, newest first. Pass `next_cursor` as `starting_after` for the next page. */
export type { DepositList } from "../funding/schemas";
/** Paging for `listFundingSources`: `limit` 1–100 (default 20), `starting_after` an `fs_…` id. */
export type ListFundingSourcesParams = ListFundingSourcesQuery;
export type { FundingSourceList } from "../funding/schemas";
export type DataResponse<T> = { data: T };
/** What `createWebhookEndpoint` accepts: `url` and the `enabled_events` to send there. */
export type CreateWebhookEndpointParams = CreateWebhookEndpointInput;
/** Paging for `listWebhookEndpoints`: `limit` 1–100 (default 20), `starting_after` a `we_…` id. */
export type ListWebhookEndpointsParams = Omit<ListWebhookEndpointsQuery, "limit"> & { limit?: number };
/** Filters and paging for `listWebhookDeliveries`: `status`, `event_id`, `event_type`, `limit`, `starting_after` (a `whd_…` id). */
export type ListWebhookDeliveriesParams = Omit<ListWebhookDeliveriesQuery, "limit"> & { limit?: number };
/** `{ event_ids }`, or a window `{ since, until?, include_delivered? }` (ISO-8601, at most 7 days). */
export type ReplayWebhookEventsParams = ReplayWebhookEventsInput;
/** Filters and paging for `listEvents`: `type`, `limit`, `starting_after` (an `evt_…` id). */
export type ListEventsParams = Omit<ListEventsQuery, "limit"> & { limit?: number };
export type {
  Event,
  EventList,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryWithAttempts,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
  WebhookReplay,
} from "../webhooks/schemas";

export type ClientOptions = {
  /** A secret key, `sk_test_…` or `sk_live_…`, with the treasury capability. */
  apiKey: string;
  /** Where the app is served, e.g. `https://payouts.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Retries after the first attempt, on network errors, timeouts, 5xx and 429. Default 2. */
  maxRetries?: number;
  /** Per attempt, including reading the body. Default 30 000 ms. */
  timeoutMs?: number;
  /** First backoff step; attempt n waits a random time in [base·2ⁿ/2, base·2ⁿ], capped at 8 s. Default 500 ms. */
  retryBaseDelayMs?: number;
};

export type RequestOptions = {
  /** Aborting rejects with the signal's reason (as fetch does) and stops any further retries. */
  signal?: AbortSignal;
  maxRetries?: number;
  timeoutMs?: number;
};

export type MutationOptions = RequestOptions & {
  /**
   * Sent as `Idempotency-Key`. Pass your own (e.g. derived from your order id) to make a call safe to
   * repeat across process restarts; otherwise each call gets a fresh UUID, reused by its own retries.
   */
  idempotencyKey?: string;
};

/**
 * A list method: one page resolves `{ data, has_more, next_cursor }`; `.all()` iterates every item
 * across pages, newest first, fetching the next page (via `starting_after`) only when the previous
 * one is used up; `query.limit` is the page size.
 *
 *   for await (const link of client.listPayoutLinks.all({ status: "pending" })) { … }
 */
export interface ListMethod<Q, T> {
  (query?: Q, options?: RequestOptions): Promise<{ data: T[]; has_more: boolean; next_cursor: string | null }>;
  all(query?: Q, options?: RequestOptions): AsyncGenerator<T, void, undefined>;
}

export type ListPayoutLinks = ListMethod<ListPayoutLinksParams, PayoutLink>;
export type ListRecipients = ListMethod<ListRecipientsParams, Recipient>;
export type ListTransactions = ListMethod<ListTransactionsParams, Transaction>;
export type ListDeposits = ListMethod<ListDepositsParams, Deposit>;

/** Like ListMethod, for a list that belongs to one parent (an endpoint's deliveries). */
export interface ChildListMethod<Q, T> {
  (parentId: string, query?: Q, options?: RequestOptions): Promise<{ data: T[]; has_more: boolean; next_cursor: string | null }>;
  all(parentId: string, query?: Q, options?: RequestOptions): AsyncGenerator<T, void, undefined>;
}

export interface PayoutLinksClient {
  /** POST /treasury/payout-link/generate. Holds `amount` from the funding balance. */
  generatePayoutLink(input: GeneratePayoutLinkParams, options?: MutationOptions): Promise<DataResponse<PayoutLink>>;
  /** GET /treasury/payout-link/{tokenOrId}: the claim token from the URL or the `plink_…` id. */
  getPayoutLink(tokenOrId: string, options?: RequestOptions): Promise<DataResponse<PayoutLink>>;
  /** GET /treasury/payout-link. See `ListPayoutLinks` for the page and the `.all()` iterator. */
  listPayoutLinks: ListPayoutLinks;
  /** POST /treasury/payout-link/{tokenOrId}/cancel. Releases the hold. */
  cancelPayoutLink(tokenOrId: string, options?: MutationOptions): Promise<DataResponse<PayoutLink>>;
  /** GET /treasury/balance. */
  getBalance(options?: RequestOptions): Promise<DataResponse<Balance>>;
  /**
   * GET /treasury/recipients/{id}: an `rcp_…` id, e.g. a claimed link's `recipient_id`. The
   * recipient's bank accounts show bank, mask and routing number, never the account number.
   */
  getRecipient(id: string, options?: RequestOptions): Promise<DataResponse<Recipient>>;
  /** GET /treasury/recipients. See `ListRecipients` for the page and the `.all()` iterator. */
  listRecipients: ListRecipients;
  /**
   * GET /treasury/transactions/{id}: a `txn_…` id, e.g. a claimed link's `transaction_id`. The
   * payout's status, rail, rail reference and failure reason.
   */
  getTransaction(id: string, options?: RequestOptions): Promise<DataResponse<Transaction>>;
  /** GET /treasury/transactions. See `ListTransactions` for the page and the `.all()` iterator. */
  listTransactions: ListTransactions;
  /**
   * POST /treasury/deposits. On the sandbox rail it is credited at once (`sandbox: true`); on
   * plaid-transfer it debits `funding_source_id` and stays `pending` until the funds are available.
   */
  createDeposit(input: CreateDepositParams, options?: MutationOptions): Promise<DataResponse<Deposit>>;
  /** GET /treasury/deposits/{id}: a `dep_…` id. */
  getDeposit(id: string, options?: RequestOptions): Promise<DataResponse<Deposit>>;
  /** GET /treasury/deposits. See `ListDeposits` for the page and the `.all()` iterator. */
  listDeposits: ListDeposits;
  /** GET /treasury/funding-sources: the linked bank accounts deposits can come from (bank, mask, routing). */
  listFundingSources(query?: ListFundingSourcesParams, options?: RequestOptions): Promise<FundingSourceList>;
  /**
   * POST /treasury/webhook-endpoints. The response carries the signing secret (`whsec_…`), shown
   * only here. Safe to retry: the Idempotency-Key (yours or generated, reused by retries) makes the
   * server replay the same endpoint and secret instead of creating a second endpoint.
   */
  createWebhookEndpoint(input: CreateWebhookEndpointParams, options?: MutationOptions): Promise<DataResponse<WebhookEndpointWithSecret>>;
  /** GET /treasury/webhook-endpoints, newest first, without secrets; `.all()` iterates every page. */
  listWebhookEndpoints: ListMethod<ListWebhookEndpointsParams, WebhookEndpoint>;
  /** GET /treasury/webhook-endpoints/{id} (a `we_…` id). */
  getWebhookEndpoint(id: string, options?: RequestOptions): Promise<DataResponse<WebhookEndpoint>>;
  /** DELETE /treasury/webhook-endpoints/{id}: nothing more is sent to it, retries included. */
  deleteWebhookEndpoint(id: string, options?: RequestOptions): Promise<DataResponse<WebhookEndpoint>>;
  /** POST /treasury/webhook-endpoints/{id}/rotate-secret: the new secret, effective for the next attempt. */
  rotateWebhookEndpointSecret(id: string, options?: MutationOptions): Promise<DataResponse<WebhookEndpointWithSecret>>;
  /** GET /treasury/webhook-endpoints/{id}/deliveries: the delivery log, newest first; `.all(id)` iterates every page. */
  listWebhookDeliveries: ChildListMethod<ListWebhookDeliveriesParams, WebhookDelivery>;
  /** GET /treasury/webhook-deliveries/{id}: one delivery (`whd_…`) with every attempt. */
  getWebhookDelivery(id: string, options?: RequestOptions): Promise<DataResponse<WebhookDeliveryWithAttempts>>;
  /** POST /treasury/webhook-deliveries/{id}/retry: attempt it again now. */
  retryWebhookDelivery(id: string, options?: MutationOptions): Promise<DataResponse<WebhookDelivery>>;
  /** POST /treasury/webhook-endpoints/{id}/replay: re-send `event_ids`, or the undelivered events of a window. */
  replayWebhookEvents(endpointId: string, input: ReplayWebhookEventsParams, options?: MutationOptions): Promise<DataResponse<WebhookReplay>>;
  /** POST /treasury/webhook-endpoints/{id}/test: a `webhook.test` event to that endpoint only; resolves its pending delivery. */
  sendTestWebhookEvent(endpointId: string, options?: MutationOptions): Promise<DataResponse<WebhookDelivery>>;
  /** GET /treasury/events/{id} (an `evt_…` id, the `webhook-id` of its deliveries). */
  getEvent(id: string, options?: RequestOptions): Promise<DataResponse<Event>>;
  /** GET /treasury/events, newest first, optionally one `type`; `.all()` iterates every page. */
  listEvents: ListMethod<ListEventsParams, Event>;
}

const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRY_BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;
/** A Retry-After longer than this is not waited out: the error is thrown at once instead. */
const MAX_RETRY_AFTER_MS = 60_000;

type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; error: PayoutLinksError; retryable: boolean; retryAfterMs?: number };

type Call = {
  method: "GET" | "POST" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
  options?: MutationOptions;
};

export function createClient(options: ClientOptions): PayoutLinksClient {
  if (!options || typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
    throw new TypeError("createClient: apiKey is required (sk_test_… or sk_live_…)");
  }
  if (typeof options.baseUrl !== "string" || options.baseUrl.trim() === "") {
    throw new TypeError("createClient: baseUrl is required, e.g. https://payouts.example.com");
  }
  const apiKey = options.apiKey;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  // Looked up per call and never called as a method of another object: browsers throw
  // "Illegal invocation" when window.fetch is detached from window.
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const clientMaxRetries = nonNegativeInt(options.maxRetries, DEFAULT_MAX_RETRIES, "maxRetries");
  const clientTimeoutMs = positiveInt(options.timeoutMs, DEFAULT_TIMEOUT_MS, "timeoutMs");
  const retryBaseDelayMs = nonNegativeInt(options.retryBaseDelayMs, DEFAULT_RETRY_BASE_DELAY_MS, "retryBaseDelayMs");

  async function attempt<T>(call: Call, url: string, headers: Record<string, string>, payload: string | undefined, n: number): Promise<Attempt<T>> {
    const signal = call.options?.signal;
    const timeoutMs = positiveInt(call.options?.timeoutMs, clientTimeoutMs, "timeoutMs");
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      let res: Response;
      let text: string;
      try {
        res = await fetchImpl(url, { method: call.method, headers, body: payload, signal: controller.signal });
        text = await res.text();
      } catch (cause) {
        if (signal?.aborted) throw signal.reason;
        return { ok: false, retryable: true, error: timedOut ? timeoutError(timeoutMs, n) : networkError(cause, n) };
      }
      const requestId = res.headers.get("request-id") ?? undefined;
      if (res.ok) {
        const parsed = parseJson(text);
        // Every success body is `{ data: … }`; anything else is not our API answering.
        if (typeof parsed === "object" && parsed !== null && "data" in parsed) return { ok: true, value: parsed as T };
        return { ok: false, retryable: false, error: invalidResponseError(res.status, text, requestId) };
      }
      const retryable = res.status === 429 || res.status >= 500;
      return {
        ok: false,
        retryable,
        error: errorFromResponse(res.status, text, requestId),
        retryAfterMs: retryable ? parseRetryAfter(res.headers.get("retry-after")) : undefined,
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  async function request<T>(call: Call): Promise<T> {
    const signal = call.options?.signal;
    const maxRetries = nonNegativeInt(call.options?.maxRetries, clientMaxRetries, "maxRetries");
    const url = baseUrl + call.path + queryString(call.query);
    const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, Accept: "application/json" };
    let payload: string | undefined;
    if (call.body !== undefined) {
      payload = JSON.stringify(call.body);
      headers["Content-Type"] = "application/json";
    }
    // Chosen once, before the first attempt, so every retry carries the same key and the server
    // replays instead of acting twice.
    if (call.method === "POST") headers["Idempotency-Key"] = call.options?.idempotencyKey ?? newIdempotencyKey();

    for (let n = 0; ; n++) {
      if (signal?.aborted) throw signal.reason;
      const result = await attempt<T>(call, url, headers, payload, n + 1);
      if (result.ok) return result.value;
      if (!result.retryable || n >= maxRetries) throw result.error;
      let delay = backoffMs(n, retryBaseDelayMs);
      if (result.retryAfterMs !== undefined) {
        if (result.retryAfterMs > MAX_RETRY_AFTER_MS) throw result.error;
        delay = result.retryAfterMs;
      }
      await sleep(delay, signal);
    }
  }

  /** A list method for `path`: sends only `filters` (plus paging) as the query; `.all()` walks every page. */
  function listMethod<Q extends { limit?: number; starting_after?: string }, P extends Page<unknown>>(path: string, filters: readonly (keyof Q & string)[] = []) {
    const list = (query: Q = {} as Q, options?: RequestOptions) =>
      request<P>({ method: "GET", path, query: pageQuery(query, filters), options });
    const all = (query: Q = {} as Q, options?: RequestOptions) => allPages(list, query, options) as AsyncGenerator<P["data"][number], void, undefined>;
    return Object.assign(list, { all });
  }

  const listPayoutLinks: ListPayoutLinks = listMethod<ListPayoutLinksParams, PayoutLinkList>("/treasury/payout-link", ["status"]);
  const listRecipients: ListRecipients = listMethod<ListRecipientsParams, RecipientList>("/treasury/recipients", ["email"]);
  const listTransactions: ListTransactions = listMethod<ListTransactionsParams, TransactionList>("/treasury/transactions", ["status", "payout_link_id"]);
  const listDeposits: ListDeposits = listMethod<ListDepositsParams, DepositList>("/treasury/deposits", ["status"]);
  const listWebhookEndpoints: PayoutLinksClient["listWebhookEndpoints"] = listMethod<ListWebhookEndpointsParams, WebhookEndpointList>("/treasury/webhook-endpoints");
  const listEvents: PayoutLinksClient["listEvents"] = listMethod<ListEventsParams, EventList>("/treasury/events", ["type"]);

  // async, so a refused endpointId rejects like every other call instead of throwing synchronously.
  const listWebhookDeliveries = (async (endpointId: string, query: ListWebhookDeliveriesParams = {}, options?: RequestOptions) =>
    request<WebhookDeliveryList>({
      method: "GET",
      path: `/treasury/webhook-endpoints/${pathParam(endpointId, "endpointId", ENDPOINT_REFERENCE)}/deliveries`,
      query: pageQuery(query, ["status", "event_id", "event_type"]),
      options,
    })) as PayoutLinksClient["listWebhookDeliveries"];
  listWebhookDeliveries.all = (endpointId: string, query: ListWebhookDeliveriesParams = {}, options?: RequestOptions) =>
    allPages((q: ListWebhookDeliveriesParams, o?: RequestOptions) => listWebhookDeliveries(endpointId, q, o), query, options);

  const endpointPath = (id: string) => `/treasury/webhook-endpoints/${pathParam(id, "id", ENDPOINT_REFERENCE)}`;
  const deliveryPath = (id: string) => `/treasury/webhook-deliveries/${pathParam(id, "id", "a webhook delivery's whd_… id")}`;

  return {
    createWebhookEndpoint: (input, options) => request({ method: "POST", path: "/treasury/webhook-endpoints", body: input, options }),
    listWebhookEndpoints,
    getWebhookEndpoint: async (id, options) => request({ method: "GET", path: endpointPath(id), options }),
    deleteWebhookEndpoint: async (id, options) => request({ method: "DELETE", path: endpointPath(id), options }),
    rotateWebhookEndpointSecret: async (id, options) => request({ method: "POST", path: `${endpointPath(id)}/rotate-secret`, options }),
    listWebhookDeliveries,
    getWebhookDelivery: async (id, options) => request({ method: "GET", path: deliveryPath(id), options }),
    retryWebhookDelivery: async (id, options) => request({ method: "POST", path: `${deliveryPath(id)}/retry`, options }),
    replayWebhookEvents: async (endpointId, input, options) => request({ method: "POST", path: `${endpointPath(endpointId)}/replay`, body: input, options }),
    sendTestWebhookEvent: async (endpointId, options) => request({ method: "POST", path: `${endpointPath(endpointId)}/test`, options }),
    getEvent: async (id, options) => request({ method: "GET", path: `/treasury/events/${pathParam(id, "id", "an event's evt_… id")}`, options }),
    listEvents,
    generatePayoutLink: (input, options) =>
      request({ method: "POST", path: "/treasury/payout-link/generate", body: input, options }),
    getPayoutLink: async (tokenOrId, options) =>
      request({ method: "GET", path: `/treasury/payout-link/${pathParam(tokenOrId, "tokenOrId", LINK_REFERENCE)}`, options }),
    listPayoutLinks,
    cancelPayoutLink: async (tokenOrId, options) =>
      request({ method: "POST", path: `/treasury/payout-link/${pathParam(tokenOrId, "tokenOrId", LINK_REFERENCE)}/cancel`, options }),
    getBalance: (options) => request({ method: "GET", path: "/treasury/balance", options }),
    getRecipient: async (id, options) =>
      request({ method: "GET", path: `/treasury/recipients/${pathParam(id, "id", "a recipient's rcp_… id")}`, options }),
    listRecipients,
    getTransaction: async (id, options) =>
      request({ method: "GET", path: `/treasury/transactions/${pathParam(id, "id", "a transaction's txn_… id")}`, options }),
    listTransactions,
    createDeposit: (input, options) => request({ method: "POST", path: "/treasury/deposits", body: input, options }),
    getDeposit: async (id, options) => request({ method: "GET", path: `/treasury/deposits/${pathParam(id, "id", "a deposit's dep_… id")}`, options }),
    listDeposits,
    listFundingSources: (query = {}, options) => request({ method: "GET", path: "/treasury/funding-sources", query: pageQuery(query, []), options }),
  };
}

type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

/** The query string of a list call: the named filters and the paging fields, nothing else the caller's object holds. */
function pageQuery<Q extends { limit?: number; starting_after?: string }>(query: Q, filters: readonly (keyof Q & string)[]): Call["query"] {
  const picked: NonNullable<Call["query"]> = {};
  for (const name of filters) picked[name] = query[name] as string | number | undefined;
  return { ...picked, limit: query.limit, starting_after: query.starting_after };
}

/** Every item of a cursor-paginated list, fetching the next page only when the previous one is used up. */
async function* allPages<Q extends { starting_after?: string }, T>(
  list: (query: Q, options?: RequestOptions) => Promise<Page<T>>,
  query: Q,
  options: RequestOptions | undefined,
): AsyncGenerator<T, void, undefined> {
  let cursor = query.starting_after;
  for (;;) {
    const page = await list({ ...query, starting_after: cursor }, options);
    yield* page.data;
    // A server that repeats its cursor would loop forever; stop instead.
    if (!page.has_more || !page.next_cursor || page.next_cursor === cursor) return;
    cursor = page.next_cursor;
  }
}

const LINK_REFERENCE = "a payout link's token or plink_… id";
const ENDPOINT_REFERENCE = "a webhook endpoint's we_… id";

function nonNegativeInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`${name} must be a non-negative integer`);
  return value;
}

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer`);
  return value;
}

/**
 * One path segment. Empty, "." and ".." are refused: they would address another route (URL parsing
 * resolves dot segments even when percent-encoded), e.g. "" would turn a GET of one link into the list.
 */
function pathParam(value: string, name: string, expected: string): string {
  if (typeof value !== "string" || value === "" || value === "." || value === "..") {
    throw new TypeError(`${name} must be ${expected}`);
  }
  return encodeURIComponent(value);
}

function queryString(query: Call["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Exponential backoff with jitter (half fixed, half random) so many clients do not retry in step. */
function backoffMs(retry: number, baseMs: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** retry);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === "function") return c.randomUUID();
  // randomUUID needs a secure context in browsers; getRandomValues does not. Same v4 layout.
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
