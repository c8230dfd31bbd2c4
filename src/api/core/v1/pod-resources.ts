// A pod's effective requests and limits (upstream component-helpers PodRequests/PodLimits): containers summed,
// init containers as a running maximum, restartable (sidecar) init containers added to both, then overhead.
// Shared by quota usage and LimitRange's Pod limits. Pure.
import { parseQuantity, type Quantity } from '../../resource/quantity.js';
import { arr, rec, str, type Rec } from './json.js';

export type Quantities = Record<string, Quantity>;

function listOf(raw: unknown): Quantities {
  const out: Quantities = {};
  for (const [k, v] of Object.entries(rec(raw))) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    try {
      out[k] = parseQuantity(v);
    } catch {
      // Validation rejects malformed quantities before anything reads them.
    }
  }
  return out;
}

function addInto(into: Quantities, more: Quantities): void {
  for (const [k, v] of Object.entries(more)) into[k] = into[k] ? into[k].add(v) : v;
}

function maxInto(into: Quantities, more: Quantities): void {
  for (const [k, v] of Object.entries(more)) if (!into[k] || v.cmp(into[k]) > 0) into[k] = v;
}

const isSidecar = (c: Rec): boolean => str(c['restartPolicy']) === 'Always';

function aggregate(spec: Rec, field: 'requests' | 'limits'): Quantities {
  const total: Quantities = {};
  for (const c of arr(spec['containers'])) addInto(total, listOf(rec(rec(c)['resources'])[field]));
  const sidecars: Quantities = {};
  const init: Quantities = {};
  for (const raw of arr(spec['initContainers'])) {
    const c = rec(raw);
    const own = listOf(rec(c['resources'])[field]);
    if (isSidecar(c)) {
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(init, sidecars);
    } else {
      const running: Quantities = { ...own };
      addInto(running, sidecars);
      maxInto(init, running);
    }
  }
  maxInto(total, init);
  return total;
}

/** The pod's effective requests; pod overhead is added to every resource unless excluded. */
export function podRequests(spec: unknown, options: { excludeOverhead?: boolean } = {}): Quantities {
  const s = rec(spec);
  const reqs = aggregate(s, 'requests');
  if (!options.excludeOverhead) addInto(reqs, listOf(s['overhead']));
  return reqs;
}

/** The pod's effective limits; overhead is added only to resources that have a limit, as upstream. */
export function podLimits(spec: unknown, options: { excludeOverhead?: boolean } = {}): Quantities {
  const s = rec(spec);
  const limits = aggregate(s, 'limits');
  if (!options.excludeOverhead) {
    for (const [k, v] of Object.entries(listOf(s['overhead']))) if (limits[k]) limits[k] = limits[k].add(v);
  }
  return limits;
}

/** One container's requests or limits as parsed quantities. */
export function containerResources(container: unknown, field: 'requests' | 'limits'): Quantities {
  return listOf(rec(rec(container)['resources'])[field]);
}
