import "server-only";
import { startLeaseLoop } from "../boot/lease-loop";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { PrismaClient } from "../db/generated/client";
import { endpointSecret } from "./endpoints";
import { serializeEvent } from "./events";
import { checkWebhookUrlSyntax, safeLookup } from "./url-safety";

/*
 * The webhook delivery worker. Each (event, endpoint) pair is a webhook_deliveries row, written in
 * the same transaction as the change the event reports (lib/webhooks/events.ts). A tick leases due
 * rows with FOR UPDATE SKIP LOCKED (so any number of workers share the table and a crashed worker's
 * lease lapses), POSTs each event's JSON with Standard Webhooks headers (`webhook-id` = the event
 * id, the same on every retry), and records the attempt. A 2xx is delivered; anything else
 * (another status, a redirect, a timeout, a refused address, a dropped connection) is retried with
 * exponential backoff and jitter — 5 s, 30 s, 2 min, 10 min, 1 h, 3 h, then every 6 h — until the
 * delivery is at least 24 hours old, then it is marked failed. A replay or retry (replay.ts) puts a
 * row back to pending and restarts both the 24 hours and the backoff from `replayed_at`. Deliveries
 * are not ordered: events carry their change time so receivers can order them per object.
 */

export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000];
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const RESPONSE_EXCERPT_CHARS = 500;
const MAX_RESPONSE_BYTES = 64 * 1024;

export type WebhookTickOptions = {
  workerId: string;
  now?: () => Date;
  batchSize?: number;
  leaseMs?: number;
  timeoutMs?: number;
  allowPrivate: boolean;
  concurrency?: number;
  random?: () => number;
};

export type WebhookTickResult = { leased: number; delivered: number; retrying: number; failed: number };

type Leased = {
  id: string;
  event_id: string;
  endpoint_id: string;
  attempt_count: number;
  created_at: Date;
  replayed_at: Date | null;
  attempts_before_replay: number;
};

export function newWebhookWorkerId(): string {
  return `${hostname()}:${process.pid}:wh:${randomBytes(3).toString("hex")}`;
}

