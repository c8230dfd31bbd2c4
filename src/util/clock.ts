// Clock: the one way time enters the system, so tests can drive it.

export interface Clock {
  now(): Date;
  nowMs(): number;
  setTimeout(fn: () => void, ms: number): Disposable;
  sleep(ms: number, options?: { signal?: AbortSignal }): Promise<void>;
}

export class RealClock implements Clock {
  now(): Date {
    return new Date();
  }
  nowMs(): number {
    return Date.now();
  }
  setTimeout(fn: () => void, ms: number): Disposable {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { [Symbol.dispose]: () => clearTimeout(t) };
  }
  sleep(ms: number, options?: { signal?: AbortSignal }): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      options?.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }
}

export const realClock: Clock = new RealClock();

/** RFC3339 with second precision, as Kubernetes serialises metav1.Time. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC3339 with microseconds, as metav1.MicroTime. */
export function rfc3339Micro(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
