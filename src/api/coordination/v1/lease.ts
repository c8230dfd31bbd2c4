// Lease (coordination.k8s.io/v1): validation of the lease timing fields (no defaults upstream).
import { invalid, notSupported, required, root, validateObjectMeta, validateObjectMetaUpdate, type FieldError, type KindRules, type KubeObject } from '../../meta/index.js';
import { nonNegative, rec } from '../../apps/v1/index.js';

const strategies = ['OldestEmulationVersion'] as const;

function validateLeaseSpec(obj: KubeObject): FieldError[] {
  const spec = rec(obj['spec']);
  const errs: FieldError[] = [];
  const d = spec['leaseDurationSeconds'];
  if (typeof d === 'number' && d <= 0) errs.push(invalid(root('spec', 'leaseDurationSeconds'), d, 'must be greater than 0'));
  errs.push(...nonNegative(spec['leaseTransitions'], root('spec', 'leaseTransitions')));
  const strategy = spec['strategy'];
  if (strategy !== undefined && strategy !== null && !(strategies as readonly unknown[]).includes(strategy)) {
    errs.push(notSupported(root('spec', 'strategy'), strategy, strategies));
  }
  const preferred = spec['preferredHolder'];
  if (typeof preferred === 'string' && preferred !== '' && (strategy === undefined || strategy === null)) {
    errs.push(required(root('spec', 'strategy'), 'must be specified when preferredHolder is set'));
  }
  return errs;
}

export const leaseRules: KindRules = {
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateLeaseSpec(obj)],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateLeaseSpec(obj)],
};
