import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";

/**
 * Connections per process: twice the cores plus one, Prisma's classic default and the PostgreSQL
 * wiki's rule of thumb. More connections than the database can run at once only queue inside it:
 * generates for one organisation then wait on its balance row as PostgreSQL backends, each woken,
 * re-checked and put back to sleep. With 5 connections instead of 20 on a 2-core machine,
 * PostgreSQL spent about a quarter less CPU per generate and `npm run bench` gained about 15%
 * (docs/benchmarks.md); requests beyond the pool wait in the pool's queue, which is cheap. At most
 * 10 (pg's own default): availableParallelism() counts the host's CPUs, not a container's CPU
 * quota, and a 2-CPU container on a 32-core host must not open 65 connections per process.
 */
export const DEFAULT_DATABASE_POOL_SIZE = Math.min(2 * availableParallelism() + 1, 10);

// Every variable the app reads, with its default. .env.example mirrors this list.
const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.string().url().optional(),
  DATABASE_URL: z.string().startsWith("postgres").optional(),
  DATA_DIR: z.string().default(".data"),
  ENCRYPTION_KEY: z.string().optional(),
  PAYOUT_LINK_DEFAULT_TTL_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
  PAYOUT_LINK_MAX_TTL_SECONDS: z.coerce.number().int().positive().default(30 * 24 * 3600),
  PAYOUT_LINK_MAX_AMOUNT: z.coerce.number().int().positive().default(500_000),
  SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(DEFAULT_DATABASE_POOL_SIZE),
  CLAIM_RATE_LIMIT_PER_IP: z.coerce.number().int().positive().default(60),
  CLAIM_RATE_LIMIT_PER_TOKEN: z.coerce.number().int().positive().default(20),
  // Bank linking: real Plaid when both keys are set, else the built-in sandbox bank.
  PLAID_CLIENT_ID: z.string().optional(),
  PLAID_SECRET: z.string().optional(),
  PLAID_ENV: z.string().optional(),
  SEED_DEMO: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  RUN_WORKER_IN_WEB: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  // Money movement (lib/payouts): the sandbox rail, or Plaid Transfer (real Plaid or the sandbox bank).
  PAYOUT_RAIL: z.enum(["sandbox", "plaid-transfer"], { error: 'must be "sandbox" or "plaid-transfer"' }).default("sandbox"),
  SANDBOX_SETTLEMENT_DELAY_MS: z.coerce.number().int().min(0).default(5_000),
  /** off: this process does not process payouts (the web process's in-process loop, or a worker). */
  PAYOUT_WORKER: z.enum(["on", "off"]).default("on"),
  PAYOUT_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  PAYOUT_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(50),
  PAYOUT_LEASE_MS: z.coerce.number().int().min(1_000).default(30_000),
  // Webhooks (lib/webhooks). off: this process does not deliver webhooks (events are still recorded).
  WEBHOOK_DELIVERY: z.enum(["on", "off"]).default("on"),
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  /** Unset: allowed unless NODE_ENV=production (so `npm start` refuses them unless told). */
  ALLOW_PRIVATE_WEBHOOK_URLS: z.enum(["true", "false"]).optional(),
  // Dashboard sign-in (lib/operators). NEXTAUTH_SECRET: generated into DATA_DIR on the embedded
  // default, required on PostgreSQL (every process must share it).
  NEXTAUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters (e.g. openssl rand -base64 32)" }).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  /** Absolute lifetime of a dashboard session, counted from sign-in. */
  SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(12 * 3600),
  /** Sign-in attempts per 15 minutes, per client IP and per email address. */
  SIGN_IN_RATE_LIMIT_PER_IP: z.coerce.number().int().positive().default(50),
  SIGN_IN_RATE_LIMIT_PER_EMAIL: z.coerce.number().int().positive().default(10),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  // Email (lib/email): SMTP when SMTP_URL is set, else stored for the development outbox (/dev/outbox).
  SMTP_URL: z.string().startsWith("smtp", { error: "must be an smtp:// or smtps:// URL" }).optional(),
  EMAIL_FROM: z.string().default("Payout Links <no-reply@payout-links.invalid>"),
});

export type Config = Omit<z.infer<typeof Env>, "ALLOW_PRIVATE_WEBHOOK_URLS"> & {
  appUrl: string;
  dataDir: string;
  embedded: boolean;
  /** Webhook endpoints may be http:// and on loopback, private or link-local addresses (development only). */
  allowPrivateWebhookUrls: boolean;
};

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const blankAsUnset = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = Env.safeParse(blankAsUnset);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${first.path.join(".")}: ${first.message}`);
  }
  const { ALLOW_PRIVATE_WEBHOOK_URLS, ...env } = parsed.data;
  cached = {
    ...env,
    allowPrivateWebhookUrls: ALLOW_PRIVATE_WEBHOOK_URLS ? ALLOW_PRIVATE_WEBHOOK_URLS === "true" : process.env.NODE_ENV !== "production",
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    dataDir: path.resolve(env.DATA_DIR),
    embedded: !env.DATABASE_URL,
  };
  return cached;
}

/** Tests change the environment between suites. */
export function resetConfigForTests() {
  cached = undefined;
}
