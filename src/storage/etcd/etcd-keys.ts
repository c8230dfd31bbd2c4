// Pure helpers for the etcd layout: key ranges (etcd's "prefix end"), store ↔ etcd keys and revisions.

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * The exclusive end of the range of keys starting with `prefix` (etcd's GetPrefixRangeEnd): the prefix
 * with its last byte below 0xff incremented and the rest dropped; `\0` (every key) when there is none.
 */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i]! < 0xff) {
      const end = prefix.slice(0, i + 1);
      end[i]! += 1;
      return end;
    }
  }
  return new Uint8Array([0]);
}

/** The range [key, rangeEnd) of every key starting with prefix; the empty prefix is the whole keyspace. */
export function prefixRange(prefix: Uint8Array): { key: Uint8Array; range_end: Uint8Array } {
  return prefix.length === 0 ? { key: new Uint8Array([0]), range_end: new Uint8Array([0]) } : { key: prefix, range_end: prefixEnd(prefix) };
}

/**
 * Maps Store keys and revisions to etcd's. `keyPrefix` is prepended to every Store key (Skiff's keys
 * already start with kube-apiserver's `/registry/`); `revisionBase` is subtracted from etcd revisions
 * (0: a resourceVersion is the etcd mod_revision, as in kube-apiserver).
 */
export class EtcdLayout {
  readonly keyPrefix: string;
  readonly revisionBase: number;
  readonly #prefixBytes: Uint8Array;

  constructor(keyPrefix: string, revisionBase: number) {
    this.keyPrefix = keyPrefix;
    this.revisionBase = revisionBase;
    this.#prefixBytes = utf8.encode(keyPrefix);
  }

  toEtcdKey(key: string): Uint8Array {
    return utf8.encode(this.keyPrefix + key);
  }

  /** The Store key of an etcd key; undefined when it lies outside the prefix. */
  fromEtcdKey(bytes: Uint8Array): string | undefined {
    const p = this.#prefixBytes;
    if (bytes.length < p.length) return undefined;
    for (let i = 0; i < p.length; i++) if (bytes[i] !== p[i]) return undefined;
    return fromUtf8.decode(bytes.subarray(p.length));
  }

  /** The etcd range of every Store key starting with prefix. */
  range(prefix: string): { key: Uint8Array; range_end: Uint8Array } {
    return prefixRange(this.toEtcdKey(prefix));
  }

  toEtcdRevision(rev: number): number {
    return rev + this.revisionBase;
  }

  /** A Store revision (never below 0: history before the base is not the Store's). */
  fromEtcdRevision(rev: number): number {
    return Math.max(0, rev - this.revisionBase);
  }
}

/** The first key strictly after `key` in byte order (key + "\0"), for paging with startAfter. */
export function keyAfter(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length + 1);
  out.set(key);
  return out;
}
