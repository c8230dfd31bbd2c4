// StatefulSet volumeClaimTemplates updates (KEP-4650, "StatefulSet Support for Updating Volume Claim
// Template"): which template fields an update may change, and the spec.volumeClaimUpdatePolicy field. Pure.
import { tryParseQuantity } from '../../resource/index.js';
import { forbidden, notSupported, type FieldError, type FieldPath } from '../../meta/index.js';
import { arr, isRecord, rec, str, type Json } from './json-fields.js';

/** spec.volumeClaimUpdatePolicy: OnClaimDelete (absent, the default) leaves existing claims alone; InPlace patches them. */
export const volumeClaimUpdatePolicies = ['OnClaimDelete', 'InPlace'] as const;
export type VolumeClaimUpdatePolicy = (typeof volumeClaimUpdatePolicies)[number];

export function validateVolumeClaimUpdatePolicy(spec: Json, path: FieldPath): FieldError[] {
  const v = spec['volumeClaimUpdatePolicy'];
  if (v === undefined || v === null) return [];
  return (volumeClaimUpdatePolicies as readonly unknown[]).includes(v) ? [] : [notSupported(path.child('volumeClaimUpdatePolicy'), str(v), volumeClaimUpdatePolicies)];
}

/** The template's storage request, if it is a quantity. */
export function templateStorage(template: unknown): string | number | undefined {
  const s = rec(rec(rec(rec(template)['spec'])['resources'])['requests'])['storage'];
  return typeof s === 'string' || typeof s === 'number' ? s : undefined;
}

/**
 * The new templates with the fields KEP-4650 lets an update change (metadata labels and annotations,
 * spec.resources.requests.storage, spec.volumeAttributesClassName) taken from the old ones, so that what
 * remains compares equal exactly when nothing else changed. Templates added or removed stay as written.
 */
export function withMutableTemplateFieldsOf(next: unknown, prev: unknown): unknown {
  const olds = arr(prev);
  const news = arr(next);
  if (!Array.isArray(next) || news.length !== olds.length) return next;
  return news.map((t, i) => {
    const old = olds[i];
    if (!isRecord(t) || !isRecord(old)) return t;
    const meta = { ...rec(t['metadata']) };
    const oldMeta = rec(old['metadata']);
    for (const k of ['labels', 'annotations'] as const) {
      if (k in oldMeta) meta[k] = oldMeta[k];
      else delete meta[k];
    }
    const spec = { ...rec(t['spec']) };
    const oldSpec = rec(old['spec']);
    if ('volumeAttributesClassName' in oldSpec) spec['volumeAttributesClassName'] = oldSpec['volumeAttributesClassName'];
    else delete spec['volumeAttributesClassName'];
    const requests = { ...rec(rec(spec['resources'])['requests']) };
    const oldStorage = rec(rec(oldSpec['resources'])['requests'])['storage'];
    if (oldStorage !== undefined) requests['storage'] = oldStorage;
    else delete requests['storage'];
    spec['resources'] = { ...rec(spec['resources']), requests };
    return { ...t, metadata: meta, spec };
  });
}

/**
 * A template's storage request may only grow (KEP-4650: "increase only"): a smaller request than the old
 * template's is Forbidden with the PersistentVolumeClaim update's wording, under the template's field path.
 */
export function validateTemplateStorageUpdate(next: unknown, prev: unknown, path: FieldPath): FieldError[] {
  const olds = arr(prev);
  const errs: FieldError[] = [];
  arr(next).forEach((t, i) => {
    const old = olds[i];
    if (str(rec(rec(t)['metadata'])['name']) !== str(rec(rec(old)['metadata'])['name'])) return;
    const a = tryParseQuantity(templateStorage(t));
    const b = tryParseQuantity(templateStorage(old));
    // A malformed quantity is reported by the template's own validation.
    if (a && b && a.cmp(b) < 0) errs.push(forbidden(path.index(i).child('spec', 'resources', 'requests', 'storage'), 'field can not be less than previous value'));
  });
  return errs;
}
