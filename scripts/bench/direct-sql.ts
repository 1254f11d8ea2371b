// The generate endpoint's database work, statement for statement, with a bare `pg` pool: the
// baseline the API is measured against. "as-is" sends what authenticateApiKey and
// generatePayoutLink send: the key joined with its organisation's limits, then the single
// data-modifying statement (conditional hold, ledger entry, audit event, link). The other variants
// are earlier designs, kept to size the difference: "transaction" is the interactive transaction
// the endpoint used before (statements as Prisma sent them, seen with log_statement = 'all').
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { newId } from "@/lib/ids";
import type { OpResult } from "./load";

const SELECT_API_KEY = `SELECT * FROM "api_keys" WHERE "secret_hash" = $1 LIMIT 1`;
// What lib/auth/api-keys.ts and lib/payout-links/generate-payout-link.ts send today.
const SELECT_KEY_WITH_ORGANIZATION = `SELECT k.id, k.organization_id, k.capabilities, k.livemode, k.revoked_at, k.last_used_at,
       o.max_link_amount, o.default_link_ttl_seconds
FROM api_keys k JOIN organizations o ON o.id = k.organization_id
WHERE k.secret_hash = $1`;
const GENERATE_AS_ENDPOINT = `WITH hold AS (
    UPDATE funding_accounts
    SET available = available - $1, held = held + $1
    WHERE organization_id = $2 AND is_default AND available >= $1
    RETURNING id
  ), hold_entry AS (
    INSERT INTO ledger_entries (funding_account_id, kind, amount, payout_link_id, created_at)
    SELECT id, 'hold', $1, $3, $4 FROM hold
  ), audit AS (
    INSERT INTO audit_events (organization_id, actor, action, subject_id, data, created_at)
    SELECT $2, $9, 'payout_link.generated', $3, $10::jsonb, $4
    FROM hold
  )
  INSERT INTO payout_links (id, organization_id, funding_account_id, token_hash, token_ciphertext, amount, currency,
                            description, status, metadata, expires_at, created_at)
  SELECT $3, $2, hold.id, $5, $6, $1, 'USD', $7, 'pending', '{}'::jsonb, $8, $4
  FROM hold
  RETURNING funding_account_id`;
const TOUCH_API_KEY = `UPDATE "api_keys" SET "last_used_at" = $1 WHERE "id" = $2`;
const SELECT_ORGANIZATION = `SELECT * FROM "organizations" WHERE "id" = $1 LIMIT 1`;
const SELECT_DEFAULT_ACCOUNT = `SELECT * FROM "funding_accounts" WHERE "organization_id" = $1 AND "is_default" = $2 LIMIT 1`;
const PLACE_HOLD = `UPDATE "funding_accounts" SET "available" = "available" - $1, "held" = "held" + $2
  WHERE "id" = $3 AND "available" >= $4`;
const INSERT_HOLD = `INSERT INTO "ledger_entries" ("funding_account_id", "kind", "amount", "payout_link_id", "created_at")
  VALUES ($1, CAST($2::text AS "ledger_entry_kind"), $3, $4, $5)
  RETURNING *`;
const INSERT_LINK = `INSERT INTO "payout_links" ("id", "organization_id", "funding_account_id", "token_hash", "token_ciphertext", "amount", "currency", "description", "status", "metadata", "expires_at", "created_at", "attempt_count")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9::text AS "payout_link_status"), $10, $11, $12, $13)
  RETURNING *`;
const INSERT_AUDIT = `INSERT INTO "audit_events" ("organization_id", "actor", "action", "subject_id", "data", "created_at")
  VALUES ($1, $2, $3, $4, $5, $6)
  RETURNING *`;

export const GENERATE_ONE_STATEMENT = `WITH account AS (
    UPDATE "funding_accounts" SET "available" = "available" - $1::int, "held" = "held" + $1::int
    WHERE "organization_id" = $2 AND "is_default" AND "available" >= $1::int
    RETURNING "id"
  ), hold AS (
    INSERT INTO "ledger_entries" ("funding_account_id", "kind", "amount", "payout_link_id", "created_at")
    SELECT "id", 'hold', $1::int, $3, $4 FROM account RETURNING "id"
  ), link AS (
    INSERT INTO "payout_links" ("id", "organization_id", "funding_account_id", "token_hash", "token_ciphertext", "amount", "currency", "description", "status", "metadata", "expires_at", "created_at", "attempt_count")
    SELECT $3, $2, "id", $5, $6, $1::int, 'USD', $7, 'pending', '{}', $8, $4, 0 FROM account
    RETURNING *
  ), audit AS (
    INSERT INTO "audit_events" ("organization_id", "actor", "action", "subject_id", "data", "created_at")
    SELECT $2, $9, 'payout_link.generated', $3, $10::jsonb, $4 FROM account RETURNING "id"
  )
  SELECT link.*, (SELECT count(*) FROM hold) AS holds, (SELECT count(*) FROM audit) AS audits FROM link`;

