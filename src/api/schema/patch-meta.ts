// PatchMeta from the OpenAPI definitions: list strategies and keys for strategic merge and apply.
import type { PatchMeta, PatchStrategy } from '../patch/patch-meta.js';
import { unknownMeta } from '../patch/patch-meta.js';
import { definitionName, getDefinition, resolve, type SchemaObject } from './schema.js';

const cache = new Map<SchemaObject, PatchMeta>();

function metaOf(s: SchemaObject | undefined, field?: SchemaObject): PatchMeta | undefined {
  const schema = resolve(s);
  if (!schema) return undefined;
  const ext = field ?? s!;
  if (schema.type === 'array') {
    const strategy = ext['x-kubernetes-patch-strategy'] as PatchStrategy | undefined;
    const mergeKey = ext['x-kubernetes-patch-merge-key'];
    const listType = ext['x-kubernetes-list-type'] as 'atomic' | 'set' | 'map' | undefined;
    const listMapKeys = ext['x-kubernetes-list-map-keys'];
    return {
      kind: 'list',
      field: () => undefined,
      elem: () => metaOf(schema.items),
      ...(strategy ? { strategy } : {}),
      ...(mergeKey ? { mergeKey } : {}),
      ...(listType ? { listType } : {}),
      ...(listMapKeys ? { listMapKeys } : {}),
    };
  }
  if (schema.properties) {
    const cached = cache.get(schema);
    if (cached) return cached;
    const props = schema.properties;
    const memo = new Map<string, PatchMeta | undefined>();
    const m: PatchMeta = {
      kind: 'struct',
      field: (name) => {
        if (!memo.has(name)) memo.set(name, props[name] ? metaOf(props[name], props[name]) : undefined);
        return memo.get(name);
      },
      elem: () => undefined,
    };
    cache.set(schema, m);
    return m;
  }
  if (schema.additionalProperties) return { kind: 'map', field: () => undefined, elem: () => metaOf(schema.additionalProperties) };
  if (schema.type === 'object') return unknownMeta;
  return { kind: 'scalar', field: () => undefined, elem: () => undefined };
}

/** The PatchMeta of a kind; a plain-map meta for kinds without a schema. */
export function patchMetaFor(group: string, version: string, kind: string): PatchMeta {
  const name = definitionName(group, version, kind);
  return (name && metaOf(getDefinition(name))) || unknownMeta;
}
