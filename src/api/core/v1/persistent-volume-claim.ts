// PersistentVolumeClaim: defaults (volumeMode Filesystem, phase Pending), spec validation, and the update rule:
// the spec is immutable except volumeName binding, storageClassName nil→value, and requests while Bound.
import { forbidden, invalid, notSupported, required, root, type FieldError, type FieldPath } from '../../meta/field-path.js';
import type { KindRules } from '../../meta/kind-rules.js';
import { validateLabelSelector } from '../../meta/label-validation.js';
import { isDns1123Label, isDns1123Subdomain } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { parseQuantity } from '../../resource/quantity.js';
import { arr, child, deepEqual, isRec, rec, s0, setDefault, type Rec } from './json.js';
import { defaultResourceList, isFieldError, readQuantity, validateNonnegativeQuantity, validatePositiveQuantity } from './resources.js';

export const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const volumeModes = ['Block', 'Filesystem'];
const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

/** SetDefaults_PersistentVolumeClaimSpec (+ the resource lists it holds). */
export function defaultPersistentVolumeClaimSpec(spec: Record<string, unknown>): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
  const resources = child(spec, 'resources');
  defaultResourceList(resources['requests']);
  defaultResourceList(resources['limits']);
}

/** Access modes: known values only, ReadWriteOncePod alone. requiredDetail is the Required message ('' for PVs). */
export function validateAccessModes(modes: unknown, path: FieldPath, requiredField: boolean, requiredDetail = 'at least 1 access mode is required'): FieldError[] {
  const list = arr(modes);
  const errs: FieldError[] = [];
  if (list.length === 0 && requiredField) errs.push(required(path, requiredDetail));
  let rwop = false;
  let other = false;
  for (const m of list) {
    if (!accessModes.includes(String(m))) errs.push(notSupported(path, m, accessModes));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (accessModes.includes(String(m))) other = true;
  }
  if (rwop && other) errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function validateDataSource(ds: Rec, path: FieldPath, isRef: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (s0(ds['name']) === '') errs.push(required(path.child('name')));
  if (s0(ds['kind']) === '') errs.push(required(path.child('kind')));
  const group = s0(ds['apiGroup']);
  if (group === '' && ds['kind'] !== 'PersistentVolumeClaim') errs.push(invalid(path, s0(ds['kind']), "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  if (group !== '') for (const m of isDns1123Subdomain(group)) errs.push(invalid(path.child('apiGroup'), group, m));
  const ns = s0(ds['namespace']);
  if (isRef && ns !== '') for (const m of isDns1123Label(ns)) errs.push(invalid(path.child('namespace'), ns, m));
  return errs;
}

export function validatePersistentVolumeClaimSpec(spec: unknown, path: FieldPath): FieldError[] {
  const s = rec(spec);
  const errs: FieldError[] = [];
  if (arr(s['accessModes']).length === 0) errs.push(required(path.child('accessModes'), 'at least 1 access mode is required'));
  errs.push(...validateLabelSelector(s['selector'], path.child('selector')));
  errs.push(...validateAccessModes(s['accessModes'], path.child('accessModes'), false));
  const requests = rec(rec(s['resources'])['requests']);
  const storagePath = path.child('resources').key('storage');
  if (!('storage' in requests)) {
    errs.push(required(storagePath));
  } else {
    const q = readQuantity(requests['storage'], storagePath);
    if (isFieldError(q)) errs.push(q);
    else {
      const positive = validatePositiveQuantity(q, requests['storage'], storagePath);
      errs.push(...(positive.length ? positive : validateNonnegativeQuantity(q, requests['storage'], storagePath)));
    }
  }
  const sc = s['storageClassName'];
  if (typeof sc === 'string' && sc !== '') for (const m of isDns1123Subdomain(sc)) errs.push(invalid(path.child('storageClassName'), sc, m));
  const vm = s['volumeMode'];
  if (vm !== undefined && vm !== null && !volumeModes.includes(String(vm))) errs.push(notSupported(path.child('volumeMode'), vm, volumeModes));
  const ds = s['dataSource'];
  const dsRef = s['dataSourceRef'];
  if (isRec(ds)) errs.push(...validateDataSource(ds, path.child('dataSource'), false));
  if (isRec(dsRef)) errs.push(...validateDataSource(dsRef, path.child('dataSourceRef'), true));
  if (isRec(dsRef) && s0(dsRef['namespace']) !== '') {
    if (isRec(ds)) errs.push(invalid(path, path.child('dataSource').toString(), 'may not be specified when dataSourceRef.namespace is specified'));
  } else if (isRec(ds) && isRec(dsRef)) {
    if (s0(ds['apiGroup']) !== s0(dsRef['apiGroup']) || ds['kind'] !== dsRef['kind'] || ds['name'] !== dsRef['name']) {
      errs.push(invalid(path, path.child('dataSource').toString(), 'must match dataSourceRef'));
    }
  }
  return errs;
}

const isNil = (v: unknown): boolean => v === undefined || v === null;
const storageOf = (o: Rec): unknown => rec(rec(rec(o['spec'])['resources'])['requests'])['storage'];

function cmpQuantity(a: unknown, b: unknown): number | undefined {
  try {
    return parseQuantity((a ?? '0') as string).cmp(parseQuantity((b ?? '0') as string));
  } catch {
    return undefined;
  }
}

/** ValidatePersistentVolumeClaimUpdate (RecoverVolumeExpansionFailure on, as in 1.32). */
function validateClaimUpdate(obj: Rec, old: Rec): FieldError[] {
  const n = structuredClone(rec(obj['spec']));
  const o = structuredClone(rec(old['spec']));
  const errs: FieldError[] = [];
  if (s0(o['volumeName']) === '') o['volumeName'] = n['volumeName'];
  const oldAnn = rec(rec(old['metadata'])['annotations']);
  const newAnn = rec(rec(obj['metadata'])['annotations']);
  const oldBeta = oldAnn[betaStorageClassAnnotation];
  const newBeta = newAnn[betaStorageClassAnnotation];
  const fromAnnotation = typeof oldBeta === 'string' && isNil(o['storageClassName']) && n['storageClassName'] === oldBeta && (newBeta === undefined || newBeta === oldBeta);
  if (fromAnnotation) {
    delete n['storageClassName'];
  } else {
    if (newBeta !== oldBeta) errs.push(invalid(root('metadata', 'annotations').key(betaStorageClassAnnotation), newBeta ?? '', 'field is immutable'));
    const fromNil = !isNil(n['storageClassName']) && isNil(o['storageClassName']) && (oldBeta === undefined || n['storageClassName'] === oldBeta);
    if (fromNil) n['storageClassName'] = o['storageClassName'];
  }
  const bound = rec(obj['status'])['phase'] === 'Bound';
  if (bound && isRec(rec(n['resources'])['requests'])) {
    const req = rec(rec(n['resources'])['requests']);
    const oldStorage = rec(rec(o['resources'])['requests'])['storage'];
    if (oldStorage === undefined) delete req['storage'];
    else req['storage'] = oldStorage;
  }
  if (bound && !isNil(n['volumeAttributesClassName'])) n['volumeAttributesClassName'] = o['volumeAttributesClassName'];
  if (!deepEqual(n, o)) errs.push(forbidden(root('spec'), 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  const newSize = storageOf(obj);
  const shrink = cmpQuantity(newSize, storageOf(old));
  if (shrink !== undefined && shrink < 0) {
    const statusSize = rec(rec(old['status'])['capacity'])['storage'];
    const vsStatus = cmpQuantity(newSize, statusSize);
    if (vsStatus !== undefined && vsStatus <= 0) errs.push(forbidden(root('spec', 'resources', 'requests', 'storage'), 'field can not be less than status.capacity'));
  }
  const nvm = rec(obj['spec'])['volumeMode'];
  const ovm = rec(old['spec'])['volumeMode'];
  if (!deepEqual(nvm, ovm)) errs.push(invalid(root('volumeMode'), nvm ?? null, 'field is immutable'));
  return errs;
}

export const persistentVolumeClaimRules: KindRules = {
  defaults(obj) {
    defaultPersistentVolumeClaimSpec(child(obj, 'spec'));
    const status = child(obj, 'status');
    setDefault(status, 'phase', 'Pending');
    defaultResourceList(status['capacity']);
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validatePersistentVolumeClaimSpec(obj['spec'], root('spec'))];
  },
  validateUpdate(obj, old) {
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateObjectMeta(obj.metadata, { namespaced: true }),
      ...validatePersistentVolumeClaimSpec(obj['spec'], root('spec')),
      ...validateClaimUpdate(obj, old),
    ];
  },
  validateStatusUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    if (arr(rec(obj['spec'])['accessModes']).length === 0) errs.push(required(root('Spec', 'accessModes')));
    for (const [k, v] of Object.entries(rec(rec(obj['status'])['capacity']))) {
      const q = readQuantity(v, root('status', 'capacity').key(k));
      if (isFieldError(q)) errs.push(q);
      else if (q.sign() < 0) errs.push(invalid(root('status', 'capacity').key(k), Number(q.integerValue()), 'must be a valid resource quantity'));
    }
    return errs;
  },
};
