// Serves the built app: `node scripts/serve.mjs [--port 3000] [--host 0.0.0.0]`, with
// WEB_CONCURRENCY server processes (default 1). Used by `npm start` and by `npm run bench`, so both
// run the server the same way.
//
// More than one process needs PostgreSQL (the embedded database belongs to one process). They share
// the port through node:cluster, which hands connections out round-robin; each one is a complete
// `next start`, so a crashed one is simply replaced.
import cluster from "node:cluster";
import path from "node:path";
import { parseArgs } from "node:util";

// A larger young generation: API requests allocate many short-lived objects, and fewer scavenges
// gave about 10% more generate throughput in `npm run bench` (docs/benchmarks.md).
const SERVER_NODE_ARGS = ["--max-semi-space-size=32"];

// --node-arg passes a V8/Node flag to the server processes (the benchmark's --cpu-prof, which
// NODE_OPTIONS refuses).
const { values } = parseArgs({ options: { port: { type: "string" }, host: { type: "string" }, "node-arg": { type: "string", multiple: true } } });
const port = values.port ?? process.env.PORT ?? "3000";
const workers = Number(process.env.WEB_CONCURRENCY || "1");
const nextArgs = ["start", "-p", port, ...(values.host ? ["-H", values.host] : [])];
const nextBin = path.resolve("node_modules/next/dist/bin/next");

if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
  console.error(`WEB_CONCURRENCY must be a whole number from 1 to 64 (got "${process.env.WEB_CONCURRENCY}").`);
  process.exit(2);
}
if (workers > 1 && !process.env.DATABASE_URL) {
  console.error("WEB_CONCURRENCY above 1 needs PostgreSQL (DATABASE_URL): the embedded database serves one process.");
  process.exit(2);
}

cluster.setupPrimary({ exec: nextBin, args: nextArgs, execArgv: [...SERVER_NODE_ARGS, ...(values["node-arg"] ?? [])] });
let stopping = false;
for (let i = 0; i < workers; i++) cluster.fork({ NEXT_TELEMETRY_DISABLED: "1" });

cluster.on("exit", (worker, code, signal) => {
  if (stopping) {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    return;
  }
  if (workers === 1) process.exit(code ?? 1); // a single server that stops is the answer (e.g. a failed start)
  console.error(`server process ${worker.process.pid} exited (${signal ?? code}); starting another`);
  cluster.fork({ NEXT_TELEMETRY_DISABLED: "1" });
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(sig);
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
