import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDatabase, type TestDatabase } from "./database";

const DIST_DIR = ".next-test";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export type TestServer<F> = {
  baseUrl: string;
  fixtures: F;
  database: TestDatabase;
  /** PostgreSQL only: the embedded database belongs to the server process while it runs. */
  prisma: PrismaClient | null;
  logs(): string;
  stop(): Promise<void>;
};

/**
 * A real `next start` of the built app (built into .next-test by global setup) on a free port,
 * against a database of its own. `seed` runs first, with direct database access, to create the
 * organisations and keys the tests need.
 */
export async function startTestServer<F>(seed: (prisma: PrismaClient) => Promise<F>, env: Record<string, string> = {}): Promise<TestServer<F>> {
  const database = await createTestDatabase();
  const fixtures = await seed(database.prisma);
  await database.release();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    // The payout worker is off unless a test asks for it: seeded claims must stay where tests put them.
    env: { ...process.env, ...database.serverEnv, NEXT_DIST_DIR: DIST_DIR, APP_URL: baseUrl, PORT: String(port), PAYOUT_WORKER: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`test server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/treasury/balance`);
      if (res.status === 401) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`test server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    fixtures,
    database,
    prisma: database.kind === "postgresql" ? database.prisma : null,
    logs: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await database.destroy();
    },
  };
}
