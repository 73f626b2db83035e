/**
 * Runs `work` and measures the longest time the event loop was kept from running a 10 ms timer
 * meanwhile: in-process servers share the loop with the test, so a request that blocks the
 * server shows here.
 */
export async function withLongestBlock<T>(work: () => Promise<T>): Promise<{ result: T; blockedMs: number }> {
  const tick = 10;
  let last = performance.now();
  let blockedMs = 0;
  const sample = () => {
    const now = performance.now();
    blockedMs = Math.max(blockedMs, now - last - tick);
    last = now;
  };
  const timer = setInterval(sample, tick);
  try {
    const result = await work();
    // A block at the very end shows only on the next tick.
    await new Promise((resolve) => setTimeout(resolve, tick));
    sample();
    return { result, blockedMs };
  } finally {
    clearInterval(timer);
  }
}
