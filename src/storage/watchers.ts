// Watcher fan-out shared by the store backends: prefix filtering and synchronous delivery after commit.
import type { StoreEvent, WatchOptions } from './store.js';
import { StorageError } from './errors.js';

interface Watcher {
  prefix: string;
  handler: (ev: StoreEvent) => void;
}

export class Watchers {
  readonly #set = new Set<Watcher>();

  add(prefix: string, handler: (ev: StoreEvent) => void, signal?: AbortSignal): void {
    const w: Watcher = { prefix, handler };
    this.#set.add(w);
    signal?.addEventListener('abort', () => this.#set.delete(w), { once: true });
  }

  /**
   * The Store.watch contract for any backend: refuse compacted history, replay what came after
   * options.afterRevision (from `history`, filtered by prefix), then subscribe for live events.
   */
  subscribe(prefix: string, handler: (ev: StoreEvent) => void, options: WatchOptions, compacted: number, history: (after: number) => Iterable<StoreEvent>): void {
    if (options.afterRevision < compacted) throw new StorageError('Compacted', prefix, compacted);
    for (const ev of history(options.afterRevision)) if (ev.kv.key.startsWith(prefix)) handler(ev);
    if (options.signal?.aborted) return;
    this.add(prefix, handler, options.signal);
  }

  /** Delivers one committed event to every matching watcher. A throwing handler is isolated. */
  emit(ev: StoreEvent): void {
    for (const w of this.#set) {
      if (!ev.kv.key.startsWith(w.prefix)) continue;
      try {
        w.handler(ev);
      } catch {
        // Handlers must not throw (Store contract); one bad subscriber must not break the others.
      }
    }
  }

  clear(): void {
    this.#set.clear();
  }
}
