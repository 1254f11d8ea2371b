import "server-only";

/**
 * Runs `tick` until stopped: straight on while a tick leased a full batch (there is a backlog),
 * otherwise every pollIntervalMs. A failed tick is logged and the loop goes on: leases make every
 * tick safe to repeat. The returned stop resolves once the tick in flight has finished.
 */
export function startLeaseLoop<R extends { leased: number }>(
  name: string,
  tick: () => Promise<R>,
  options: { batchSize: number; pollIntervalMs: number; onTick?: (r: R) => void },
): () => Promise<void> {
  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      wake = () => (clearTimeout(timer), resolve());
    });
  const loop = (async () => {
    while (!stopped) {
      let full = false;
      try {
        const r = await tick();
        options.onTick?.(r);
        full = r.leased >= options.batchSize;
      } catch (err) {
        console.error(`${name}:`, err instanceof Error ? err.message : err);
      }
      if (!full && !stopped) await sleep(options.pollIntervalMs);
    }
  })();
  return async () => {
    stopped = true;
    wake?.();
    await loop;
  };
}
