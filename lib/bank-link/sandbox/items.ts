import "server-only";
import { randomUUID } from "node:crypto";
import { ItemUpdateTypeEnum, type Item } from "plaid";
import { sha256Hex } from "../../crypto/secrets";
import type { PrismaClient } from "../../db/generated/client";
import type { SandboxItem } from "../../db/generated/client";
import { findInstitution, plaidStyleId, type SandboxInstitution } from "./institutions";
import { SandboxPlaidError, errorForSandboxPassword } from "./plaid-error";

// Items and tokens at the sandbox bank. Tokens have Plaid's shapes and lifetimes; only their
// SHA-256 is stored, in the database, so every web process sees the same state and a copy of the
// database holds nothing usable.

export const LINK_TOKEN_TTL_MS = 4 * 3600_000;
export const PUBLIC_TOKEN_TTL_MS = 30 * 60_000;

export const SANDBOX_USERNAME = "user_good";
export const SANDBOX_PASSWORD = "pass_good";

const TOKEN_SHAPE = /^(link|public|access)-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newToken(kind: "link" | "public" | "access"): string {
  return `${kind}-sandbox-${randomUUID()}`;
}

export function tokenHash(token: string): string {
  return sha256Hex(token);
}

function hasShape(token: string, kind: "link" | "public" | "access"): boolean {
  return TOKEN_SHAPE.test(token) && token.startsWith(`${kind}-`);
}

/** Plaid's timestamps: ISO 8601 without milliseconds. */
export function plaidTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The sandbox's login rule: `user_good` with `pass_good` succeeds; `user_good` with
 * `error_<CODE>` fails with that Plaid error code; anything else is INVALID_CREDENTIALS.
 */
export function checkSandboxLogin(username: string, password: string): void {
  if (username !== SANDBOX_USERNAME) throw new SandboxPlaidError("INVALID_CREDENTIALS");
  if (password === SANDBOX_PASSWORD) return;
  const code = /^error_([A-Z][A-Z0-9_]{0,63})$/.exec(password)?.[1];
  throw code ? errorForSandboxPassword(code) : new SandboxPlaidError("INVALID_CREDENTIALS");
}

/** A live link token, or INVALID_LINK_TOKEN (unknown, malformed or expired alike). */
export async function liveLinkToken(db: PrismaClient, linkToken: string, now: Date) {
  if (!hasShape(linkToken, "link")) throw new SandboxPlaidError("INVALID_LINK_TOKEN");
  const row = await db.sandboxLinkToken.findUnique({ where: { token: tokenHash(linkToken) } });
  if (!row || row.expiresAt <= now) throw new SandboxPlaidError("INVALID_LINK_TOKEN");
  return row;
}

/** A new Item holding an unexchanged public token (what a finished Link session leaves behind). */
export async function createItem(db: PrismaClient, institution: SandboxInstitution, now: Date): Promise<{ item: SandboxItem; publicToken: string }> {
  const publicToken = newToken("public");
  const item = await db.sandboxItem.create({
    data: {
      id: plaidStyleId(randomUUID()),
      institutionId: institution.institution_id,
      publicTokenHash: tokenHash(publicToken),
      publicTokenExpiresAt: new Date(now.getTime() + PUBLIC_TOKEN_TTL_MS),
    },
  });
  return { item, publicToken };
}

/** Single use: one conditional update, so of two concurrent exchanges exactly one succeeds. */
export async function exchangePublicToken(db: PrismaClient, publicToken: string, now: Date): Promise<{ itemId: string; accessToken: string }> {
  if (!hasShape(publicToken, "public")) {
    throw new SandboxPlaidError("INVALID_PUBLIC_TOKEN", "provided public token is in an invalid format. expected format: public-<environment>-<identifier>");
  }
  const item = await db.sandboxItem.findUnique({ where: { publicTokenHash: tokenHash(publicToken) } });
  if (!item) throw new SandboxPlaidError("INVALID_PUBLIC_TOKEN");
  if (item.publicTokenExpiresAt <= now) {
    throw new SandboxPlaidError(
      "INVALID_PUBLIC_TOKEN",
      "provided public token is expired. Public tokens expire 30 minutes after creation at which point they can no longer be exchanged",
    );
  }
  const accessToken = newToken("access");
  const { count } = await db.sandboxItem.updateMany({
    where: { id: item.id, accessTokenHash: null, removedAt: null, publicTokenExpiresAt: { gt: now } },
    data: { accessTokenHash: tokenHash(accessToken), exchangedAt: now },
  });
  if (count !== 1) throw new SandboxPlaidError("INVALID_PUBLIC_TOKEN", "provided public token has already been exchanged");
  return { itemId: item.id, accessToken };
}

/** The Item an access token opens, with its institution, or INVALID_ACCESS_TOKEN (also once removed). */
export async function itemForAccessToken(db: PrismaClient, accessToken: string): Promise<{ item: SandboxItem; institution: SandboxInstitution }> {
  if (!hasShape(accessToken, "access")) {
    throw new SandboxPlaidError("INVALID_ACCESS_TOKEN", "provided access token is in an invalid format. expected format: access-<environment>-<identifier>");
  }
  const item = await db.sandboxItem.findUnique({ where: { accessTokenHash: tokenHash(accessToken) } });
  if (!item || item.removedAt) throw new SandboxPlaidError("INVALID_ACCESS_TOKEN");
  const institution = findInstitution(item.institutionId);
  if (!institution) throw new Error(`sandbox item ${item.id} names an unknown institution`);
  return { item, institution };
}

export async function removeItem(db: PrismaClient, item: SandboxItem, now: Date): Promise<void> {
  const { count } = await db.sandboxItem.updateMany({ where: { id: item.id, removedAt: null }, data: { removedAt: now } });
  if (count !== 1) throw new SandboxPlaidError("INVALID_ACCESS_TOKEN");
}

/** Plaid's Item object for a sandbox Item. */
export function itemObject(item: SandboxItem, institution: SandboxInstitution): Item {
  return {
    item_id: item.id,
    institution_id: institution.institution_id,
    institution_name: institution.name,
    webhook: null,
    error: null,
    available_products: [],
    billed_products: institution.products,
    products: institution.products,
    consented_products: institution.products,
    consent_expiration_time: null,
    update_type: ItemUpdateTypeEnum.Background,
  };
}

/** Expired link tokens and never-exchanged items are useless: drop them now and then. */
export async function deleteStaleSandboxRows(db: PrismaClient, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  await db.sandboxLinkToken.deleteMany({ where: { expiresAt: { lt: dayAgo } } });
  await db.sandboxItem.deleteMany({ where: { accessTokenHash: null, publicTokenExpiresAt: { lt: dayAgo } } });
}
