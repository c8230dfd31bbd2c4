// eventually(): polls a condition against a deadline (no fixed sleeps in tests).

export async function eventually<T>(check: () => Promise<T> | T, options: { timeoutMs?: number; intervalMs?: number; message?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (e: unknown) {
      last = e;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? last.message : String(last);
      throw new Error(`Condition not met within ${options.timeoutMs ?? 10_000} ms${options.message ? ` (${options.message})` : ''}: ${why}`, { cause: last });
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}
