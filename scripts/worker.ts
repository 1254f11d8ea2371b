// npm run worker — background work as its own process, for PostgreSQL deployments: the payout
// worker (initiate payouts on the configured rail, poll them, settle/fail/return them) and the
// expiry sweep with idempotency clean-up. Run as many as you like: due rows are leased with
// FOR UPDATE SKIP LOCKED, and a killed worker's leases lapse after PAYOUT_LEASE_MS for another to
// take over. It also delivers webhooks (lib/webhooks/deliver.ts, unless WEBHOOK_DELIVERY=off), leased
// the same way. On the embedded database the web process runs all of this itself.
import nextEnv from "@next/env";
nextEnv.loadEnvConfig(process.cwd());

const { config } = await import("../lib/config");
const { openDatabase } = await import("../lib/db/client");
const { runBackgroundTick, startPayoutJobs, startWebhookJobs } = await import("../lib/boot/background-jobs");

let cfg;
try {
  cfg = config();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
}
if (cfg.embedded) {
  console.error("npm run worker is for PostgreSQL (set DATABASE_URL). On the embedded database, `npm start` runs the worker in-process.");
  process.exit(2);
}
const opened = await openDatabase({ command: "npm run worker" });
await opened.migrate();
let stopping = false;
let wakeSweep: (() => void) | undefined;
const stop = () => {
  stopping = true;
  wakeSweep?.();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const payouts = startPayoutJobs(opened.prisma, cfg, { log: true });
const webhooks = startWebhookJobs(opened.prisma, cfg, { log: true });
console.log(
  `worker ${process.pid}: sweeping every ${cfg.SWEEP_INTERVAL_MS} ms; ` +
    (payouts ? `payouts on the ${cfg.PAYOUT_RAIL} rail as ${payouts.workerId}` : "payouts off (PAYOUT_WORKER=off)") +
    `; ${webhooks ? "delivering webhooks" : "webhooks off (WEBHOOK_DELIVERY=off)"}`,
);
while (!stopping) {
  try {
    const { expired } = await runBackgroundTick(opened.prisma);
    if (expired) console.log(`expired ${expired} link(s)`);
  } catch (err) {
    console.error("tick failed:", err instanceof Error ? err.message : err);
  }
  await new Promise<void>((r) => {
    const timer = setTimeout(r, cfg.SWEEP_INTERVAL_MS);
    wakeSweep = () => (clearTimeout(timer), r());
  });
}
await Promise.all([payouts?.stop(), webhooks?.stop()]);
await opened.close();
