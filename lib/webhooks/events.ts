import "server-only";
import { cursorId, pageTake, toPage } from "../http/cursor-page";
import type { Event as EventRow, Prisma } from "../db/generated/client";
import type { DbOrTx, Tx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { newId, parsePublicId, publicId } from "../ids";
import type { PayoutLink } from "../payout-links/schemas";
import type { Transaction } from "../transactions/schemas";
import type { Deposit } from "../funding/schemas";
import { WEBHOOK_TEST_EVENT_TYPE, type AnyEventType, type Event, type EventList, type EventType, type ListEventsQuery } from "./schemas";

type EventData = { "payout_link.claimed": PayoutLink; "payout_link.completed": PayoutLink; "payout_link.expired": PayoutLink; "payout_link.cancelled": PayoutLink; "settlement.created": Transaction; "payout.failed": Transaction; "payout.returned": Transaction; "deposit.succeeded": Deposit; "deposit.failed": Deposit };

/**
 * The outbox: records an event INSIDE the transaction that makes the change it reports, with one
 * pending delivery per enabled endpoint of the organisation subscribed to its type. If that
 * transaction rolls back, there is no event and nothing is delivered; if it commits, the delivery
 * worker will deliver it. `data` is the object as the API serializes it, as of the change.
 */
export async function recordEvent<T extends EventType>(tx: Tx, input: { organizationId: string; type: T; data: EventData[T]; at?: Date }): Promise<string> {
  const id = newId(input.at?.getTime());
  await tx.event.create({
    data: { id, organizationId: input.organizationId, type: input.type, payload: input.data as unknown as Prisma.InputJsonValue, ...(input.at ? { createdAt: input.at } : {}) },
  });
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { organizationId: input.organizationId, disabledAt: null, enabledEvents: { has: input.type } },
    select: { id: true },
  });
  if (endpoints.length) {
    await tx.webhookDelivery.createMany({
      data: endpoints.map((e) => ({ id: newId(), eventId: id, endpointId: e.id, ...(input.at ? { nextAttemptAt: input.at, createdAt: input.at } : {}) })),
    });
  }
  return id;
}

/** The envelope, as listed by the API and as POSTed to endpoints (the raw body is JSON.stringify of this). */
export function serializeEvent(row: EventRow): Event {
  return {
    id: publicId("event", row.id),
    object: "event",
    type: row.type as AnyEventType,
    created_at: row.createdAt.toISOString(),
    data: { object: row.payload as unknown as Event["data"]["object"] },
  };
}

export async function getEvent(db: DbOrTx, organizationId: string, reference: string): Promise<Event> {
  const id = parsePublicId("event", reference);
  const row = id ? await db.event.findFirst({ where: { id, organizationId } }) : null;
  if (!row) throw new AppError("event_not_found", { param: "id" });
  return serializeEvent(row);
}

/** Newest first, optionally one type; the cursor is a key comparison on the ULID. */
export async function listEvents(db: DbOrTx, organizationId: string, query: ListEventsQuery): Promise<EventList> {
  const before = await cursorId("event", query.starting_after, organizationId, (id) =>
    db.event.findUnique({ where: { id }, select: { organizationId: true } }),
  );
  const rows = await db.event.findMany({
    // Test events are listed only when asked for, so reconciling from this list never meets one.
    where: { organizationId, ...(before ? { id: { lt: before } } : {}), type: query.type ?? { not: WEBHOOK_TEST_EVENT_TYPE } },
    orderBy: { id: "desc" },
    take: pageTake(query.limit),
  });
  return toPage(rows, query.limit, serializeEvent);
}
