// CPU time (seconds, user + system) of a set of processes and their children, from Linux /proc.
// The payout benchmark runs several worker processes; scripts/bench/cpu.ts follows one server tree.
import { readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

let hz: number | undefined;
function ticksPerSecond(): number {
  if (hz === undefined) {
    try {
      hz = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      hz = 100;
    }
  }
  return hz;
}

/** null off Linux. Processes that exited since are simply not counted. */
export function cpuSecondsOf(pids: number[]): number | null {
  if (process.platform !== "linux") return null;
  const procs: { pid: number; ppid: number; ticks: number }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, "utf8");
      const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
      procs.push({ pid: Number(entry), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // ended between readdir and read
    }
  }
  const tree = new Set(pids);
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) (tree.add(p.pid), (changed = true));
  }
  let ticks = 0;
  for (const p of procs) if (tree.has(p.pid)) ticks += p.ticks;
  return ticks / ticksPerSecond();
}
