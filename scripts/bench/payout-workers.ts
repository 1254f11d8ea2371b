// `scripts/worker.ts` processes for the payout benchmark, started the way `npm run worker` runs it
// (tsx with the react-server condition) but as `node --import tsx` directly, so the pid we hold is
// the worker itself and stopping it does not depend on npm relaying a signal.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export type PayoutWorker = { pid: number; ready: Promise<void>; output(): string; stop(): Promise<void> };

export function spawnPayoutWorker(env: Record<string, string>): PayoutWorker {
  const child: ChildProcess = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.resolve("scripts/worker.ts")], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let readyResolve!: () => void;
  let readyReject!: (err: Error) => void;
  const ready = new Promise<void>((resolve, reject) => ((readyResolve = resolve), (readyReject = reject)));
  const onData = (d: Buffer) => {
    output = (output + d).slice(-20_000);
    // scripts/worker.ts prints this line once its payout loop is running.
    if (/payouts on the \S+ rail/.test(output)) readyResolve();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  child.on("exit", (code, signal) => readyReject(new Error(`worker exited (${code ?? signal}) before it was ready:\n${output}`)));
  const timer = setTimeout(() => readyReject(new Error(`worker not ready after 120 s:\n${output}`)), 120_000);
  ready.finally(() => clearTimeout(timer)).catch(() => {});

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM"); // the worker finishes its tick in flight, then exits
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
    }
  };
  return { pid: child.pid!, ready, output: () => output, stop };
}
