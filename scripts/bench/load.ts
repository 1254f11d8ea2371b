// Closed-loop load: N workers, each starting its next operation as soon as the previous one ends.
// Operations that complete during the warm-up are not counted; the measured window starts when the
// warm-up ends and closes `durationMs` later (work in flight at the close is drained, not counted).
import { cpuSnapshot, cpuDelta, type CpuDelta } from "./cpu";

export type OpResult = { ok: true } | { ok: false; detail: string };

export type PhaseResult = {
  name: string;
  concurrency: number;
  warmupMs: number;
  windowMs: number;
  completed: number;
  errors: number;
  /** Operations that completed during the warm-up: how a cold process did before the window. */
  warmupCompleted: number;
  warmupErrors: number;
  errorSamples: string[];
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  cpu: CpuDelta;
};

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  // Nearest-rank: the smallest sample with at least p% of samples at or below it.
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export async function runClosedLoop(options: {
  name: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** `worker` is 0..concurrency-1. Must not throw for an expected failure; return { ok: false }. */
  op: (worker: number) => Promise<OpResult>;
  serverPid?: number;
  /** Polled before each operation: true ends the phase early (Ctrl-C). */
  shouldStop?: () => boolean;
}): Promise<PhaseResult> {
  const { concurrency, warmupMs, durationMs, op } = options;
  const start = process.hrtime.bigint();
  const warmEnd = start + BigInt(Math.round(warmupMs * 1e6));
  const end = warmEnd + BigInt(Math.round(durationMs * 1e6));

  let samples = new Float64Array(1 << 16);
  let count = 0;
  let errors = 0;
  let warmupCompleted = 0;
  let warmupErrors = 0;
  const errorSamples: string[] = [];
  let cpuAtWarmEnd: ReturnType<typeof cpuSnapshot> | null = null;
  let cpuAtEnd: ReturnType<typeof cpuSnapshot> | null = null;

  // Sample CPU exactly at the window's edges, independent of request completions.
  const warmTimer = setTimeout(() => (cpuAtWarmEnd = cpuSnapshot(options.serverPid)), warmupMs);
  const endTimer = setTimeout(() => (cpuAtEnd = cpuSnapshot(options.serverPid)), warmupMs + durationMs);

  const worker = async (w: number) => {
    for (;;) {
      const t0 = process.hrtime.bigint();
      if (t0 >= end || options.shouldStop?.()) return;
      let result: OpResult;
      try {
        result = await op(w);
      } catch (err) {
        result = { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
      const t1 = process.hrtime.bigint();
      if (t1 < warmEnd) {
        if (result.ok) warmupCompleted++;
        else warmupErrors++;
        continue;
      }
      if (t1 > end) return;
      if (!result.ok) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(result.detail);
        continue;
      }
      if (count === samples.length) {
        const bigger = new Float64Array(samples.length * 2);
        bigger.set(samples);
        samples = bigger;
      }
      samples[count++] = Number(t1 - t0) / 1e6;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  clearTimeout(warmTimer);
  clearTimeout(endTimer);
  cpuAtWarmEnd ??= cpuSnapshot(options.serverPid);
  cpuAtEnd ??= cpuSnapshot(options.serverPid);

  const sorted = samples.slice(0, count).sort();
  let sum = 0;
  for (const s of sorted) sum += s;
  const windowMs = durationMs;
  return {
    name: options.name,
    concurrency,
    warmupMs,
    windowMs,
    completed: count,
    errors,
    warmupCompleted,
    warmupErrors,
    errorSamples,
    requestsPerSecond: count / (windowMs / 1000),
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      mean: count ? sum / count : NaN,
    },
    cpu: cpuDelta(cpuAtWarmEnd, cpuAtEnd),
  };
}
