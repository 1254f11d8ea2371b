import "server-only";
import type { Prisma } from "../db/generated/client";
import { inTransaction, type DbOrTx } from "../db/transaction";
import { newId, publicId } from "../ids";
import { DELIVERY_INCLUDE, serializeWebhookDelivery } from "./deliveries";
import { findEndpoint } from "./endpoints";
import { WEBHOOK_TEST_EVENT_TYPE, type WebhookDelivery, type WebhookTest } from "./schemas";

/**
 * Sends a `webhook.test` event to one endpoint only (whatever it is subscribed to), through the same
 * path as every event: an events row and one webhook_deliveries row, delivered, signed, retried and
 * logged by the delivery worker. Returns the pending delivery, to follow with
 * GET /treasury/webhook-deliveries/{id}. The API route and the dashboard's "send test event" button
 * both call this.
 */
export async function sendTestWebhookEvent(db: DbOrTx, organizationId: string, endpointReference: string, at: Date = new Date()): Promise<WebhookDelivery> {
  return inTransaction(db, async (tx) => {
    const endpoint = await findEndpoint(tx, organizationId, endpointReference);
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
