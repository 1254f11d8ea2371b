import "server-only";
import { cursorId, pageTake, toPage } from "../http/cursor-page";
import { config } from "../config";
import { decrypt, encrypt } from "../crypto/encryption";
import { randomToken } from "../crypto/secrets";
import type { WebhookEndpoint as EndpointRow } from "../db/generated/client";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { newId, parsePublicId, publicId } from "../ids";
import type { CreateWebhookEndpointInput, EventType, ListWebhookEndpointsQuery, WebhookEndpoint, WebhookEndpointList, WebhookEndpointWithSecret } from "./schemas";
import { checkWebhookUrl } from "./url-safety";

/** A Standard Webhooks secret: `whsec_` and base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${Buffer.from(randomToken(32), "base64url").toString("base64")}`;
}

export function endpointSecret(row: Pick<EndpointRow, "secretCiphertext">): string {
  return decrypt(row.secretCiphertext);
}

export function serializeWebhookEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: publicId("webhookEndpoint", row.id),
    object: "webhook_endpoint",
    url: row.url,
    enabled_events: row.enabledEvents as EventType[],
    created_at: row.createdAt.toISOString(),
  };
}

export async function createWebhookEndpoint(
  db: DbOrTx,
  organizationId: string,
  input: CreateWebhookEndpointInput,
  options: { allowPrivate?: boolean } = {},
): Promise<WebhookEndpointWithSecret> {
  const url = await checkWebhookUrl(input.url, options.allowPrivate ?? config().allowPrivateWebhookUrls);
  const secret = newWebhookSecret();
  const row = await db.webhookEndpoint.create({
    data: {
      id: newId(),
      organizationId,
      url: url.toString(),
      enabledEvents: [...new Set(input.enabled_events)],
      secretCiphertext: encrypt(secret),
    },
  });
  return { ...serializeWebhookEndpoint(row), secret };
}

/** One of the organisation's endpoints by its `we_…` id; a deleted one is not found. */
export async function findEndpoint(db: DbOrTx, organizationId: string, reference: string): Promise<EndpointRow> {
  const id = parsePublicId("webhookEndpoint", reference);
  const row = id ? await db.webhookEndpoint.findFirst({ where: { id, organizationId, disabledAt: null } }) : null;
  if (!row) throw new AppError("webhook_endpoint_not_found", { param: "id" });
  return row;
}

export async function getWebhookEndpoint(db: DbOrTx, organizationId: string, reference: string): Promise<WebhookEndpoint> {
  return serializeWebhookEndpoint(await findEndpoint(db, organizationId, reference));
}

/** Newest first; deleted endpoints are not listed. */
export async function listWebhookEndpoints(db: DbOrTx, organizationId: string, query: ListWebhookEndpointsQuery): Promise<WebhookEndpointList> {
  const before = await cursorId("webhookEndpoint", query.starting_after, organizationId, (id) =>
    db.webhookEndpoint.findUnique({ where: { id }, select: { organizationId: true } }),
  );
  const rows = await db.webhookEndpoint.findMany({
    where: { organizationId, disabledAt: null, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: pageTake(query.limit),
  });
  return toPage(rows, query.limit, serializeWebhookEndpoint);
}

/**
 * Deletes an endpoint: it is disabled (kept for the delivery log) and gets no new deliveries; its
 * pending deliveries are given up by the delivery worker.
 */
export async function deleteWebhookEndpoint(db: DbOrTx, organizationId: string, reference: string): Promise<WebhookEndpoint> {
  const row = await findEndpoint(db, organizationId, reference);
  const { count } = await db.webhookEndpoint.updateMany({ where: { id: row.id, disabledAt: null }, data: { disabledAt: new Date() } });
  if (count !== 1) throw new AppError("webhook_endpoint_not_found", { param: "id" });
  return serializeWebhookEndpoint(row);
}

/** A new secret, effective for the next delivery attempt; the old one stops working at once. */
export async function rotateWebhookEndpointSecret(db: DbOrTx, organizationId: string, reference: string): Promise<WebhookEndpointWithSecret> {
  const row = await findEndpoint(db, organizationId, reference);
  const secret = newWebhookSecret();
  const updated = await db.webhookEndpoint.update({ where: { id: row.id }, data: { secretCiphertext: encrypt(secret) } });
  return { ...serializeWebhookEndpoint(updated), secret };
}
