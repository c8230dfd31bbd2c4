// Runs fn(0 … n-1) with a fixed number of concurrent callers; resolves with the seconds it took.
export async function pool(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < n) await fn(next++); }));
  return (performance.now() - t0) / 1000;
}
