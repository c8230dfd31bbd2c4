// x-kubernetes-list-type set and map: uniqueness of whole items (set) or of the key fields (map), checked after
// schema validation as upstream's listtype package does. Only the first repeat of each value is reported.
import { duplicate, invalid, type FieldError, type FieldPath } from '../../../meta/field-path.js';
import { isObject, type JSONSchemaProps } from './types.js';
import { walkStructural } from './walk.js';

/** Duplicate items of set lists and duplicate keys of map lists, anywhere under root. */
export function validateListTypes(schema: JSONSchemaProps, root: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  walkStructural(schema, root, path, (s, v, p) => {
    if (!Array.isArray(v)) return;
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'set') errs.push(...repeats(v).map((i) => duplicate(p.index(i), v[i])));
    else if (listType === 'map') errs.push(...validateListMap(s['x-kubernetes-list-map-keys'] ?? [], v, p));
  });
  return errs;
}

/** Indices of the second occurrence of each repeated value (compared as JSON, as upstream does). */
function repeats(values: readonly unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((v, i) => {
    const k = v === undefined ? 'undefined' : JSON.stringify(v);
    const n = seen.get(k) ?? 0;
    if (n === 1) out.push(i);
    seen.set(k, n + 1);
  });
  return out;
}

function validateListMap(keyFields: readonly string[], list: readonly unknown[], path: FieldPath): FieldError[] {
  const bad = list.findIndex((x) => x !== null && !isObject(x));
  if (bad >= 0) return [invalid(path.index(bad), list[bad], 'must be an object for an array of list-type map')];
  const keys = list.map((x) => {
    const key: Record<string, unknown> = {};
    if (isObject(x)) for (const f of keyFields) if (f in x) key[f] = x[f];
    return key;
  });
  return repeats(keys).map((i) => duplicate(path.index(i), keys[i]));
}
