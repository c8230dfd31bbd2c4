// Structural defaulting as upstream applies it when a CR is decoded: nulls of non-nullable fields without a
// default are dropped, then each absent (or null, non-nullable) property, item or map value with a default gets
// a copy of it, and the walk continues into the result, so defaults nested in a default's schema apply too.
import { additionalSchema, cloneJson, isObject, itemsSchema, type JSONSchemaProps } from './types.js';

/** Applies schema defaults to obj in place. Never throws; values of the wrong type are left to validation. */
export function applyDefaults(schema: JSONSchemaProps, obj: unknown): void {
  pruneNonNullableNulls(schema, obj);
  defaultValue(schema, obj);
}

const wantsDefault = (s: JSONSchemaProps, v: unknown): boolean => s.default !== undefined && (v === undefined || (v === null && s.nullable !== true));

function defaultValue(s: JSONSchemaProps | undefined, v: unknown): void {
  if (s === undefined) return;
  if (isObject(v)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) if (wantsDefault(prop, v[k])) v[k] = cloneJson(prop.default);
    const additional = additionalSchema(s);
    for (const [k, x] of Object.entries(v)) {
      const sub = s.properties?.[k] ?? additional;
      if (sub === undefined) continue;
      if (sub === additional && wantsDefault(sub, x)) v[k] = cloneJson(sub.default);
      defaultValue(sub, v[k]);
    }
  } else if (Array.isArray(v)) {
    const items = itemsSchema(s);
    if (items === undefined) return;
    for (let i = 0; i < v.length; i++) {
      if (wantsDefault(items, v[i])) v[i] = cloneJson(items.default);
      defaultValue(items, v[i]);
    }
  }
}

/** Drops `null` values of fields that are neither nullable nor defaulted (upstream's PruneNonNullableNullsWithoutDefaults). */
export function pruneNonNullableNulls(s: JSONSchemaProps | undefined, v: unknown): void {
  if (s === undefined) return;
  const dropsNull = (sub: JSONSchemaProps): boolean => sub.nullable !== true && sub.default === undefined;
  if (isObject(v)) {
    const additional = additionalSchema(s);
    for (const [k, x] of Object.entries(v)) {
      const sub = s.properties?.[k] ?? additional;
      if (sub === undefined) continue;
      if (x === null && dropsNull(sub)) delete v[k];
      else pruneNonNullableNulls(sub, x);
    }
  } else if (Array.isArray(v)) {
    const items = itemsSchema(s);
    if (items !== undefined) for (const x of v) pruneNonNullableNulls(items, x);
  }
}
