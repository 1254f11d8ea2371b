export async function register() {
  // Node-only work lives in a module of its own so the Edge bundle never sees it.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerRuntime } = await import("./lib/boot/server-runtime");
    try {
      await startServerRuntime();
    } catch (err) {
      // Next keeps listening after a failed hook and answers every request with a 500; a server
      // without its database is better stopped, with the reason on screen.
      console.error(`\n  Payout Links could not start: ${err instanceof Error ? err.message : err}\n`);
      process.exit(1);
    }
  }
}
