// The rules skeleton shared by Deployment, ReplicaSet and DaemonSet: namespaced metadata, a validated
// spec whose selector is immutable, and a kind-specific status check.
import { root, validateObjectMeta, validateObjectMetaUpdate, type FieldError, type FieldPath, type KindRules, type KubeObject } from '../../meta/index.js';
import { immutable, rec } from './json-fields.js';

export interface WorkloadRulesOptions {
  defaults: (obj: KubeObject) => void;
  validateSpec: (spec: Record<string, unknown>, path: FieldPath) => FieldError[];
  validateStatus: (status: Record<string, unknown>, old: Record<string, unknown>) => FieldError[];
}

export function workloadRules(o: WorkloadRulesOptions): KindRules {
  return {
    defaults: o.defaults,
    validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...o.validateSpec(rec(obj['spec']), root('spec'))],
    validateUpdate: (obj, old) => [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...o.validateSpec(rec(obj['spec']), root('spec')),
      ...immutable(rec(obj['spec'])['selector'], rec(old['spec'])['selector'], root('spec', 'selector')),
    ],
    validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...o.validateStatus(rec(obj['status']), rec(old['status']))],
  };
}
