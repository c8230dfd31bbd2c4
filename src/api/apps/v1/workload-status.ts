// Status validation shared by replica-counting workloads (StatefulSet, Deployment, ReplicaSet):
// counters non-negative, bounded by status.replicas, and collisionCount never decremented.
import { invalid, root, type FieldError } from '../../meta/index.js';
import { nonNegative } from './json-fields.js';

export interface ReplicaStatusOptions {
  /** Counter fields to check, `replicas` first. */
  readonly counters: readonly string[];
  /** Upstream StatefulSet says "status.readyReplicas"; Deployment and ReplicaSet say "readyReplicas". */
  readonly readyWord?: string;
  /** Counters only checked for being non-negative (a Deployment's unavailableReplicas may exceed replicas). */
  readonly unbounded?: readonly string[];
}

export function validateReplicaStatus(status: Record<string, unknown>, old: Record<string, unknown>, opts: ReplicaStatusOptions): FieldError[] {
  const p = root('status');
  const errs: FieldError[] = [];
  for (const c of [...opts.counters, ...(opts.unbounded ?? [])]) errs.push(...nonNegative(status[c], p.child(c)));
  errs.push(...nonNegative(status['observedGeneration'], p.child('observedGeneration')));
  errs.push(...nonNegative(status['collisionCount'], p.child('collisionCount')));
  const num = (k: string): number => (typeof status[k] === 'number' ? status[k] : 0);
  for (const c of opts.counters) {
    if (c !== 'replicas' && num(c) > num('replicas')) errs.push(invalid(p.child(c), num(c), 'cannot be greater than status.replicas'));
  }
  if (opts.counters.includes('availableReplicas') && opts.counters.includes('readyReplicas') && num('availableReplicas') > num('readyReplicas')) {
    errs.push(invalid(p.child('availableReplicas'), num('availableReplicas'), `cannot be greater than ${opts.readyWord ?? 'status.readyReplicas'}`));
  }
  const prevCollisions = old['collisionCount'];
  if (typeof prevCollisions === 'number') {
    const now = typeof status['collisionCount'] === 'number' ? status['collisionCount'] : 0;
    if (now < prevCollisions) errs.push(invalid(p.child('collisionCount'), now, 'cannot be decremented'));
  }
  return errs;
}