const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** Same token, hash and AES-256-GCM ciphertext shape as lib/payout-links/claim-token.ts. */
export function newClaimToken(key: Buffer) {
  const token = randomBytes(32).toString("base64url");
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const ct = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  const tokenCiphertext = ["v1", nonce.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
  return { token, tokenHash: sha256Hex(token), tokenCiphertext };
}

export function directGenerate(options: {
  databaseUrl: string;
  poolSize: number;
  apiKey: string;
  amount: number;
  /**
   * "as-is" (default): the endpoint's statements in the endpoint's order.
   * Diagnostic variants, earlier or alternative designs:
   * "transaction": the interactive transaction the endpoint used before the single statement;
   * "hold-last": the conditional UPDATE of the balance row runs last, just before COMMIT, so the
   *   row lock every generate of one organisation queues on is held for one round trip, not four;
   * "one-statement": the whole write (hold, ledger entry, link, audit event) as one data-modifying
   *   CTE in autocommit: no BEGIN/COMMIT round trips, the row lock is held only while it commits.
   */
  variant?: "as-is" | "transaction" | "hold-last" | "one-statement";
}) {
  const variant = options.variant ?? "as-is";
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  const encryptionKey = randomBytes(32);
  const secretHash = sha256Hex(options.apiKey);
  const lastUsed = new Map<string, number>();

  const op = async (): Promise<OpResult> => {
    const { amount } = options;
    if (variant === "as-is") {
      const key = (await pool.query(SELECT_KEY_WITH_ORGANIZATION, [secretHash])).rows[0];
      if (!key || key.revoked_at || !key.capabilities.includes("treasury")) return { ok: false, detail: "api key refused" };
      const touched = Date.now();
      if (touched - (lastUsed.get(key.id) ?? key.last_used_at?.getTime() ?? 0) > 60_000) {
        lastUsed.set(key.id, touched);
        await pool.query(TOUCH_API_KEY, [new Date(touched), key.id]);
      }
      if (amount > key.max_link_amount) return { ok: false, detail: "amount_too_large" };
      const id = newId();
      const { tokenHash, tokenCiphertext } = newClaimToken(encryptionKey);
      const now = new Date();
      const { rows } = await pool.query(GENERATE_AS_ENDPOINT, [
        amount,
        key.organization_id,
        id,
        now,
        tokenHash,
        tokenCiphertext,
        "bench",
        new Date(now.getTime() + key.default_link_ttl_seconds * 1000),
        `api_key:${key.id}`,
        JSON.stringify({ amount }),
      ]);
      return rows.length === 1 ? { ok: true } : { ok: false, detail: "insufficient_funds" };
    }
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

    if (variant === "one-statement") {
      const id = newId();
      const { tokenHash, tokenCiphertext } = newClaimToken(encryptionKey);
      const now = new Date();
      const { rows } = await pool.query(GENERATE_ONE_STATEMENT, [
        amount,
        organizationId,
        id,
        now,
        tokenHash,
        tokenCiphertext,
        "bench",
        new Date(now.getTime() + ttl * 1000),
        `api_key:${keyRow.id}`,
        JSON.stringify({ amount }),
      ]);
      return rows.length === 1 ? { ok: true } : { ok: false, detail: "insufficient_funds" };
    }

    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const account = (await client.query(SELECT_DEFAULT_ACCOUNT, [organizationId, true])).rows[0];
      if (!account) throw new Error("no default funding account");
      const id = newId();
      const { tokenHash, tokenCiphertext } = newClaimToken(encryptionKey);
      const placeHold = async () => (await client.query(PLACE_HOLD, [amount, amount, account.id, amount])).rowCount === 1;
      if (variant !== "hold-last" && !(await placeHold())) {
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
      if (variant === "hold-last" && !(await placeHold())) {
        await client.query("ROLLBACK");
        return { ok: false, detail: "insufficient_funds" };
      }
      await client.query("COMMIT");
      return { ok: true };
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };

  let ended: Promise<void> | null = null;
  return { op, close: () => (ended ??= pool.end()) };
}
