// CertificateSigningRequest strategy (upstream pkg/registry/certificates/certificates/strategy.go): the requestor's
// identity is recorded in spec on create; spec never changes afterwards; /status may not touch Approved/Denied;
// /approval changes only the conditions; condition timestamps are filled in by the server.
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1.js';
import type { KubeObject } from '../../../api/index.js';
import { rfc3339 } from '../../../util/index.js';
import type { KindStrategy } from './strategy.js';

type Csr = CertificateSigningRequest & KubeObject;

/** Keeps the stored instances of a condition type when their count did not change (upstream preserveConditionInstances). */
function preserveConditionInstances(next: Csr, old: Csr, type: string): void {
  const conds = next.status?.conditions ?? [];
  const mine = conds.flatMap((c, i) => (c.type === type ? [i] : []));
  const theirs = (old.status?.conditions ?? []).filter((c) => c.type === type);
  if (mine.length !== theirs.length) return;
  mine.forEach((at, i) => { conds[at] = structuredClone(theirs[i]!); });
}

/** Sets missing lastUpdateTime to now, and lastTransitionTime to the stored one of the same type and status, else now. */
function populateConditionTimestamps(next: Csr, old: Csr, now: Date): void {
  const stamp = rfc3339(now);
  for (const c of next.status?.conditions ?? []) {
    if (!c.lastUpdateTime) c.lastUpdateTime = stamp;
    if (!c.lastTransitionTime) {
      const same = (old.status?.conditions ?? []).find((o: CertificateSigningRequestCondition) => o.type === c.type && o.status === c.status && o.lastTransitionTime);
      c.lastTransitionTime = same?.lastTransitionTime ?? stamp;
    }
  }
}

export const certificateSigningRequestStrategy: KindStrategy = {
  prepareForCreate(obj, req) {
    const csr = obj as Csr;
    const spec = { ...(csr.spec ?? { request: '' }) };
    delete spec.uid;
    delete spec.extra;
    spec.username = req.user.name;
    if (req.user.uid) spec.uid = req.user.uid;
    spec.groups = [...req.user.groups];
    const extra = req.user.extra ?? {};
    if (Object.keys(extra).length) spec.extra = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [...v]]));
    csr.spec = spec;
    // Nobody creates a pre-approved request.
    csr.status = {};
  },
  prepareForUpdate(obj, old) {
    const csr = obj as Csr;
    csr.spec = structuredClone((old as Csr).spec!);
  },
  prepareForStatusUpdate(obj, prev, req) {
    const next = obj as Csr;
    const old = prev as Csr;
    if (req.subresource === 'approval') {
      // Only the conditions change through /approval.
      next.status = { ...structuredClone(old.status ?? {}), ...(next.status?.conditions ? { conditions: next.status.conditions } : {}) };
      if (!next.status.conditions) delete next.status.conditions;
    } else {
      preserveConditionInstances(next, old, 'Approved');
      preserveConditionInstances(next, old, 'Denied');
    }
    populateConditionTimestamps(next, old, req.now);
  },
};
