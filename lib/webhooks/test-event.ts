import "server-only";
import type { Prisma } from "../db/generated/client";
import { inTransaction, type DbOrTx } from "../db/transaction";
import { enforceRateLimit, type RateLimitRule } from "../http/rate-limit";
import { newId, publicId } from "../ids";
import { DELIVERY_INCLUDE, serializeWebhookDelivery } from "./deliveries";
import { findEndpoint } from "./endpoints";
import { WEBHOOK_TEST_EVENT_TYPE, type WebhookDelivery, type WebhookTest } from "./schemas";

/**
 * Test events per endpoint: enough to debug a receiver by hand, too few for the button or the API to
 * be used to flood somebody's URL. The count lives in the database, so it holds across processes.
 */
export const TEST_EVENT_LIMIT: RateLimitRule = {
  name: "webhook_test_event",
  limit: 10,
  windowSeconds: 60,
  message: "At most 10 test events per endpoint per minute; wait for the next minute and try again.",
};

/**
 * Sends a `webhook.test` event to one endpoint only (whatever it is subscribed to), through the same
 * path as every event: an events row and one webhook_deliveries row, delivered, signed, retried and
 * logged by the delivery worker. Returns the pending delivery, to follow with
 * GET /treasury/webhook-deliveries/{id}. The API route and the dashboard's "send test event" button
 * both call this. At most TEST_EVENT_LIMIT per endpoint per minute (429 `rate_limited`).
 */
export async function sendTestWebhookEvent(db: DbOrTx, organizationId: string, endpointReference: string, at: Date = new Date()): Promise<WebhookDelivery> {
  return inTransaction(db, async (tx) => {
    const endpoint = await findEndpoint(tx, organizationId, endpointReference);
    // Counted in this transaction: a refused send rolls its own count back, an accepted one keeps it.
    await enforceRateLimit(tx, TEST_EVENT_LIMIT, endpoint.id, at.getTime());
    const eventId = newId(at.getTime());
    const payload: WebhookTest = {
      object: "webhook_test",
      endpoint_id: publicId("webhookEndpoint", endpoint.id),
      message: "A test event from Payout Links: if you can verify this signature, your endpoint is ready.",
    };
    await tx.event.create({
      data: { id: eventId, organizationId, type: WEBHOOK_TEST_EVENT_TYPE, payload: payload as unknown as Prisma.InputJsonValue, createdAt: at },
    });
    const delivery = await tx.webhookDelivery.create({
      data: { id: newId(at.getTime()), eventId, endpointId: endpoint.id, nextAttemptAt: at, createdAt: at },
      include: DELIVERY_INCLUDE,
    });
    return serializeWebhookDelivery(delivery);
  });
}
