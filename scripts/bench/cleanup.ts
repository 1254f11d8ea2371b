// Cleanup for the benchmark scripts: steps run last-added first, each once, errors reported and
// passed over, on the normal way out and on SIGINT/SIGTERM.

export type Cleanup = {
  push(step: () => Promise<void>): void;
  run(): Promise<void>;
  /** Whether a signal asked us to stop: long loops check it to end early. */
  readonly aborting: boolean;
};

export function cleanupOnExit(name: string): Cleanup {
  const steps: (() => Promise<void>)[] = [];
  let running: Promise<void> | null = null;
  const run = () =>
    (running ??= (async () => {
      for (const step of steps.reverse()) {
        try {
          await step();
        } catch (err) {
          console.error(`${name}: cleanup step failed:`, err instanceof Error ? err.message : err);
        }
      }
    })());
  // Ctrl-C usually arrives twice (from the terminal and relayed by tsx's parent process): every
  // signal after the first is ignored, so the second cannot kill us halfway through the cleanup.
  let aborting = false;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (aborting) return;
      aborting = true;
      console.error(`\n${name}: ${sig}, cleaning up…`);
      void run().finally(() => process.exit(130));
    });
  }
  return {
    push: (step) => void steps.push(step),
    run,
    get aborting() {
      return aborting;
    },
  };
}
