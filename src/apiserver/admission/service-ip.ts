// ClusterIP allocation for Services (upstream's service IP allocator, on 10.43.0.0/16 as k3s):
// a Service without spec.clusterIP gets the lowest free address; "None" (headless) and ExternalName get none.
import { invalid as invalidErr, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import { invalid as fieldInvalid } from '../../api/meta/field-path.js';
import type { Admission } from '../registry/generic-store.js';
import type { RangeReservations } from './range-reservations.js';

export const serviceCidr = { base: (10 << 24) | (43 << 16), size: 1 << 16 } as const;

const toIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const fromIp = (s: string): number => s.split('.').reduce((a, x) => (a << 8) + Number(x), 0) >>> 0;

/**
 * Values an allocator handed out whose write may not be in the cache yet. An entry is dropped once the cache
 * shows the value, and lapses after ttlMs anyway (a write is long done by then): the cache is the truth, so a
 * deleted Service's values are free again at once.
 */
export class InFlight<K> {
  readonly #entries = new Map<K, { owner: string; untilMs: number }>();
  constructor(private readonly ttlMs = 3_000, private readonly nowMs: () => number = Date.now) {}
  add(key: K, owner = ''): void {
    this.#entries.set(key, { owner, untilMs: this.nowMs() + this.ttlMs });
  }
  /** Forgets an entry (its write is in the cache now, which speaks for it from here on). */
  settle(key: K): void {
    this.#entries.delete(key);
  }
  /** The live entries, except those of `owner`. */
  keys(exceptOwner?: string): K[] {
    const now = this.nowMs();
    const out: K[] = [];
    for (const [k, e] of this.#entries) {
      if (e.untilMs <= now) this.#entries.delete(k);
      else if (exceptOwner === undefined || e.owner !== exceptOwner) out.push(k);
    }
    return out;
  }
}

/** "namespace/name" of a Service: whose in-flight values are whose. */
export const serviceKey = (o: KubeObject): string => { const m = (o.metadata ?? {}) as { namespace?: string; name?: string }; return `${m.namespace ?? ''}/${m.name ?? ''}`; };

export interface ServiceLister {
  /** Every stored Service. */
  list(): readonly KubeObject[];
}

type Spec = { type?: string; clusterIP?: string; clusterIPs?: string[] };

/**
 * reservations: the datastore's record of allocated addresses, shared by every server on it (absent: this server's
 * cache is the only truth, as for a single server).
 */
export function serviceIpAllocator(services: ServiceLister, reservations?: RangeReservations): Admission {
  const reserved = new InFlight<number>();
  /** Whether the Service `owner` has ip now (as this server's cache shows it). */
  const holds = (ip: string) => (owner: string): boolean => services.list().some((s) => serviceKey(s) === owner && ((s['spec'] ?? {}) as Spec).clusterIP === ip);
  return {
    async admit(op, desc: ResourceDescriptor, obj) {
      if (desc.group !== '' || desc.kind !== 'Service') return;
      if (op === 'DELETE') {
        const ip = ((obj['spec'] ?? {}) as Spec).clusterIP;
        if (reservations && ip && ip !== 'None') await reservations.release(ip, serviceKey(obj));
        return;
      }
      if (op !== 'CREATE') return;
      const spec = (obj['spec'] ??= {}) as Spec;
      if (spec.type === 'ExternalName' || spec.clusterIP === 'None') return;
      const used = new Set<number>();
      for (const s of services.list()) {
        const ip = ((s['spec'] ?? {}) as Spec).clusterIP;
        if (ip && ip !== 'None') used.add(fromIp(ip));
      }
      const self = serviceKey(obj);
      for (const n of reserved.keys(self)) if (used.has(n)) reserved.settle(n); else used.add(n);
      if (spec.clusterIP) {
        const n = fromIp(spec.clusterIP);
        const name = String((obj.metadata as { name?: string } | undefined)?.name ?? '');
        if (used.has(n) || (reservations && !await reservations.reserve(spec.clusterIP, self, holds(spec.clusterIP)))) {
          throw invalidErr({ group: '', kind: 'Service' }, name, [fieldInvalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`)]);
        }
        reserved.add(n, self);
        spec.clusterIPs = [spec.clusterIP];
        return;
      }
      // .1 is upstream's `kubernetes` Service address; start after it.
      for (let i = 2; i < serviceCidr.size - 1; i++) {
        const n = (serviceCidr.base + i) >>> 0;
        if (used.has(n)) continue;
        // Another server may have handed it out a moment ago (not in this cache yet): the datastore decides.
        if (reservations && !await reservations.reserve(toIp(n), self, holds(toIp(n)))) continue;
        reserved.add(n, self);
        spec.clusterIP = toIp(n);
        spec.clusterIPs = [spec.clusterIP];
        return;
      }
      throw invalidErr({ group: '', kind: 'Service' }, '', [fieldInvalid('spec.clusterIPs', [], 'failed to allocate IP: range is full')]);
    },
  };
}
