import "server-only";
import { createApiKey, revokeApiKey, serializeApiKey, type ApiKeySummary } from "../../auth/api-keys";
import { inTransaction, type DbOrTx } from "../../db/transaction";
import { AppError } from "../../errors/app-error";
import { parsePublicId } from "../../ids";
import type { OperatorContext } from "../../operators/roles";

export const API_KEY_NAME_MAX_CHARS = 100;

/** A new key with the treasury capability (or none): the full key is returned once, here. */
export async function createDashboardApiKey(
  db: DbOrTx,
  actor: OperatorContext,
  input: { name: string; treasury: boolean },
): Promise<{ apiKey: ApiKeySummary; secret: string }> {
  const name = input.name.trim().replace(/\s+/g, " ");
  if (name.length < 1 || name.length > API_KEY_NAME_MAX_CHARS) {
    throw new AppError("parameter_invalid", { param: "name", message: `Name the key (1 to ${API_KEY_NAME_MAX_CHARS} characters), e.g. "Billing backend".` });
  }
  return inTransaction(db, async (tx) => {
    const { apiKey, secret } = await createApiKey(tx, { organizationId: actor.organizationId, name, capabilities: input.treasury ? ["treasury"] : [] });
    await tx.auditEvent.create({
      data: { organizationId: actor.organizationId, actor: `user:${actor.userId}`, action: "api_key.created", subjectId: apiKey.id, data: { name, prefix: apiKey.prefix } },
    });
    return { apiKey: serializeApiKey(apiKey), secret };
  });
}

/** Revokes one of the organisation's active keys: the next request with it is a 401 api_key_revoked. */
export async function revokeDashboardApiKey(db: DbOrTx, actor: OperatorContext, reference: string): Promise<void> {
  const id = parsePublicId("apiKey", reference);
  await inTransaction(db, async (tx) => {
    if (!id || !(await revokeApiKey(tx, { organizationId: actor.organizationId, apiKeyId: id }))) {
      throw new AppError("api_key_not_found", { param: "id", message: "No such active API key in this organisation (already revoked?)." });
    }
    await tx.auditEvent.create({ data: { organizationId: actor.organizationId, actor: `user:${actor.userId}`, action: "api_key.revoked", subjectId: id, data: {} } });
  });
}
