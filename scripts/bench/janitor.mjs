// Runs beside `npm run bench`, detached, and cleans up after it if it dies without doing so itself:
// tsx's parent process SIGKILLs its child when the child is slow (about 30 ms) to acknowledge a
// Ctrl-C, which a loaded benchmark often is. The bench tells this process over IPC what to clean
// (the database it created, the app server it started); when the IPC channel closes without a
// "done", the bench is gone, so this process stops the server and drops the database.
import { readFileSync } from "node:fs";
import pg from "pg";

// workerPids: `npm run bench:payouts` also runs `scripts/worker.ts` processes.
const state = { adminUrl: null, database: null, serverPid: null, workerPids: [] };
let done = false;

process.on("message", (msg) => {
  if (msg?.done) {
    done = true;
    process.disconnect?.();
    process.exit(0);
  }
  Object.assign(state, msg);
});

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
};
const isNextServer = (pid) => {
  try {
    return /next/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return process.platform !== "linux";
  }
};

const isPayoutWorker = (pid) => {
  try {
    return /scripts\/worker\.ts/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return process.platform !== "linux";
  }
};

process.on("disconnect", async () => {
  if (done) return;
  for (const pid of state.workerPids ?? []) {
    if (!alive(pid) || !isPayoutWorker(pid)) continue;
    try {
      process.kill(pid, "SIGKILL"); // a payout worker is safe to kill: its leases lapse
    } catch {}
  }
  if (state.serverPid && alive(state.serverPid) && isNextServer(state.serverPid)) {
    try {
      process.kill(state.serverPid, "SIGTERM");
    } catch {}
    for (let i = 0; i < 50 && alive(state.serverPid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(state.serverPid)) {
      try {
        process.kill(state.serverPid, "SIGKILL");
      } catch {}
    }
  }
  if (state.adminUrl && state.database && /^payout_links_bench_[0-9a-f]+$/.test(state.database)) {
    const client = new pg.Client({ connectionString: state.adminUrl, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${state.database}" WITH (FORCE)`);
    } catch {
      // nothing more to do from here
    } finally {
      await client.end().catch(() => {});
    }
  }
  process.exit(0);
});
