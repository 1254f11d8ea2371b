// The server Playwright tests run against: the test build (.next-test) on a fresh embedded
// database of its own, so end-to-end runs never touch .data/ or a running `npm start`.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { buildIfStale } from "./lib/build-if-stale.mjs";

const port = process.env.E2E_PORT || "3917";
const dataDir = mkdtempSync(path.join(tmpdir(), "payout-links-e2e-"));
buildIfStale({ distDir: ".next-test" });

const child = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", port, "-H", "127.0.0.1"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NEXT_DIST_DIR: ".next-test",
    DATABASE_URL: "",
    DATA_DIR: dataDir,
    APP_URL: `http://127.0.0.1:${port}`,
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    NEXT_TELEMETRY_DISABLED: "1",
  },
});
const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => {
  cleanUp();
  process.exit(code ?? 0);
});
