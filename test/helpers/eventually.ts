/**
 * Polls `probe` every `everyMs` until it returns `expected` or `withinMs` have passed, and returns
 * the last value and how long it took: for effects that cross a process boundary, where a test
 * can only wait, but must not wait a fixed time.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  expected: T,
  { withinMs = 1000, everyMs = 50 } = {},
): Promise<{ value: T; afterMs: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    const afterMs = Date.now() - started;
    if (value === expected || afterMs >= withinMs) return { value, afterMs };
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
