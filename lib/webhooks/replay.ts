import "server-only";
import { Prisma } from "../db/generated/client";
import { inTransaction, type Tx, type DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { newId, parsePublicId, publicId } from "../ids";
import { DELIVERY_INCLUDE, findDelivery, serializeWebhookDelivery } from "./deliveries";
import { findEndpoint } from "./endpoints";
import { REPLAY_LIMITS, type ReplayWebhookEventsInput, type WebhookDelivery, type WebhookReplay } from "./schemas";

/*
 * Sending events again, for an operator recovering from an outage on their side (Stripe's "resend",
 * Svix's "recover"). A delivery is re-queued in place: status back to pending, next attempt now,
 * lease cleared, replayed_at = now (the worker's 24-hour retry window and backoff start over from
 * there) and attempts_before_replay = attempt_count; its attempt history is kept, and the
 * `webhook-id` stays the event id, so a receiver that already processed the event can recognise it.
 *
 * Both entry points re-queue in ONE transaction, with conditional updates that leave alone a
 * delivery being attempted right now (its lease is live: that attempt's outcome will be recorded),
 * so they are safe to repeat and to race with the worker and with each other: doing it twice leaves
 * the rows as doing it once does.
 */

const DAY_MS = 24 * 3_600_000;

/** A row a replay may re-queue: not being attempted right now (no live lease). */
const notInFlight = (at: Date) => Prisma.sql`(d.lease_expires_at IS NULL OR d.lease_expires_at <= ${at})`;

/**
 * Re-sends events to one endpoint: `event_ids` (exactly these, whatever their status), or every event
 * in `[since, until)` whose delivery is not delivered (failed, or pending a retry; delivered ones too
 * with `include_delivered`). Only events of types the endpoint is subscribed to and that happened
 * after it was created; at most REPLAY_LIMITS.maxEvents per replay, else nothing is queued.
 */
export async function replayWebhookEvents(
  db: DbOrTx,
  organizationId: string,
  endpointReference: string,
  input: ReplayWebhookEventsInput,
  at: Date = new Date(),
): Promise<WebhookReplay> {
  const window = input.event_ids ? null : replayWindow(input, at);
  if (input.event_ids && (input.since !== undefined || input.until !== undefined)) {
    throw new AppError("parameter_invalid", { param: input.since !== undefined ? "since" : "until", message: "Give either event_ids or a since/until window, not both." });
  }
  if (input.event_ids && input.include_delivered !== undefined) {
    throw new AppError("parameter_invalid", { param: "include_delivered", message: "include_delivered applies to a window; event_ids are always re-sent." });
  }
  return inTransaction(db, async (tx) => {
    const endpoint = await findEndpoint(tx, organizationId, endpointReference);
    const subscribed = Prisma.sql`e.organization_id = ${organizationId} AND e.type = ANY(${endpoint.enabledEvents}::text[]) AND e.created_at >= ${endpoint.createdAt}`;
    let candidates: { event_id: string; delivery_id: string | null }[];
    if (input.event_ids) {
      const ids = await checkEventIds(tx, organizationId, input.event_ids, endpoint);
      candidates = await tx.$queryRaw`
        SELECT e.id AS event_id, d.id AS delivery_id
        FROM events e LEFT JOIN webhook_deliveries d ON d.event_id = e.id AND d.endpoint_id = ${endpoint.id}
        WHERE e.id = ANY(${ids}::text[]) AND ${subscribed} AND (d.id IS NULL OR ${notInFlight(at)})
        ORDER BY e.id`;
    } else {
      const statuses = input.include_delivered ? ["failed", "pending", "delivered"] : ["failed", "pending"];
      // One more than the cap: finding it means the window is too large, and nothing is written.
      candidates = await tx.$queryRaw`
        SELECT e.id AS event_id, d.id AS delivery_id
        FROM events e LEFT JOIN webhook_deliveries d ON d.event_id = e.id AND d.endpoint_id = ${endpoint.id}
        WHERE ${subscribed} AND e.created_at >= ${window!.since} AND e.created_at < ${window!.until}
          AND (d.id IS NULL OR (d.status::text = ANY(${statuses}::text[]) AND ${notInFlight(at)}))
        ORDER BY e.id
        LIMIT ${REPLAY_LIMITS.maxEvents + 1}`;
      if (candidates.length > REPLAY_LIMITS.maxEvents) {
        throw new AppError("replay_too_large", {
          param: "since",
          message: `More than ${REPLAY_LIMITS.maxEvents} events in this window would be re-sent; replay a narrower window at a time.`,
        });
      }
    }
    const existing = candidates.flatMap((c) => (c.delivery_id ? [c.delivery_id] : []));
    const missing = candidates.flatMap((c) => (c.delivery_id ? [] : [c.event_id]));
    const requeued = existing.length ? await requeue(tx, existing, at) : 0;
    // An event with no delivery row for a subscribed endpoint (it committed while the endpoint was
    // being created) gets one now. `missing` is in event id order (both queries sort), so two
    // replays inserting the same rows wait on each other in one order, never in a cycle.
    const inserted = missing.length
      ? await tx.$executeRaw`
          INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, next_attempt_at, created_at, replayed_at)
          SELECT id, event_id, ${endpoint.id}, 'pending', ${at}, ${at}, ${at}
          FROM unnest(${missing.map(() => newId(at.getTime()))}::text[], ${missing}::text[]) AS m(id, event_id)
          ON CONFLICT (event_id, endpoint_id) DO NOTHING`
      : 0;
    return {
      object: "webhook_replay",
      endpoint_id: publicId("webhookEndpoint", endpoint.id),
      queued: requeued + inserted,
      since: window?.since.toISOString() ?? null,
      until: window?.until.toISOString() ?? null,
    };
  });
}

/** Retries one delivery now, whatever its status (a delivered one is sent again); one being attempted is left alone. */
export async function retryWebhookDelivery(db: DbOrTx, organizationId: string, reference: string, at: Date = new Date()): Promise<WebhookDelivery> {
  return inTransaction(db, async (tx) => {
    const row = await findDelivery(tx, organizationId, reference);
    if (row.endpoint.disabledAt) throw new AppError("webhook_endpoint_deleted", { param: "id" });
    await requeue(tx, [row.id], at);
    return serializeWebhookDelivery(await tx.webhookDelivery.findUniqueOrThrow({ where: { id: row.id }, include: DELIVERY_INCLUDE }));
  });
}

/**
 * The one conditional update both entry points make. Returns how many rows it re-queued.
 *
 * The rows are locked in id order first. A bare multi-row UPDATE locks them in the order its plan
 * reaches them, which for a sequential scan is where each row's latest version happens to sit on
 * disk; two replays of the same window whose statements began either side of a third one's commit
 * can then lock the same rows in opposite orders and deadlock (seen in CI). One global order makes
 * that impossible. The lock re-checks `notInFlight` against each row's latest version.
 */
async function requeue(tx: Tx, deliveryIds: string[], at: Date): Promise<number> {
  return tx.$executeRaw`
    WITH locked AS MATERIALIZED (
      SELECT d.id FROM webhook_deliveries d
      WHERE d.id = ANY(${deliveryIds}::text[]) AND ${notInFlight(at)}
      ORDER BY d.id
      FOR UPDATE
    )
    UPDATE webhook_deliveries d
    SET status = 'pending', next_attempt_at = ${at}, lease_owner = NULL, lease_expires_at = NULL, delivered_at = NULL,
        replayed_at = ${at}, attempts_before_replay = d.attempt_count
    FROM locked, webhook_endpoints w
    WHERE d.id = locked.id AND w.id = d.endpoint_id AND w.disabled_at IS NULL`;
}

function replayWindow(input: ReplayWebhookEventsInput, at: Date): { since: Date; until: Date } {
  if (input.since === undefined) {
    throw new AppError("parameter_missing", {
      param: "since",
      message: "Give event_ids, or a window starting at since (and ending at until, default now).",
    });
  }
  const since = new Date(input.since);
  const until = input.until !== undefined ? new Date(input.until) : at;
  if (since.getTime() >= until.getTime()) {
    throw new AppError("replay_window_invalid", { param: input.until !== undefined ? "until" : "since", message: "since must be before until (which defaults to now)." });
  }
  if (until.getTime() - since.getTime() > REPLAY_LIMITS.maxWindowDays * DAY_MS) {
    throw new AppError("replay_window_invalid", { param: "until", message: `A replay window spans at most ${REPLAY_LIMITS.maxWindowDays} days; replay a longer outage a window at a time.` });
  }
  return { since, until };
}

/** The internal ids of `eventIds`, each one of the organisation's events and replayable to `endpoint`. */
async function checkEventIds(tx: Tx, organizationId: string, eventIds: string[], endpoint: { enabledEvents: string[]; createdAt: Date }): Promise<string[]> {
  const ids = eventIds.map((ref, i) => {
    const id = parsePublicId("event", ref);
    if (!id) throw new AppError("event_not_found", { param: `event_ids.${i}`, message: `No such event: ${ref.slice(0, 64)}.` });
    return id;
  });
  const rows = await tx.event.findMany({ where: { id: { in: ids }, organizationId }, select: { id: true, type: true, createdAt: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  ids.forEach((id, i) => {
    const row = byId.get(id);
    if (!row) throw new AppError("event_not_found", { param: `event_ids.${i}`, message: `No such event: ${eventIds[i]}.` });
    if (!endpoint.enabledEvents.includes(row.type) || row.createdAt.getTime() < endpoint.createdAt.getTime()) {
      throw new AppError("event_not_replayable", { param: `event_ids.${i}` });
    }
  });
  return [...new Set(ids)];
}
