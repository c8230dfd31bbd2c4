// Service: allocated values (clusterIP, clusterIPs, nodePorts) survive updates that omit them (upstream
// patchAllocatedValues); a Service that stops being NodePort/LoadBalancer drops the node ports it had
// (upstream dropTypeDependentFields), so `type: ClusterIP` in an edit is enough.
import type { KubeObject } from '../../../api/index.js';
import type { KindStrategy } from './strategy.js';

type Port = { port?: number; protocol?: string; nodePort?: number };
type Svc = KubeObject & { spec?: { clusterIP?: string; clusterIPs?: string[]; type?: string; ports?: Port[]; externalTrafficPolicy?: string; healthCheckNodePort?: number } };

export const needsNodePorts = (type: string | undefined): boolean => type === 'NodePort' || type === 'LoadBalancer';
const samePort = (a: Port, b: Port): boolean => a.port === b.port && (a.protocol ?? 'TCP') === (b.protocol ?? 'TCP');

export const serviceStrategy: KindStrategy = {
  prepareForUpdate(obj, old) {
    const n = obj as Svc;
    const o = old as Svc;
    if (!n.spec) return;
    if (needsNodePorts(n.spec.type)) {
      for (const p of n.spec.ports ?? []) {
        if (p.nodePort) continue;
        const was = (o.spec?.ports ?? []).find((q) => samePort(p, q))?.nodePort;
        if (was) p.nodePort = was;
      }
    } else if (needsNodePorts(o.spec?.type)) {
      for (const p of n.spec.ports ?? []) {
        if (p.nodePort && (o.spec?.ports ?? []).some((q) => samePort(p, q) && q.nodePort === p.nodePort)) delete p.nodePort;
      }
      // Fields only externally-accessible Services have, when the update left them as they were.
      if (n.spec.externalTrafficPolicy === o.spec?.externalTrafficPolicy) delete n.spec.externalTrafficPolicy;
      if (n.spec.healthCheckNodePort === o.spec?.healthCheckNodePort) delete n.spec.healthCheckNodePort;
    }
    if (!o.spec?.clusterIP || n.spec.type === 'ExternalName') return;
    if (!n.spec.clusterIP) n.spec.clusterIP = o.spec.clusterIP;
    if (!n.spec.clusterIPs?.length && o.spec.clusterIPs) n.spec.clusterIPs = [...o.spec.clusterIPs];
  },
};
