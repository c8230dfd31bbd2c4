// A walk over a value alongside its structural schema (properties, additionalProperties, items), with upstream's
// field.Path spelling: properties as `.name`, map keys as `[key]`, list items as `[i]`. Used by the checks that
// upstream runs after the OpenAPI validator (embedded resources, list types).
import { FieldPath } from '../../../meta/field-path.js';
import { additionalSchema, isObject, itemsSchema, type JSONSchemaProps } from './types.js';

export type Visit = (schema: JSONSchemaProps, value: unknown, path: FieldPath) => void;

/** Calls visit for value and then every nested value that a schema describes; never mutates value. */
export function walkStructural(schema: JSONSchemaProps | undefined, value: unknown, path: FieldPath, visit: Visit): void {
  if (schema === undefined) return;
  visit(schema, value, path);
  if (Array.isArray(value)) {
    const items = itemsSchema(schema);
    if (items !== undefined) value.forEach((v: unknown, i) => walkStructural(items, v, path.index(i), visit));
  } else if (isObject(value)) {
    const additional = additionalSchema(schema);
    for (const [k, v] of Object.entries(value)) {
      const prop = schema.properties?.[k];
      if (prop !== undefined) walkStructural(prop, v, childPath(path, k), visit);
      else if (additional !== undefined) walkStructural(additional, v, path.key(k), visit);
    }
  }
}

/** path.child(k), where an empty path means the object root. */
export function childPath(path: FieldPath, k: string): FieldPath {
  return path.toString() === '' ? new FieldPath(k) : path.child(k);
}
