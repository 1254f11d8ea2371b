// `next start` of the built app (as test/support/test-server.ts does it) against the bench database.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";

export const DIST_DIR = ".next-test";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export type BenchServer = { baseUrl: string; pid: number; env: Record<string, string>; logs(): string; stop(): Promise<void> };

export async function startServer(
  databaseUrl: string,
  options: { nodeArgs?: string[]; onSpawn?: (pid: number) => void; webConcurrency?: number; env?: Record<string, string> } = {},
): Promise<BenchServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NEXT_DIST_DIR: DIST_DIR,
    DATABASE_URL: databaseUrl,
    APP_URL: baseUrl,
    PORT: String(port),
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    WEB_CONCURRENCY: String(options.webConcurrency ?? 1),
    // Extra settings for this server (npm run bench:payouts: the in-process worker, poll intervals).
    ...options.env,
  };
  // As `npm start` serves (scripts/serve.mjs): same V8 flags, WEB_CONCURRENCY server processes.
  // --profile's flags must reach the server processes themselves (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (options.nodeArgs ?? []).map((a) => `--node-arg=${a}`);
  const child: ChildProcess = spawn(process.execPath, [path.resolve("scripts/serve.mjs"), "--port", String(port), "--host", "127.0.0.1", ...nodeArgs], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid) options.onSpawn?.(child.pid);
  let output = "";
  // Keep only the tail: a long run must not grow memory without bound.
  const keep = (d: Buffer) => (output = (output + d).slice(-20_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    }
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/treasury/balance`);
      await res.arrayBuffer();
      if (res.status === 401) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app server did not start within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseUrl, pid: child.pid!, env, logs: () => output, stop };
}
