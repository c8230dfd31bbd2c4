// PatchMeta from the OpenAPI definitions: the shape, list strategies and keys that strategic merge
// patch and server-side apply need. Built lazily and cached per definition.
import type { PatchMeta, PatchStrategy } from '../patch/patch-meta.js';
import { unknownMeta } from '../patch/patch-meta.js';
import { definitionName, getDefinition, refName, type SchemaObject } from './schema.js';

const scalarMeta: PatchMeta = { kind: 'scalar', field: () => undefined, elem: () => undefined };

const strategies: readonly string[] = ['merge', 'replace', 'retainKeys', 'merge,retainKeys'] satisfies PatchStrategy[];
const isStrategy = (s: string | undefined): s is PatchStrategy => s !== undefined && strategies.includes(s);
const listTypeOf = (s: string | undefined): 'atomic' | 'set' | 'map' | undefined => (s === 'atomic' || s === 'set' || s === 'map' ? s : undefined);
const mapTypeOf = (s: string | undefined): 'atomic' | 'granular' | undefined => (s === 'atomic' || s === 'granular' ? s : undefined);

/** Struct metas per `definition|mapType`; a definition's fields are resolved once, on first use. */
const structCache = new Map<string, PatchMeta>();

function structMeta(name: string, def: SchemaObject, mapType: 'atomic' | 'granular' | undefined): PatchMeta {
  const key = `${name}|${mapType ?? ''}`;
  const hit = structCache.get(key);
  if (hit) return hit;
  const props = def.properties ?? {};
  const fields = new Map<string, PatchMeta | undefined>();
  const meta: PatchMeta = {
    kind: 'struct',
    field(f) {
      if (!fields.has(f)) {
        const p = Object.hasOwn(props, f) ? props[f] : undefined;
        fields.set(f, p ? metaOf(p) : undefined);
      }
      return fields.get(f);
    },
    elem: () => undefined,
    ...(mapType ? { mapType } : {}),
  };
  structCache.set(key, meta);
  return meta;
}

/**
 * The meta of a property or item schema. Extensions sit on the property (beside `$ref` or `type: array`);
 * a struct's own x-kubernetes-map-type sits on its definition.
 */
function metaOf(s: SchemaObject): PatchMeta {
  if (s.$ref !== undefined) {
    const name = refName(s.$ref);
    const def = getDefinition(name);
    if (!def) return unknownMeta;
    if (def.properties) return structMeta(name, def, mapTypeOf(s['x-kubernetes-map-type'] ?? def['x-kubernetes-map-type']));
    if (def.additionalProperties || def.type === 'array') {
      const { $ref: _ref, ...ext } = s;
      return metaOf({ ...def, ...ext });
    }
    // Named scalars and opaque values: Quantity, IntOrString, Time, MicroTime, RawExtension, FieldsV1.
    return scalarMeta;
  }
  if (s.type === 'array') {
    const items = s.items;
    const strategy = s['x-kubernetes-patch-strategy'];
    const mergeKey = s['x-kubernetes-patch-merge-key'];
    const listType = listTypeOf(s['x-kubernetes-list-type']);
    const listMapKeys = s['x-kubernetes-list-map-keys'];
    let elem: PatchMeta | undefined;
    return {
      kind: 'list',
      field: () => undefined,
      elem: () => (elem ??= items ? metaOf(items) : undefined),
      ...(isStrategy(strategy) ? { strategy } : {}),
      ...(mergeKey !== undefined ? { mergeKey } : {}),
      ...(listType ? { listType } : {}),
      ...(listMapKeys ? { listMapKeys } : {}),
    };
  }
  if (s.additionalProperties) {
    const values = s.additionalProperties;
    const mapType = mapTypeOf(s['x-kubernetes-map-type']);
    let elem: PatchMeta | undefined;
    return { kind: 'map', field: () => undefined, elem: () => (elem ??= metaOf(values)), ...(mapType ? { mapType } : {}) };
  }
  // An inline object without properties is free-form JSON: merge it like a map.
  if (s.type === 'object') return unknownMeta;
  return scalarMeta;
}

/**
 * The PatchMeta of a served kind (`patchMetaFor('apps', 'v1', 'StatefulSet')`). Kinds without a schema get
 * `unknownMeta` (maps merge recursively, lists are atomic). The result is shared and immutable.
 */
export function patchMetaFor(group: string, version: string, kind: string): PatchMeta {
  const name = definitionName(group, version, kind);
  return name === undefined ? unknownMeta : metaOf({ $ref: `#/definitions/${name}` });
}
