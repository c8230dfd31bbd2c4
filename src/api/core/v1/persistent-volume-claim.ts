// PersistentVolumeClaim: defaults, validation, and the upstream update rules (spec immutable except growth).
import { forbidden, invalid, notSupported, required, root, type FieldError, type FieldPath } from '../../meta/field-path.js';
import type { KindRules } from '../../meta/kind-rules.js';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { compareQuantities, isQuantity } from '../../resource/quantity.js';
import { arr, child, deepEqual, rec, setDefault, str } from './json.js';

export const accessModes = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const volumeModes = ['Block', 'Filesystem'];

export function defaultPersistentVolumeClaimSpec(spec: Record<string, unknown>): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
}

export function validateAccessModes(modes: unknown, path: FieldPath, requiredField: boolean): FieldError[] {
  const list = arr(modes);
  const errs: FieldError[] = [];
  if (list.length === 0 && requiredField) errs.push(required(path, 'at least 1 access mode is required'));
  for (const m of list) if (!accessModes.includes(String(m))) errs.push(notSupported(path, m, accessModes));
  if (list.includes('ReadWriteOncePod') && list.length > 1) errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

export function validatePersistentVolumeClaimSpec(spec: unknown, path: FieldPath): FieldError[] {
  const s = rec(spec);
  const errs = validateAccessModes(s['accessModes'], path.child('accessModes'), true);
  errs.push(...validateLabelSelector(s['selector'], path.child('selector')));
  const storage = rec(rec(s['resources'])['requests'])['storage'];
  if (storage === undefined) errs.push(required(path.child('resources').key('storage')));
  else if (!isQuantity(storage)) errs.push(invalid(path.child('resources', 'requests').key('storage'), storage, 'must be a valid quantity'));
  else if (compareQuantities(storage as string, 0) <= 0) errs.push(invalid(path.child('resources').key('storage'), storage, 'must be greater than zero'));
  const vm = s['volumeMode'];
  if (vm !== undefined && !volumeModes.includes(String(vm))) errs.push(notSupported(path.child('volumeMode'), vm, volumeModes));
  const sc = s['storageClassName'];
  if (typeof sc === 'string' && sc !== '' && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(sc)) errs.push(invalid(path.child('storageClassName'), sc, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
  return errs;
}

export const persistentVolumeClaimRules: KindRules = {
  defaults(obj) {
    defaultPersistentVolumeClaimSpec(child(obj, 'spec'));
    const status = child(obj, 'status');
    setDefault(status, 'phase', 'Pending');
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validatePersistentVolumeClaimSpec(obj['spec'], root('spec'))];
  },
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePersistentVolumeClaimSpec(obj['spec'], root('spec'))];
    const n = structuredClone(rec(obj['spec']));
    const o = rec(old['spec']);
    const newStorage = rec(rec(n['resources'])['requests'])['storage'];
    const oldStorage = rec(rec(o['resources'])['requests'])['storage'];
    // volumeName may be set once (binding); requests may grow (expansion); everything else is immutable.
    if (!str(o['volumeName'])) n['volumeName'] = o['volumeName'];
    if (o['storageClassName'] === undefined && n['storageClassName'] !== undefined) n['storageClassName'] = o['storageClassName'];
    if (newStorage !== undefined && oldStorage !== undefined && isQuantity(newStorage) && isQuantity(oldStorage)) {
      if (compareQuantities(newStorage as string, oldStorage as string) < 0) {
        const status = rec(rec(old['status'])['capacity'])['storage'];
        if (status === undefined || compareQuantities(newStorage as string, status as string) < 0) errs.push(forbidden(root('spec', 'resources', 'requests', 'storage'), 'field can not be less than status.capacity'));
      }
      child(child(n, 'resources'), 'requests')['storage'] = oldStorage;
    }
    for (const k of Object.keys(n)) if (n[k] === undefined) delete n[k];
    const oo = { ...o };
    for (const k of Object.keys(oo)) if (oo[k] === undefined) delete oo[k];
    if (!deepEqual(n, oo)) errs.push(forbidden(root('spec'), 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    return errs;
  },
  validateStatusUpdate(obj, old) {
    return validateObjectMetaUpdate(obj.metadata, old.metadata);
  },
};
