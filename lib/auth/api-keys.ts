import "server-only";
import { AppError } from "../errors/app-error";
import { randomToken, sha256Hex } from "../crypto/secrets";
import { Prisma } from "../db/generated/client";
import { queryRows } from "../db/raw-query";
import type { DbOrTx } from "../db/transaction";
import { newId, publicId } from "../ids";

export const CAPABILITIES = ["treasury"] as const;
export type Capability = (typeof CAPABILITIES)[number];

const KEY_PATTERN = /^sk_(live|test)_[A-Za-z0-9_-]{43}$/;
// Writing last_used_at on every request would turn each read into a write; a minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function createApiKey(
  db: DbOrTx,
  input: { organizationId: string; name: string; capabilities: Capability[]; livemode?: boolean },
) {
  const livemode = input.livemode ?? false;
  const secret = `sk_${livemode ? "live" : "test"}_${randomToken(32)}`;
  const apiKey = await db.apiKey.create({
    data: {
      id: newId(),
      organizationId: input.organizationId,
      name: input.name,
      prefix: secret.slice(0, 13),
      secretHash: sha256Hex(secret),
      capabilities: [...input.capabilities],
      livemode,
    },
  });
  // The secret is returned once, here, and only its hash is kept.
  return { apiKey, secret };
}

export async function revokeApiKey(db: DbOrTx, input: { organizationId: string; apiKeyId: string }) {
  const { count } = await db.apiKey.updateMany({
    where: { id: input.apiKeyId, organizationId: input.organizationId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}

/** The organisation settings every request of the key may need, read with the key itself. */
export type OrganizationLimits = { maxLinkAmount: number; defaultLinkTtlSeconds: number };
export type ApiCaller = { apiKeyId: string; organizationId: string; livemode: boolean; organization: OrganizationLimits };

type KeyRow = {
  id: string;
  organization_id: string;
  capabilities: string[];
  livemode: boolean;
  revoked_at: Date | null;
  last_used_at: Date | null;
  max_link_amount: number;
  default_link_ttl_seconds: number;
};

export async function authenticateApiKey(db: DbOrTx, authorization: string | null, needs: Capability): Promise<ApiCaller> {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) throw new AppError("api_key_missing");
  const secret = match[1];
  if (!KEY_PATTERN.test(secret)) throw new AppError("api_key_invalid");
  // Every API request starts here: one statement for the key and its organisation's limits.
  const [key] = await queryRows<KeyRow>(
    db,
    Prisma.sql`
      SELECT k.id, k.organization_id, k.capabilities, k.livemode, k.revoked_at, k.last_used_at,
             o.max_link_amount, o.default_link_ttl_seconds
      FROM api_keys k JOIN organizations o ON o.id = k.organization_id
      WHERE k.secret_hash = ${sha256Hex(secret)}`,
  );
  if (!key) throw new AppError("api_key_invalid");
  if (key.revoked_at) throw new AppError("api_key_revoked");
  if (!key.capabilities.includes(needs)) {
    throw new AppError("capability_missing", { message: `This API key lacks the '${needs}' capability.` });
  }
  const now = Date.now();
  if (!key.last_used_at || now - key.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
  }
  return {
    apiKeyId: key.id,
    organizationId: key.organization_id,
    livemode: key.livemode,
    organization: { maxLinkAmount: key.max_link_amount, defaultLinkTtlSeconds: key.default_link_ttl_seconds },
  };
}

/** An API key as the dashboard lists it: never the secret or its hash, only the visible prefix. */
export type ApiKeySummary = {
  id: string;
  object: "api_key";
  name: string;
  prefix: string;
  capabilities: Capability[];
  livemode: boolean;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

export function serializeApiKey(row: {
  id: string;
  name: string;
  prefix: string;
  capabilities: string[];
  livemode: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ApiKeySummary {
  return {
    id: publicId("apiKey", row.id),
    object: "api_key",
    name: row.name,
    prefix: row.prefix,
    capabilities: row.capabilities.filter((c): c is Capability => (CAPABILITIES as readonly string[]).includes(c)),
    livemode: row.livemode,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}

/** The organisation's keys, active ones first, each group newest first (an organisation has few keys). */
export async function listApiKeys(db: DbOrTx, organizationId: string): Promise<ApiKeySummary[]> {
  const rows = await db.apiKey.findMany({ where: { organizationId }, orderBy: { id: "desc" }, take: 500 });
  return rows.sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null)).map(serializeApiKey);
}
