// NodePort allocation for Services (upstream's port allocator on --service-node-port-range 30000-32767):
// every port of a NodePort or LoadBalancer Service without spec.ports[].nodePort gets a random free port; a
// requested one must be in the range and not held by another Service (upstream's messages).
import { invalid as invalidErr, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import { invalid as fieldInvalid, type FieldError } from '../../api/meta/field-path.js';
import type { Admission } from '../registry/generic-store.js';
import { needsNodePorts } from '../registry/strategies/service-strategy.js';
import { InFlight, serviceKey, type ServiceLister } from './service-ip.js';

export const nodePortRange = { first: 30000, last: 32767 } as const;

type Port = { port?: number; protocol?: string; nodePort?: number };
type Spec = { type?: string; ports?: Port[] };
const specOf = (o: KubeObject | undefined): Spec => ((o?.['spec'] ?? {}) as Spec);

export function serviceNodePortAllocator(services: ServiceLister, random: () => number = Math.random): Admission {
  const reserved = new InFlight<number>();
  return {
    admit(op, desc: ResourceDescriptor, obj, old) {
      if ((op !== 'CREATE' && op !== 'UPDATE') || desc.group !== '' || desc.kind !== 'Service') return;
      const spec = specOf(obj);
      if (!needsNodePorts(spec.type)) return;
      const self = serviceKey(obj);
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
      if (errs.length) throw invalidErr({ group: '', kind: 'Service' }, String((obj.metadata as { name?: string } | undefined)?.name ?? ''), errs);
      const size = nodePortRange.last - nodePortRange.first + 1;
      for (const p of ports) {
        if (p.nodePort) { reserved.add(p.nodePort, self); continue; }
        const start = Math.floor(random() * size);
        let found: number | undefined;
        for (let i = 0; i < size && found === undefined; i++) {
          const candidate = nodePortRange.first + ((start + i) % size);
          if (!used.has(candidate)) found = candidate;
        }
        if (found === undefined) throw invalidErr({ group: '', kind: 'Service' }, '', [fieldInvalid('spec.ports', [], 'failed to allocate a nodePort: range is full')]);
        p.nodePort = found;
        used.add(found);
        reserved.add(found, self);
      }
    },
  };
}
