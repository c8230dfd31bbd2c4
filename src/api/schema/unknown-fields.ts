// Strict field validation: the paths of fields an object carries that its schema does not define.
import { definitionName, getDefinition, resolve, type SchemaObject } from './schema.js';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function walk(v: unknown, s: SchemaObject | undefined, path: string, out: string[], prune: boolean): void {
  const schema = resolve(s);
  if (!schema || schema['x-kubernetes-preserve-unknown-fields'] || schema['x-kubernetes-int-or-string']) return;
  if (Array.isArray(v)) {
    if (schema.items) v.forEach((x, i) => walk(x, schema.items, `${path}[${i}]`, out, prune));
    return;
  }
  if (!isObj(v)) return;
  if (schema.properties) {
    for (const [k, x] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      const ps = schema.properties[k];
      if (!ps) {
        out.push(p);
        if (prune) delete v[k];
      } else walk(x, ps, p, out, prune);
    }
  } else if (schema.additionalProperties) {
    for (const [k, x] of Object.entries(v)) walk(x, schema.additionalProperties, path ? `${path}.${k}` : k, out, prune);
  }
}

/** Unknown field paths such as `spec.foo` or `spec.containers[0].bogus`; [] for kinds without a schema. */
export function unknownFields(obj: unknown, group: string, version: string, kind: string): string[] {
  return visit(obj, group, version, kind, false);
}

/** Removes unknown fields from obj (mutating it), as decoding into typed objects does upstream; returns their paths. */
export function pruneUnknownFields(obj: unknown, group: string, version: string, kind: string): string[] {
  return visit(obj, group, version, kind, true);
}

function visit(obj: unknown, group: string, version: string, kind: string, prune: boolean): string[] {
  const name = definitionName(group, version, kind);
  if (!name) return [];
  const out: string[] = [];
  walk(obj, getDefinition(name), '', out, prune);
  return out;
}
