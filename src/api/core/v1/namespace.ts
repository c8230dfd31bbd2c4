// Namespace: defaults (kubernetes.io/metadata.name label, phase Active), DNS-label names, finalizer names,
// and the status rule (Active unless being deleted, then Terminating).
import { invalid, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { isQualifiedName, nameIsDnsLabel } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { arr, child, rec, s0, setDefault } from './json.js';

export const metadataNameLabel = 'kubernetes.io/metadata.name';
const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function validateSpecFinalizers(obj: KubeObject): FieldError[] {
  const path = root('spec', 'finalizers');
  const errs: FieldError[] = [];
  for (const f of arr(rec(obj['spec'])['finalizers']).map(String)) {
    for (const m of isQualifiedName(f)) errs.push(invalid(path, f, m));
    if (!f.includes('/') && !standardFinalizers.has(f)) errs.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

export const namespaceRules: KindRules = {
  defaults(obj) {
    const meta = child(obj, 'metadata');
    const name = s0(meta['name']);
    if (name !== '') child(meta, 'labels')[metadataNameLabel] = name;
    setDefault(child(obj, 'status'), 'phase', 'Active');
  },
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsDnsLabel }), ...validateSpecFinalizers(obj)],
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
  validateStatusUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    const phase = s0(rec(obj['status'])['phase']);
    if (!rec(obj.metadata)['deletionTimestamp']) {
      if (phase !== 'Active') errs.push(invalid(root('status', 'Phase'), phase, "may only be 'Active' if `deletionTimestamp` is empty"));
    } else if (phase !== 'Terminating') {
      errs.push(invalid(root('status', 'Phase'), phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
    }
    return errs;
  },
};
