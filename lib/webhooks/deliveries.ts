import "server-only";
import type { Prisma, WebhookDelivery as DeliveryRow, WebhookDeliveryAttempt as AttemptRow } from "../db/generated/client";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { pageTake, toPage } from "../http/cursor-page";
import { parsePublicId, publicId } from "../ids";
import { findEndpoint } from "./endpoints";
import type {
  AnyEventType,
  ListWebhookDeliveriesQuery,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryList,
  WebhookDeliveryWithAttempts,
} from "./schemas";

/** The delivery log: one row per (event, endpoint), with every attempt in webhook_delivery_attempts. */

export const DELIVERY_INCLUDE = { event: { select: { type: true } } } as const;
type DeliveryWithType = DeliveryRow & { event: { type: string } };

/** How many attempts one delivery shows; a delivery replayed many times keeps its whole history in the table. */
const MAX_ATTEMPTS_SHOWN = 100;

export function serializeWebhookDelivery(row: DeliveryWithType): WebhookDelivery {
  return {
    id: publicId("webhookDelivery", row.id),
    object: "webhook_delivery",
    endpoint_id: publicId("webhookEndpoint", row.endpointId),
    event_id: publicId("event", row.eventId),
    event_type: row.event.type as AnyEventType,
    status: row.status,
    attempt_count: row.attemptCount,
    next_attempt_at: row.status === "pending" ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    last_status_code: row.lastStatusCode,
    last_error: row.lastError,
    delivered_at: row.deliveredAt?.toISOString() ?? null,
    replayed_at: row.replayedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

export function serializeWebhookDeliveryAttempt(row: AttemptRow): WebhookDeliveryAttempt {
  return {
    attempt: row.attempt,
    status_code: row.statusCode,
    latency_ms: row.latencyMs,
    response_excerpt: row.response,
    error: row.error,
    created_at: row.createdAt.toISOString(),
  };
}

/** A delivery of one of the organisation's endpoints (deleted ones included: the log is kept), by its `whd_…` id. */
export async function findDelivery(db: DbOrTx, organizationId: string, reference: string): Promise<DeliveryWithType & { endpoint: { disabledAt: Date | null } }> {
  const id = parsePublicId("webhookDelivery", reference);
  const row = id
    ? await db.webhookDelivery.findFirst({
        where: { id, endpoint: { organizationId } },
        include: { ...DELIVERY_INCLUDE, endpoint: { select: { disabledAt: true } } },
      })
    : null;
  if (!row) throw new AppError("webhook_delivery_not_found", { param: "id" });
  return row;
}

export async function getWebhookDelivery(db: DbOrTx, organizationId: string, reference: string): Promise<WebhookDeliveryWithAttempts> {
  const row = await findDelivery(db, organizationId, reference);
  const attempts = await db.webhookDeliveryAttempt.findMany({ where: { deliveryId: row.id }, orderBy: { id: "desc" }, take: MAX_ATTEMPTS_SHOWN });
  return { ...serializeWebhookDelivery(row), attempts: attempts.reverse().map(serializeWebhookDeliveryAttempt) };
}

/**
 * One endpoint's deliveries, newest first (by when the delivery was created: a replay re-queues the
 * same row, it does not add one), filtered by status, event or event type.
 */
export async function listWebhookDeliveries(
  db: DbOrTx,
  organizationId: string,
  endpointReference: string,
  query: ListWebhookDeliveriesQuery,
): Promise<WebhookDeliveryList> {
  const endpoint = await findEndpoint(db, organizationId, endpointReference);
  let before: string | undefined;
  if (query.starting_after !== undefined) {
    // The cursor must be a delivery of this very endpoint, so a foreign id is never confirmed to exist.
    const id = parsePublicId("webhookDelivery", query.starting_after);
    const owner = id ? await db.webhookDelivery.findUnique({ where: { id }, select: { endpointId: true } }) : null;
    if (!id || owner?.endpointId !== endpoint.id) throw new AppError("cursor_invalid", { param: "starting_after" });
    before = id;
  }
  const where: Prisma.WebhookDeliveryWhereInput = {
    endpointId: endpoint.id,
    ...(before ? { id: { lt: before } } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.event_id ? { eventId: parsePublicId("event", query.event_id) ?? "" } : {}),
    ...(query.event_type ? { event: { type: query.event_type } } : {}),
  };
  const rows = await db.webhookDelivery.findMany({ where, include: DELIVERY_INCLUDE, orderBy: { id: "desc" }, take: pageTake(query.limit) });
  return toPage(rows, query.limit, serializeWebhookDelivery);
}
