// The generate endpoint's database work, statement for statement, with a bare `pg` pool: the
// baseline the API is measured against. The statements are the ones Prisma sends for
// authenticateApiKey + generatePayoutLink (seen with log_statement = 'all'), same columns and
// RETURNING lists, same round trips, same unnamed extended-protocol queries; only the ORM is gone.
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { newId } from "@/lib/ids";
import type { OpResult } from "./load";

const SELECT_API_KEY = `SELECT "id", "organization_id", "name", "prefix", "secret_hash", "capabilities", "livemode", "created_at", "last_used_at", "revoked_at"
  FROM "api_keys" WHERE "secret_hash" = $1 LIMIT 1`;
const TOUCH_API_KEY = `UPDATE "api_keys" SET "last_used_at" = $1 WHERE "id" = $2`;
const SELECT_ORGANIZATION = `SELECT "id", "name", "max_link_amount", "default_link_ttl_seconds", "created_at"
  FROM "organizations" WHERE "id" = $1 LIMIT 1`;
const SELECT_DEFAULT_ACCOUNT = `SELECT "id", "organization_id", "currency", "is_default", "available", "held", "created_at"
  FROM "funding_accounts" WHERE "organization_id" = $1 AND "is_default" = $2 LIMIT 1`;
const PLACE_HOLD = `UPDATE "funding_accounts" SET "available" = "available" - $1, "held" = "held" + $2
  WHERE "id" = $3 AND "available" >= $4`;
const INSERT_HOLD = `INSERT INTO "ledger_entries" ("funding_account_id", "kind", "amount", "payout_link_id", "created_at")
  VALUES ($1, CAST($2::text AS "ledger_entry_kind"), $3, $4, $5)
  RETURNING "id", "funding_account_id", "kind"::text, "amount", "payout_link_id", "description", "created_at"`;
const INSERT_LINK = `INSERT INTO "payout_links" ("id", "organization_id", "funding_account_id", "token_hash", "token_ciphertext", "amount", "currency", "description", "status", "metadata", "expires_at", "created_at", "attempt_count")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9::text AS "payout_link_status"), $10, $11, $12, $13)
  RETURNING "id", "organization_id", "funding_account_id", "token_hash", "token_ciphertext", "amount", "currency", "description", "status"::text, "metadata", "expires_at", "created_at", "claimed_at", "completed_at", "cancelled_at", "expired_at", "recipient_id", "transaction_id", "attempt_count", "last_failure"`;
const INSERT_AUDIT = `INSERT INTO "audit_events" ("organization_id", "actor", "action", "subject_id", "data", "created_at")
  VALUES ($1, $2, $3, $4, $5, $6)
  RETURNING "id", "organization_id", "actor", "action", "subject_id", "data", "created_at"`;

const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** Same token, hash and AES-256-GCM ciphertext shape as lib/payout-links/claim-token.ts. */
function newClaimToken(key: Buffer) {
  const token = randomBytes(32).toString("base64url");
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const ct = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  const tokenCiphertext = ["v1", nonce.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
  return { token, tokenHash: sha256Hex(token), tokenCiphertext };
}

export function directGenerate(options: { databaseUrl: string; poolSize: number; apiKey: string; amount: number }) {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  const encryptionKey = randomBytes(32);
  const secretHash = sha256Hex(options.apiKey);
  const lastUsed = new Map<string, number>();

  const op = async (): Promise<OpResult> => {
    const { amount } = options;
    // authenticateApiKey: look the key up by hash, touch last_used_at at most once a minute.
    const keyRow = (await pool.query(SELECT_API_KEY, [secretHash])).rows[0];
    if (!keyRow || keyRow.revoked_at || !keyRow.capabilities.includes("treasury")) return { ok: false, detail: "api key refused" };
    const now0 = Date.now();
    const used = lastUsed.get(keyRow.id) ?? keyRow.last_used_at?.getTime() ?? 0;
    if (now0 - used > 60_000) {
      lastUsed.set(keyRow.id, now0);
      await pool.query(TOUCH_API_KEY, [new Date(now0), keyRow.id]);
    }
    const organizationId: string = keyRow.organization_id;
    // generatePayoutLink: the organisation's cap and TTL, outside the transaction.
    const org = (await pool.query(SELECT_ORGANIZATION, [organizationId])).rows[0];
    if (!org) return { ok: false, detail: "organisation not found" };
    if (amount > org.max_link_amount) return { ok: false, detail: "amount_too_large" };
    const ttl: number = org.default_link_ttl_seconds;

    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const account = (await client.query(SELECT_DEFAULT_ACCOUNT, [organizationId, true])).rows[0];
      if (!account) throw new Error("no default funding account");
      const id = newId();
      const { tokenHash, tokenCiphertext } = newClaimToken(encryptionKey);
      const hold = await client.query(PLACE_HOLD, [amount, amount, account.id, amount]);
      if (hold.rowCount !== 1) {
        await client.query("ROLLBACK");
        return { ok: false, detail: "insufficient_funds" };
      }
      await client.query(INSERT_HOLD, [account.id, "hold", amount, id, new Date()]);
      const now = new Date();
      await client.query(INSERT_LINK, [
        id,
        organizationId,
        account.id,
        tokenHash,
        tokenCiphertext,
        amount,
        "USD",
        "bench",
        "pending",
        "{}",
        new Date(now.getTime() + ttl * 1000),
        now,
        0,
      ]);
      await client.query(INSERT_AUDIT, [organizationId, `api_key:${keyRow.id}`, "payout_link.generated", id, JSON.stringify({ amount }), new Date()]);
      await client.query("COMMIT");
      return { ok: true };
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };

  return { op, close: () => pool.end() };
}
