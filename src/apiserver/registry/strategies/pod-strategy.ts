// Pod: graceful deletion waits for the node only when the pod is bound and still running.
import type { KubeObject } from '../../../api/index.js';
import type { KindStrategy } from './strategy.js';

type PodLike = KubeObject & { spec?: { nodeName?: string; terminationGracePeriodSeconds?: number }; status?: { phase?: string } };

export const podStrategy: KindStrategy = {
  prepareForCreate(obj) {
    const p = obj as PodLike;
    p.status = { phase: 'Pending', ...(p.status ?? {}) };
  },
  gracePeriodSeconds(obj, req) {
    const p = obj as PodLike;
    // Unbound or finished pods have no kubelet to wait for: delete at once (upstream).
    if (!p.spec?.nodeName) return 0;
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return 0;
    return req.gracePeriodSeconds ?? p.spec.terminationGracePeriodSeconds ?? 30;
  },
};
