// NodePort allocation for Services (upstream's port allocator on --service-node-port-range 30000-32767):
// every port of a NodePort or LoadBalancer Service without spec.ports[].nodePort gets a random free port; a
// requested one must be in the range and not held by another Service (upstream's messages).
import { invalid as invalidErr, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import { invalid as fieldInvalid, type FieldError } from '../../api/meta/field-path.js';
import type { Admission } from '../registry/generic-store.js';
import { needsNodePorts } from '../registry/strategies/service-strategy.js';
import { InFlight, serviceKey, type ServiceLister } from './service-ip.js';
import type { RangeReservations } from './range-reservations.js';

export const nodePortRange = { first: 30000, last: 32767 } as const;

type Port = { port?: number; protocol?: string; nodePort?: number };
type Spec = { type?: string; ports?: Port[] };
const specOf = (o: KubeObject | undefined): Spec => ((o?.['spec'] ?? {}) as Spec);

/** reservations: the datastore's record of allocated ports, shared by every server on it (see service-ip.ts). */
export function serviceNodePortAllocator(services: ServiceLister, random: () => number = Math.random, reservations?: RangeReservations): Admission {
  const reserved = new InFlight<number>();
  const portsOf = (o: KubeObject | undefined): Set<number> => new Set((specOf(o).ports ?? []).map((p) => p.nodePort).filter((p): p is number => p !== undefined));
  const holds = (port: number) => (owner: string): boolean => services.list().some((s) => serviceKey(s) === owner && portsOf(s).has(port));
  return {
    async admit(op, desc: ResourceDescriptor, obj, old) {
      if (desc.group !== '' || desc.kind !== 'Service') return;
      const self = serviceKey(obj);
      if (op === 'DELETE') {
        for (const port of portsOf(obj)) await reservations?.release(String(port), self);
        return;
      }
      if (op !== 'CREATE' && op !== 'UPDATE') return;
      const spec = specOf(obj);
      if (!needsNodePorts(spec.type)) {
        for (const port of portsOf(old)) await reservations?.release(String(port), self);
        return;
      }
      const used = new Set<number>();
      for (const s of services.list()) {
        if (serviceKey(s) === self) continue;
        for (const p of specOf(s).ports ?? []) if (p.nodePort) used.add(p.nodePort);
      }
      for (const n of reserved.keys(self)) if (used.has(n)) reserved.settle(n); else used.add(n);
      const mine = new Set((specOf(old).ports ?? []).map((p) => p.nodePort).filter((p): p is number => p !== undefined));
      const errs: FieldError[] = [];
      const ports = spec.ports ?? [];
      ports.forEach((p, i) => {
        if (!p.nodePort) return;
        const path = `spec.ports[${i}].nodePort`;
        if (p.nodePort < nodePortRange.first || p.nodePort > nodePortRange.last) {
          errs.push(fieldInvalid(path, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${nodePortRange.first}-${nodePortRange.last}`));
        } else if (used.has(p.nodePort) && !mine.has(p.nodePort)) {
          errs.push(fieldInvalid(path, p.nodePort, 'provided port is already allocated'));
        }
        used.add(p.nodePort);
      });
      for (const [i, p] of ports.entries()) {
        if (!p.nodePort || errs.length || mine.has(p.nodePort) || !reservations) continue;
        if (!await reservations.reserve(String(p.nodePort), self, holds(p.nodePort))) errs.push(fieldInvalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'));
      }
      if (errs.length) throw invalidErr({ group: '', kind: 'Service' }, String((obj.metadata as { name?: string } | undefined)?.name ?? ''), errs);
      const size = nodePortRange.last - nodePortRange.first + 1;
      for (const p of ports) {
        if (p.nodePort) { reserved.add(p.nodePort, self); continue; }
        const start = Math.floor(random() * size);
        let found: number | undefined;
        for (let i = 0; i < size && found === undefined; i++) {
          const candidate = nodePortRange.first + ((start + i) % size);
          if (used.has(candidate)) continue;
          // Another server may have handed it out a moment ago (not in this cache yet): the datastore decides.
          if (reservations && !await reservations.reserve(String(candidate), self, holds(candidate))) { used.add(candidate); continue; }
          found = candidate;
        }
        if (found === undefined) throw invalidErr({ group: '', kind: 'Service' }, '', [fieldInvalid('spec.ports', [], 'failed to allocate a nodePort: range is full')]);
        p.nodePort = found;
        used.add(found);
        reserved.add(found, self);
      }
      // Ports the update dropped are free again.
      const now = portsOf(obj);
      for (const port of portsOf(old)) if (!now.has(port)) await reservations?.release(String(port), self);
    },
  };
}
