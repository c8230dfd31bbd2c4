// Structural pruning: drops every field the schema does not specify, as upstream does on each CR write and
// read. The root keeps apiVersion, kind and metadata (metadata is the registry's); embedded resources keep
// their apiVersion, kind and metadata too. Unknown fields survive under x-kubernetes-preserve-unknown-fields.
import { additionalSchema, isObject, itemsSchema, type JSONSchemaProps } from './types.js';

const resourceFields = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Removes unknown fields from obj in place and returns their paths (`spec.foo`, `spec.items[0].bar`), in the
 * order found, for `unknown field "<path>"` warnings and fieldValidation=Strict errors.
 */
export function pruneUnknownFields(schema: JSONSchemaProps, obj: Record<string, unknown>): string[] {
  const pruned: string[] = [];
  pruneObject(schema, obj, '', true, pruned);
  return pruned;
}

/** Prunes any value (a default, say) in place against its schema; returns the pruned paths relative to it. */
export function pruneValue(schema: JSONSchemaProps, value: unknown): string[] {
  const pruned: string[] = [];
  prune(schema, value, '', pruned);
  return pruned;
}

function prune(s: JSONSchemaProps | undefined, v: unknown, path: string, out: string[]): void {
  if (s === undefined) return;
  if (isObject(v)) pruneObject(s, v, path, s['x-kubernetes-embedded-resource'] === true, out);
  else if (Array.isArray(v)) {
    const items = itemsSchema(s);
    v.forEach((x: unknown, i) => prune(items, x, `${path}[${i}]`, out));
  }
}

function pruneObject(s: JSONSchemaProps, v: Record<string, unknown>, path: string, isResource: boolean, out: string[]): void {
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true || s.additionalProperties === true;
  const additional = additionalSchema(s);
  for (const k of Object.keys(v)) {
    const p = path === '' ? k : `${path}.${k}`;
    if (isResource && resourceFields.has(k)) {
      // metadata is coerced as ObjectMeta elsewhere; apiVersion and kind are always kept.
      continue;
    }
    const prop = s.properties?.[k] ?? additional;
    if (prop !== undefined) prune(prop, v[k], p, out);
    else if (!preserve) {
      delete v[k];
      out.push(p);
    }
  }
}
