import "server-only";
import { config } from "../config";
import { database } from "../db/client";
import { startBackgroundJobs, startPayoutJobs, startWebhookJobs } from "./background-jobs";
import { authSecret } from "../operators/auth-secret";
import { demoOperatorPath as demoOperatorPathFor, seedDemoIfEmpty, seedDemoOperatorIfMissing } from "./seed-demo";

/**
 * Runs once per web process before the first request (from instrumentation.ts): open the database
 * (taking the embedded lock), apply committed migrations, seed the demo organisation on first run,
 * and start background jobs when this process is the embedded database's only user.
 */
export async function startServerRuntime() {
  const cfg = config();
  // Fail the start, not the first sign-in, when the session secret is missing on PostgreSQL.
  authSecret();
  const opened = await database();
  const applied = await opened.migrate();
  if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);

  const shouldSeed = opened.kind === "embedded" || cfg.SEED_DEMO;
  const demo = shouldSeed ? await seedDemoIfEmpty(opened.prisma, cfg.dataDir) : null;
  const demoOperator = shouldSeed ? await seedDemoOperatorIfMissing(opened.prisma, cfg.dataDir) : null;

  let payouts: ReturnType<typeof startPayoutJobs> = null;
  let webhooks: ReturnType<typeof startWebhookJobs> = null;
  if (opened.kind === "embedded" || cfg.RUN_WORKER_IN_WEB) {
    startBackgroundJobs(opened.prisma, cfg.SWEEP_INTERVAL_MS);
    payouts = startPayoutJobs(opened.prisma, cfg);
    webhooks = startWebhookJobs(opened.prisma, cfg);
  }

  const shutdown = async () => {
    // Let the payout tick in flight finish its database work; an interrupted one is safe too
    // (its leases lapse), this only saves the wait.
    await Promise.race([Promise.all([payouts?.stop(), webhooks?.stop()]), new Promise((r) => setTimeout(r, 5_000))]).catch(() => {});
    await opened.close().catch(() => {});
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);

  const lines = [
    "",
    "  Payout Links is running (SANDBOX: no real money moves).",
    `  Dashboard and API:  ${cfg.appUrl}`,
    `  Database:           ${opened.kind === "embedded" ? `embedded PGlite in ${cfg.dataDir}` : "PostgreSQL (DATABASE_URL)"}`,
    `  Webhooks:           ${webhooks ? `delivered by this process${cfg.allowPrivateWebhookUrls ? " (private and http URLs allowed: development)" : ""}` : cfg.WEBHOOK_DELIVERY === "off" ? "not delivered here (WEBHOOK_DELIVERY=off)" : "delivered by `npm run worker`"}`,
    `  Payouts:            ${payouts ? `${cfg.PAYOUT_RAIL} rail, processed in this process` : cfg.PAYOUT_WORKER === "off" ? "not processed here (PAYOUT_WORKER=off)" : "processed by `npm run worker`"}`,
  ];
  if (demo?.apiKey) {
    lines.push(
      `  Demo organisation:  ${demo.seeded ? "created with a $10,000.00 sandbox balance" : "ready"}`,
      `  Demo API key:       ${demo.apiKey}`,
      ...(demoOperator?.operator
        ? [
            `  Dashboard sign-in:  ${cfg.appUrl}/sign-in`,
            `    email:            ${demoOperator.operator.email}`,
            `    password:         ${demoOperator.operator.password}   (kept in ${demoOperatorPathFor(cfg.dataDir)})`,
          ]
        : []),
      "",
      "  Try it:",
      `    curl -s ${cfg.appUrl}/treasury/balance -H "Authorization: Bearer ${demo.apiKey}"`,
    );
  }
  console.log(lines.join("\n") + "\n");
}
