/**
 * Rate limits count in fixed clock windows (lib/http/rate-limit.ts), so requests a test expects
 * to share one window can straddle two. Call this right before them: when less than `needMs` of
 * the current window is left, it waits for the next one to begin.
 */
export async function awaitRoomInWindow(windowSeconds: number, needMs = 10_000): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 200));
}
