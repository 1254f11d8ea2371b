// npm start: build if the sources changed, then serve. Migrations, the demo seed and the banner
// with the API key happen inside the server process (instrumentation.ts), because on the embedded
// database that process must be the only one that opens it.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { buildIfStale } from "./lib/build-if-stale.mjs";

nextEnv.loadEnvConfig(process.cwd());
const port = process.env.PORT || "3000";

// Refuse before spending time on a build when another process owns the embedded database.
if (!process.env.DATABASE_URL) {
  const lock = path.resolve(process.env.DATA_DIR || ".data", "pglite.lock");
  if (existsSync(lock)) {
    try {
      const owner = JSON.parse(readFileSync(lock, "utf8"));
      process.kill(owner.pid, 0);
      console.error(
        `\n  Payout Links is already running on this data directory (process ${owner.pid}, started ${owner.startedAt}).\n` +
          `  Open http://localhost:${port}, or stop that process first (Ctrl-C in its terminal).\n`,
      );
      process.exit(1);
    } catch {
      // The owner is gone: the server takes the stale lock over when it opens the database.
    }
  }
}

buildIfStale({ distDir: ".next" });

const child = spawn(process.execPath, [path.resolve("scripts/serve.mjs"), "--port", port], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
