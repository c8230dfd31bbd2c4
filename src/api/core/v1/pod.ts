// Pod: defaults, validation, and the upstream rule on what a pod update may change.
import { forbidden, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules } from '../../meta/kind-rules.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { defaultPodSpec, validatePodSpec } from './pod-spec.js';
import { arr, child, deepEqual, rec } from './json.js';

/** Upstream: only container images, activeDeadlineSeconds, tolerations (additions) and gates may change. */
function validatePodSpecUpdate(spec: unknown, old: unknown): FieldError[] {
  const n = structuredClone(rec(spec));
  const o = rec(old);
  const oc = arr(o['containers']);
  arr(n['containers']).forEach((c, i) => { const x = rec(c); const y = rec(oc[i]); if (y['image'] !== undefined) x['image'] = y['image']; });
  const oi = arr(o['initContainers']);
  arr(n['initContainers']).forEach((c, i) => { const x = rec(c); const y = rec(oi[i]); if (y['image'] !== undefined) x['image'] = y['image']; });
  n['activeDeadlineSeconds'] = o['activeDeadlineSeconds'];
  n['tolerations'] = o['tolerations'];
  n['schedulingGates'] = o['schedulingGates'];
  if (!o['nodeName']) n['nodeName'] = o['nodeName'];
  for (const k of Object.keys(n)) if (n[k] === undefined) delete n[k];
  const oo = { ...o };
  for (const k of Object.keys(oo)) if (oo[k] === undefined) delete oo[k];
  if (deepEqual(n, oo)) return [];
  return [forbidden(root('spec'), 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)')];
}

export const podRules: KindRules = {
  defaults(obj) {
    defaultPodSpec(child(obj, 'spec'));
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validatePodSpec(obj['spec'], root('spec'))];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePodSpec(obj['spec'], root('spec')), ...validatePodSpecUpdate(obj['spec'], old['spec'])];
  },
  validateStatusUpdate(obj, old) {
    return validateObjectMetaUpdate(obj.metadata, old.metadata);
  },
};
