// DisposableStore: owns children and disposes them in reverse order of registration.

export class DisposableStore implements AsyncDisposable {
  #items: (Disposable | AsyncDisposable)[] = [];
  #disposed = false;
  add<T extends Disposable | AsyncDisposable>(d: T): T {
    if (this.#disposed) throw new Error('Cannot add to a disposed DisposableStore');
    this.#items.push(d);
    return d;
  }
  /** Registers a plain cleanup function. */
  defer(fn: () => void | Promise<void>): void {
    this.add({ [Symbol.asyncDispose]: async () => { await fn(); } });
  }
  get isDisposed(): boolean {
    return this.#disposed;
  }
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const errors: unknown[] = [];
    for (const d of this.#items.reverse()) {
      try {
        if (Symbol.asyncDispose in d) await d[Symbol.asyncDispose]();
        else d[Symbol.dispose]();
      } catch (e: unknown) {
        errors.push(e);
      }
    }
    this.#items = [];
    if (errors.length) throw new AggregateError(errors, 'Cannot dispose all resources');
  }
}
