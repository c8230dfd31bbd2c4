// Strict field validation: the paths of fields an object carries that its schema does not define,
// written as upstream's strict decoder reports them (`spec.foo`, `spec.containers[0].bogus`).
import { definitionName, getDefinition, resolve, type SchemaObject } from './schema.js';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/**
 * Walks `v` against `s`. Only objects with declared properties can hold unknown fields; maps (labels, data)
 * accept any key and opaque values (RawExtension, FieldsV1, free-form JSON) accept anything.
 */
function walk(v: unknown, s: SchemaObject | undefined, path: string, out: string[], prune: boolean): void {
  const schema = resolve(s);
  if (!schema) return;
  if (Array.isArray(v)) {
    if (schema.items) v.forEach((x, i) => walk(x, schema.items, `${path}[${i}]`, out, prune));
    return;
  }
  if (!isRecord(v)) return;
  if (schema.properties) {
    const props = schema.properties;
    for (const [k, x] of Object.entries(v)) {
      const p = Object.hasOwn(props, k) ? props[k] : undefined;
      if (p) walk(x, p, join(path, k), out, prune);
      else {
        out.push(join(path, k));
        if (prune) delete v[k];
      }
    }
  } else if (schema.additionalProperties) {
    for (const [k, x] of Object.entries(v)) walk(x, schema.additionalProperties, join(path, k), out, prune);
  }
}

function visit(obj: unknown, gvk: { group: string; version: string; kind: string }, prune: boolean): string[] {
  const name = definitionName(gvk.group, gvk.version, gvk.kind);
  const def = name === undefined ? undefined : getDefinition(name);
  if (!def) return [];
  const out: string[] = [];
  walk(obj, def, '', out, prune);
  return out;
}

/**
 * Paths of the fields in `obj` that the kind's schema does not define, in document order, without a
 * leading dot (`spec.foo`, `spec.containers[0].bogus`). Returns [] for kinds without a schema. Does not
 * mutate `obj`.
 */
export function unknownFields(obj: unknown, group: string, version: string, kind: string): string[] {
  return visit(obj, { group, version, kind }, false);
}

/**
 * Like unknownFields(), and also deletes those fields from `obj` (mutating it), as decoding into a typed
 * object drops them upstream under fieldValidation=Ignore or Warn.
 */
export function pruneUnknownFields(obj: unknown, group: string, version: string, kind: string): string[] {
  return visit(obj, { group, version, kind }, true);
}
