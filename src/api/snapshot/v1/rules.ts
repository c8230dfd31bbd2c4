// Validation of the three snapshot.storage.k8s.io/v1 kinds as upstream's CRDs enforce it: the OpenAPI schema
// (required fields, enums, restoreSize) and the x-kubernetes-validations (CEL) rules, with their messages.
import {
  FieldPath, invalid, notSupported, required, root, validateObjectMeta, validateObjectMetaUpdate, type FieldError, type KindRules, type KubeObject,
} from '../../meta/index.js';
import { isRecord, rec, str } from '../../apps/v1/index.js';
import { parseQuantity } from '../../resource/quantity.js';

const deletionPolicies = ['Delete', 'Retain'] as const;

const has = (o: Record<string, unknown>, k: string): boolean => o[k] !== undefined && o[k] !== null;

/** A CEL rule failing on an object reports the value as "object", as the apiextensions-apiserver does. */
const celFailure = (path: FieldPath, message: string): FieldError => invalid(path, 'object', message);

function exactlyOne(o: Record<string, unknown>, a: string, b: string, path: FieldPath): FieldError[] {
  return has(o, a) === has(o, b) ? [celFailure(path, `exactly one of ${a} and ${b} must be set`)] : [];
}

/** `!has(oldSelf.f) || has(self.f)` and, on the field, `self == oldSelf`. */
function setOnce(next: Record<string, unknown>, old: Record<string, unknown>, field: string, path: FieldPath): FieldError[] {
  if (!has(old, field)) return [];
  if (!has(next, field)) return [celFailure(path, `${field} is required once set`)];
  return next[field] === old[field] ? [] : [invalid(path.child(field), next[field], `${field} is immutable`)];
}

function requiredObject(o: Record<string, unknown>, field: string, path: FieldPath): FieldError[] {
  return isRecord(o[field]) ? [] : [required(path.child(field))];
}

function validateDeletionPolicy(o: Record<string, unknown>, path: FieldPath): FieldError[] {
  const p = path.child('deletionPolicy');
  if (!has(o, 'deletionPolicy')) return [required(p)];
  return (deletionPolicies as readonly unknown[]).includes(o['deletionPolicy']) ? [] : [notSupported(p, o['deletionPolicy'], deletionPolicies)];
}

function validateRestoreSizeQuantity(status: Record<string, unknown>): FieldError[] {
  const v = status['restoreSize'];
  if (v === undefined || v === null) return [];
  try {
    parseQuantity(String(v));
    return [];
  } catch {
    return [invalid(root('status', 'restoreSize'), v, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")];
  }
}

function validateVolumeSnapshot(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true });
  if (!isRecord(obj['spec'])) return [...errs, required(root('spec'))];
  const spec = obj['spec'];
  const sp = root('spec');
  errs.push(...requiredObject(spec, 'source', sp));
  if (isRecord(spec['source'])) errs.push(...exactlyOne(spec['source'], 'volumeSnapshotContentName', 'persistentVolumeClaimName', sp.child('source')));
  if (spec['volumeSnapshotClassName'] === '') errs.push(invalid(sp.child('volumeSnapshotClassName'), '', 'volumeSnapshotClassName must not be the empty string when set'));
  errs.push(...validateRestoreSizeQuantity(rec(obj['status'])));
  return errs;
}

function validateVolumeSnapshotUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateVolumeSnapshot(obj).filter((e) => !e.field.startsWith('metadata'))];
  const spec = rec(obj['spec']);
  const oldSpec = rec(old['spec']);
  const sp = root('spec');
  if (has(oldSpec, 'volumeSnapshotClassName') && !has(spec, 'volumeSnapshotClassName')) errs.push(celFailure(sp, 'volumeSnapshotClassName is required once set'));
  const source = rec(spec['source']);
  const oldSource = rec(oldSpec['source']);
  for (const f of ['persistentVolumeClaimName', 'volumeSnapshotContentName']) errs.push(...setOnce(source, oldSource, f, sp.child('source')));
  return errs;
}

function validateVolumeSnapshotContent(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false });
  if (!isRecord(obj['spec'])) return [...errs, required(root('spec'))];
  const spec = obj['spec'];
  const sp = root('spec');
  errs.push(...validateDeletionPolicy(spec, sp));
  if (str(spec['driver']) === '') errs.push(required(sp.child('driver')));
  errs.push(...requiredObject(spec, 'source', sp), ...requiredObject(spec, 'volumeSnapshotRef', sp));
  if (isRecord(spec['source'])) errs.push(...exactlyOne(spec['source'], 'volumeHandle', 'snapshotHandle', sp.child('source')));
  if (isRecord(spec['volumeSnapshotRef'])) {
    const ref = spec['volumeSnapshotRef'];
    if (!has(ref, 'name') || !has(ref, 'namespace')) errs.push(celFailure(sp, 'both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set'));
  }
  errs.push(...validateContentStatus(obj));
  return errs;
}

function validateContentStatus(obj: KubeObject): FieldError[] {
  const restoreSize = rec(obj['status'])['restoreSize'];
  return typeof restoreSize === 'number' && restoreSize < 0 ? [invalid(root('status', 'restoreSize'), restoreSize, 'status.restoreSize in body should be greater than or equal to 0')] : [];
}

function validateVolumeSnapshotContentUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateVolumeSnapshotContent(obj).filter((e) => !e.field.startsWith('metadata'))];
  const spec = rec(obj['spec']);
  const oldSpec = rec(old['spec']);
  errs.push(...setOnce(spec, oldSpec, 'sourceVolumeMode', root('spec')));
  for (const f of ['volumeHandle', 'snapshotHandle']) errs.push(...setOnce(rec(spec['source']), rec(oldSpec['source']), f, root('spec', 'source')));
  return errs;
}

function validateVolumeSnapshotClass(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false });
  if (str(obj['driver']) === '') errs.push(required(root('driver')));
  errs.push(...validateDeletionPolicy(obj, new FieldPath('')));
  return errs;
}

/** A status write is checked against the status schema only (the CRD's status subresource). */
export const volumeSnapshotRules: KindRules = {
  validate: validateVolumeSnapshot,
  validateUpdate: validateVolumeSnapshotUpdate,
  validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateRestoreSizeQuantity(rec(obj['status']))],
};
export const volumeSnapshotContentRules: KindRules = {
  validate: validateVolumeSnapshotContent,
  validateUpdate: validateVolumeSnapshotContentUpdate,
  validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateContentStatus(obj)],
};
export const volumeSnapshotClassRules: KindRules = {
  validate: validateVolumeSnapshotClass,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateVolumeSnapshotClass(obj).filter((e) => !e.field.startsWith('metadata'))],
};