/** The wait before attempt `attempt + 1`, after `attempt` attempts failed, with ±20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1];
  return Math.round(base * (0.8 + 0.4 * random()));
}

export async function runWebhookTick(db: PrismaClient, options: WebhookTickOptions): Promise<WebhookTickResult> {
  const now = options.now ?? (() => new Date());
  const at = now();
  const leaseMs = options.leaseMs ?? Math.max(60_000, (options.timeoutMs ?? 10_000) * 3);
  const leased = await db.$queryRaw<Leased[]>`
    WITH due AS (
      SELECT id FROM webhook_deliveries
      WHERE status = 'pending' AND next_attempt_at <= ${at}
        AND (lease_expires_at IS NULL OR lease_expires_at <= ${at})
      ORDER BY next_attempt_at
      LIMIT ${options.batchSize ?? 50}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE webhook_deliveries d SET lease_owner = ${options.workerId}, lease_expires_at = ${new Date(at.getTime() + leaseMs)}
    FROM due WHERE d.id = due.id
    RETURNING d.id, d.event_id, d.endpoint_id, d.attempt_count, d.created_at, d.replayed_at, d.attempts_before_replay`;
  const result: WebhookTickResult = { leased: leased.length, delivered: 0, retrying: 0, failed: 0 };
  const queue = [...leased];
  const lanes = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, queue.length)) }, async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      try {
        result[await deliverOne(db, row, options, now)]++;
      } catch (err) {
        // The database failed under us: the lease lapses and the row is tried again.
        console.error("webhook delivery:", err instanceof Error ? err.message : err);
      }
    }
  });
  await Promise.all(lanes);
  return result;
}

type Attempt = { statusCode: number | null; latencyMs: number; response: string | null; error: string | null };

async function deliverOne(db: PrismaClient, row: Leased, options: WebhookTickOptions, now: () => Date): Promise<"delivered" | "retrying" | "failed"> {
  const [event, endpoint] = await Promise.all([
    db.event.findUniqueOrThrow({ where: { id: row.event_id } }),
    db.webhookEndpoint.findUniqueOrThrow({ where: { id: row.endpoint_id } }),
  ]);
  const attemptNo = row.attempt_count + 1;
  if (endpoint.disabledAt) {
    await db.webhookDelivery.updateMany({
      where: { id: row.id, leaseOwner: options.workerId },
      data: { status: "failed", nextAttemptAt: null, leaseOwner: null, leaseExpiresAt: null, lastError: "endpoint deleted" },
    });
    return "failed";
  }
  const envelope = serializeEvent(event);
  const body = JSON.stringify(envelope);
  const sentAt = now();
  const signature = new Webhook(endpointSecret(endpoint)).sign(envelope.id, sentAt, body);
  const attempt = await post(endpoint.url, body, {
    "content-type": "application/json",
    "user-agent": "PayoutLinks-Webhooks/1",
    "webhook-id": envelope.id,
    "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "webhook-signature": signature,
  }, options);

  const ok = attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300;
  const at = now();
  // A replay or retry starts a new 24-hour window and a new backoff schedule (lib/webhooks/replay.ts).
  const windowStart = row.replayed_at ?? row.created_at;
  const giveUp = !ok && at.getTime() - windowStart.getTime() >= GIVE_UP_AFTER_MS;
  const outcome = ok ? "delivered" : giveUp ? "failed" : "retrying";
  await db.$transaction(async (tx) => {
    await tx.webhookDeliveryAttempt.create({
      data: { deliveryId: row.id, attempt: attemptNo, statusCode: attempt.statusCode, latencyMs: attempt.latencyMs, response: attempt.response, error: attempt.error, createdAt: at },
    });
    await tx.webhookDelivery.updateMany({
      where: { id: row.id, leaseOwner: options.workerId },
      data: {
        status: ok ? "delivered" : giveUp ? "failed" : "pending",
        attemptCount: attemptNo,
        nextAttemptAt: outcome === "retrying" ? new Date(at.getTime() + retryDelayMs(attemptNo - row.attempts_before_replay, options.random)) : null,
        leaseOwner: null,
        leaseExpiresAt: null,
        lastStatusCode: attempt.statusCode,
        lastLatencyMs: attempt.latencyMs,
        lastResponse: attempt.response,
        lastError: attempt.error,
        ...(ok ? { deliveredAt: at } : {}),
      },
    });
  });
  return outcome;
}

/**
 * One POST with node:http(s): redirects are never followed (a 3xx is a failed attempt), the whole
 * exchange is bounded by timeoutMs, and the socket connects only to addresses safeLookup approved.
 */
function post(rawUrl: string, body: string, headers: Record<string, string>, options: WebhookTickOptions): Promise<Attempt> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = checkWebhookUrlSyntax(rawUrl, options.allowPrivate);
  } catch (err) {
    return Promise.resolve({ statusCode: null, latencyMs: 0, response: null, error: `refused: ${(err as Error).message}` });
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise<Attempt>((resolve) => {
    let settled = false;
    const finish = (a: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(a);
    };
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: safeLookup(options.allowPrivate) as never,
        agent: false,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        const done = () =>
          finish({ statusCode: res.statusCode ?? null, latencyMs: latency(), response: Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_EXCERPT_CHARS) || null, error: null });
        res.on("end", done);
        res.on("error", done);
        res.on("aborted", done);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({ statusCode: null, latencyMs: latency(), response: null, error: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => finish({ statusCode: null, latencyMs: latency(), response: null, error: `${err.code ?? "error"}: ${err.message}`.slice(0, 500) }));
    req.end(body);
  });
}

/** Runs ticks until stopped: straight on while there is a full batch, otherwise every pollIntervalMs. */
export function startWebhookWorker(
  db: PrismaClient,
  options: Omit<WebhookTickOptions, "workerId"> & { workerId?: string; pollIntervalMs: number; onTick?: (r: WebhookTickResult) => void },
): { workerId: string; stop: () => Promise<void> } {
  const workerId = options.workerId ?? newWebhookWorkerId();
  const stop = startLeaseLoop("webhook worker", () => runWebhookTick(db, { ...options, workerId }), {
    batchSize: options.batchSize ?? 50,
    pollIntervalMs: options.pollIntervalMs,
    onTick: options.onTick,
  });
  return { workerId, stop };
}
