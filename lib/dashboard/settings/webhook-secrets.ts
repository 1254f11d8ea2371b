import "server-only";
import type { DbOrTx } from "../../db/transaction";
import { AppError } from "../../errors/app-error";
import { parsePublicId } from "../../ids";
import type { OperatorContext } from "../../operators/roles";
import { endpointSecret } from "../../webhooks/endpoints";

/**
 * The signing secret of one of the organisation's endpoints, for an admin who asked for it
 * explicitly (the API shows it only at creation and rotation; the dashboard lets an admin look it
 * up again). Every reveal is audited.
 */
export async function revealWebhookSecret(db: DbOrTx, actor: OperatorContext, reference: string): Promise<string> {
  const id = parsePublicId("webhookEndpoint", reference);
  const row = id ? await db.webhookEndpoint.findFirst({ where: { id, organizationId: actor.organizationId, disabledAt: null } }) : null;
  if (!row) throw new AppError("webhook_endpoint_not_found", { param: "id" });
  await db.auditEvent.create({
    data: { organizationId: actor.organizationId, actor: `user:${actor.userId}`, action: "webhook_endpoint.secret_revealed", subjectId: row.id, data: {} },
  });
  return endpointSecret(row);
}
