// StorageClass (storage.k8s.io/v1): defaults and validation per stateful-semantics §1 DEF-03 and §2.6 (VAL-SC1..5).
import {
  duplicate, forbidden, invalid, isQualifiedName, notSupported, required, root, tooLong, validateObjectMeta, validateObjectMetaUpdate,
  type FieldError, type FieldPath, type KindRules, type KubeObject,
} from '../../meta/index.js';
import { arr, deepEqual, immutable, isRecord, rec, setDefault, str } from '../../apps/v1/index.js';

const reclaimPolicies = ['Delete', 'Retain'] as const;
const bindingModes = ['Immediate', 'WaitForFirstConsumer'] as const;
const maxParameterKeys = 512;
const maxParameterBytes = 256 * 1024;
function validateParameters(params: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(params)) return [];
  const errs: FieldError[] = [];
  const entries = Object.entries(params);
  if (entries.length > maxParameterKeys) errs.push(tooLong(path, '', maxParameterKeys));
  let size = 0;
  for (const [k, v] of entries) {
    if (k === '') errs.push(invalid(path, k, 'field can not be empty.'));
    size += k.length + str(v).length;
  }
  if (size > maxParameterBytes) errs.push(tooLong(path, '', maxParameterBytes));
  return errs;
}

function validateAllowedTopologies(terms: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen: unknown[] = [];
  arr(terms).forEach((term, i) => {
    const p = path.index(i);
    const exprs = arr(rec(term)['matchLabelExpressions']);
    if (exprs.length === 0) errs.push(required(p.child('matchLabelExpressions'), 'must contain at least one key-value pair'));
    exprs.forEach((e, j) => {
      const ep = p.child('matchLabelExpressions').index(j);
      if (str(rec(e)['key']) === '') errs.push(required(ep.child('key')));
      if (arr(rec(e)['values']).length === 0) errs.push(required(ep.child('values'), 'must specify as least one value'));
    });
    if (seen.some((t) => deepEqual(t, term))) errs.push(duplicate(p, term));
    seen.push(term);
  });
  return errs;
}

function validateStorageClass(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false });
  const provisioner = str(obj['provisioner']);
  if (provisioner === '') errs.push(required(root('provisioner')));
  else for (const m of isQualifiedName(provisioner)) errs.push(invalid(root('provisioner'), provisioner, m));
  errs.push(...validateParameters(obj['parameters'], root('parameters')));
  const rp = str(obj['reclaimPolicy']);
  if (!(reclaimPolicies as readonly string[]).includes(rp)) errs.push(notSupported(root('reclaimPolicy'), rp, reclaimPolicies));
  const mode = obj['volumeBindingMode'];
  if (mode === undefined || mode === null) errs.push(required(root('volumeBindingMode')));
  else if (!(bindingModes as readonly unknown[]).includes(mode)) errs.push(notSupported(root('volumeBindingMode'), mode, bindingModes));
  errs.push(...validateAllowedTopologies(obj['allowedTopologies'], root('allowedTopologies')));
  return errs;
}

function validateStorageClassUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStorageClass(obj).filter((e) => !e.field.startsWith('metadata'))];
  if (!deepEqual(obj['parameters'], old['parameters'])) errs.push(forbidden(root('parameters'), 'updates to parameters are forbidden.'));
  if (obj['provisioner'] !== old['provisioner']) errs.push(forbidden(root('provisioner'), 'updates to provisioner are forbidden.'));
  if (obj['reclaimPolicy'] !== old['reclaimPolicy']) errs.push(forbidden(root('reclaimPolicy'), 'updates to reclaimPolicy are forbidden.'));
  errs.push(...immutable(obj['volumeBindingMode'], old['volumeBindingMode'], root('volumeBindingMode')));
  return errs;
}

export const storageClassRules: KindRules = {
  defaults(obj) {
    setDefault(obj, 'reclaimPolicy', 'Delete');
    setDefault(obj, 'volumeBindingMode', 'Immediate');
  },
  validate: validateStorageClass,
  validateUpdate: validateStorageClassUpdate,
};
