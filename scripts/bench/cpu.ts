// Where the machine's CPU went during a measured window (Linux /proc; elsewhere reports nothing):
// the app server's process tree, PostgreSQL's processes, and this process (the load generator).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

type Snapshot = {
  at: number; // ms, monotonic
  machineBusyTicks: number;
  machineTotalTicks: number;
  serverTicks: number;
  postgresTicks: number;
  selfMicros: number;
} | null;

/** Cores' worth of CPU each group used on average over the window (1.0 = one core fully busy). */
export type CpuDelta = {
  cores: number;
  machineBusy: number | null;
  server: number | null;
  postgres: number | null;
  loadGenerator: number | null;
  /** Everything else on the machine: other users' work disturbs the figures. */
  other: number | null;
};

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

type ProcStat = { pid: number; ppid: number; comm: string; ticks: number };

function readProcs(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, "utf8");
      // comm is in parentheses and may contain spaces; fields after it are space-separated.
      const close = raw.lastIndexOf(")");
      const comm = raw.slice(raw.indexOf("(") + 1, close);
      const f = raw.slice(close + 2).split(" ");
      // f[0]=state f[1]=ppid ... f[11]=utime f[12]=stime
      out.push({ pid: Number(entry), ppid: Number(f[1]), comm, ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // the process ended between readdir and read
    }
  }
  return out;
}

export function cpuSnapshot(serverPid?: number): Snapshot {
  if (process.platform !== "linux") return null;
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line;
    const busy = user + nice + system + irq + softirq + (steal ?? 0);
    const total = busy + idle + (iowait ?? 0);
    const procs = readProcs();
    let serverTicks = 0;
    if (serverPid) {
      const tree = new Set([serverPid]);
      // Parents come before children often but not always: iterate to a fixed point.
      for (let changed = true; changed; ) {
        changed = false;
        for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) (tree.add(p.pid), (changed = true));
      }
      for (const p of procs) if (tree.has(p.pid)) serverTicks += p.ticks;
    }
    const postgresTicks = procs.filter((p) => p.comm === "postgres" || p.comm.startsWith("postgres:")).reduce((a, p) => a + p.ticks, 0);
    const self = process.cpuUsage();
    return {
      at: performance.now(),
      machineBusyTicks: busy,
      machineTotalTicks: total,
      serverTicks,
      postgresTicks,
      selfMicros: self.user + self.system,
    };
  } catch {
    return null;
  }
}

export function cpuDelta(a: Snapshot, b: Snapshot): CpuDelta {
  const cores = cpus().length;
  if (!a || !b) return { cores, machineBusy: null, server: null, postgres: null, loadGenerator: null, other: null };
  const seconds = (b.at - a.at) / 1000;
  const hz = ticksPerSecond();
  const round = (x: number) => Math.round(x * 100) / 100;
  const machineBusy = ((b.machineBusyTicks - a.machineBusyTicks) / Math.max(1, b.machineTotalTicks - a.machineTotalTicks)) * cores;
  const server = (b.serverTicks - a.serverTicks) / hz / seconds;
  const postgres = (b.postgresTicks - a.postgresTicks) / hz / seconds;
  const loadGenerator = (b.selfMicros - a.selfMicros) / 1e6 / seconds;
  return {
    cores,
    machineBusy: round(machineBusy),
    server: round(server),
    // Backends that exit during the window take their CPU time with them (other sessions'
    // connections closing): never report less than nothing.
    postgres: round(Math.max(0, postgres)),
    loadGenerator: round(loadGenerator),
    other: round(Math.max(0, machineBusy - server - postgres - loadGenerator)),
  };
}
