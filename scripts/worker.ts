// npm run worker — background work (expiry sweep, idempotency clean-up) as its own process, for
// PostgreSQL deployments. Run as many as you like: due rows are claimed with SKIP LOCKED. On the
// embedded database the web process runs this itself.
import nextEnv from "@next/env";
nextEnv.loadEnvConfig(process.cwd());

const { config } = await import("../lib/config");
const { openDatabase } = await import("../lib/db/client");
const { applyMigrations } = await import("../lib/db/migrate");
const { runBackgroundTick } = await import("../lib/boot/background-jobs");

const cfg = config();
if (cfg.embedded) {
  console.error("npm run worker is for PostgreSQL (set DATABASE_URL). On the embedded database, `npm start` runs the worker in-process.");
  process.exit(2);
}
const opened = await openDatabase({ command: "npm run worker" });
await applyMigrations(opened.adapter);
let stopping = false;
const stop = () => (stopping = true);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
console.log(`worker ${process.pid}: sweeping every ${cfg.SWEEP_INTERVAL_MS} ms`);
while (!stopping) {
  try {
    const { expired } = await runBackgroundTick(opened.prisma);
    if (expired) console.log(`expired ${expired} link(s)`);
  } catch (err) {
    console.error("tick failed:", err instanceof Error ? err.message : err);
  }
  await new Promise((r) => setTimeout(r, cfg.SWEEP_INTERVAL_MS));
}
await opened.close();
