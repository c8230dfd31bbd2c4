// Values of a cluster-wide range (Service ClusterIPs, NodePorts) held in the datastore, so that servers sharing it
// never hand out one value twice (upstream keeps a RangeAllocation bitmap in etcd for the same reason): a value is
// reserved by creating its key, which only one server can do. A reservation names its owner (the Service) and its
// time; one whose owner no longer holds the value (a write that failed after admission, a server that died before
// releasing) is taken over after a grace period, and a deleted Service releases its values.
import { isStorageError, type Store } from '../../storage/index.js';

export interface RangeReservations {
  /**
   * Claims value for owner; false when another owner holds it. holds(owner) says whether the cluster's Services
   * (this server's cache) show that owner with this value now.
   */
  reserve(value: string, owner: string, holds: (owner: string) => boolean): Promise<boolean>;
  /** Gives the value back if owner holds the reservation. */
  release(value: string, owner: string): Promise<void>;
}

interface Reservation { owner: string; atMs: number }

/** How long a reservation whose owner does not show it stays (its write may still be on its way). */
export const reservationGraceMs = 30_000;

export class StoreRangeReservations implements RangeReservations {
  readonly #storeOf: () => Store;
  readonly #prefix: string;
  readonly #nowMs: () => number;
  /** store: the datastore (asked for at each call: the API server opens it after building its admission chain). */
  constructor(store: () => Store, prefix: string, nowMs: () => number = Date.now) {
    this.#storeOf = store;
    this.#prefix = prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.#nowMs = nowMs;
  }

  get #store(): Store {
    return this.#storeOf();
  }

  #encode(owner: string): Uint8Array {
    return Buffer.from(JSON.stringify({ owner, atMs: this.#nowMs() } satisfies Reservation));
  }

  async reserve(value: string, owner: string, holds: (owner: string) => boolean): Promise<boolean> {
    const key = this.#prefix + value;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.#store.create(key, this.#encode(owner));
        return true;
      } catch (e: unknown) {
        if (!isStorageError(e, 'KeyExists')) throw e;
      }
      const kv = await this.#store.get(key);
      if (!kv) continue;
      const r = parse(kv.value);
      if (r?.owner === owner) return true;
      if (r && (holds(r.owner) || this.#nowMs() - r.atMs < reservationGraceMs)) return false;
      try {
        await this.#store.update(key, this.#encode(owner), kv.modRevision);
        return true;
      } catch (e: unknown) {
        if (!isStorageError(e, 'RevisionMismatch') && !isStorageError(e, 'KeyNotFound')) throw e;
      }
    }
    return false;
  }

  async release(value: string, owner: string): Promise<void> {
    const key = this.#prefix + value;
    const kv = await this.#store.get(key);
    if (!kv || parse(kv.value)?.owner !== owner) return;
    await this.#store.delete(key, kv.modRevision).catch((e: unknown) => {
      if (!isStorageError(e, 'RevisionMismatch') && !isStorageError(e, 'KeyNotFound')) throw e;
    });
  }
}

function parse(value: Uint8Array): Reservation | undefined {
  try {
    const r = JSON.parse(Buffer.from(value).toString('utf8')) as Partial<Reservation>;
    return typeof r.owner === 'string' && typeof r.atMs === 'number' ? { owner: r.owner, atMs: r.atMs } : undefined;
  } catch {
    return undefined;
  }
}
