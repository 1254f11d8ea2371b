// Starts scripts/bench/janitor.mjs beside a bench run (the same helper `npm run bench` starts in
// scripts/bench.ts): detached, told over IPC what to clean, and it cleans up if this process dies.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export type Janitor = { tell(state: Record<string, unknown>): void; dismiss(): Promise<void> };

export function startJanitor(): Janitor {
  const child = spawn(process.execPath, [fileURLToPath(new URL("./janitor.mjs", import.meta.url))], {
    detached: true,
    stdio: ["ignore", "ignore", "ignore", "ipc"],
  });
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  return {
    tell(state) {
      if (child.connected) child.send(state);
    },
    dismiss() {
      if (!child.connected) return Promise.resolve();
      return new Promise((resolve) => child.send({ done: true }, () => resolve()));
    },
  };
}
