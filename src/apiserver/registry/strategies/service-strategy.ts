// Service: allocated values (clusterIP, clusterIPs, nodePorts) survive updates that omit them (upstream patchAllocatedValues).
import type { KubeObject } from '../../../api/index.js';
import type { KindStrategy } from './strategy.js';

type Svc = KubeObject & { spec?: { clusterIP?: string; clusterIPs?: string[]; type?: string } };

export const serviceStrategy: KindStrategy = {
  prepareForUpdate(obj, old) {
    const n = obj as Svc;
    const o = old as Svc;
    if (!n.spec || !o.spec?.clusterIP || n.spec.type === 'ExternalName') return;
    if (!n.spec.clusterIP) n.spec.clusterIP = o.spec.clusterIP;
    if (!n.spec.clusterIPs?.length && o.spec.clusterIPs) n.spec.clusterIPs = [...o.spec.clusterIPs];
  },
};
