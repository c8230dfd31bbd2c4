// A custom resource's PatchMeta from its structural schema (what server-side apply merges by, as upstream builds
// it from the CRD schema): objects with properties are structs, additionalProperties maps, arrays lists typed by
// x-kubernetes-list-type (atomic when unset, as upstream) and -list-map-keys, x-kubernetes-map-type honoured,
// preserve-unknown-fields merged like free-form maps; the object's metadata is ObjectMeta's.
import type { PatchMeta } from '../../../patch/patch-meta.js';
import { unknownMeta } from '../../../patch/patch-meta.js';
import { patchMetaFor } from '../../../schema/patch-meta.js';
import { additionalSchema, itemsSchema, type JSONSchemaProps } from './types.js';

const scalar: PatchMeta = { kind: 'scalar', field: () => undefined, elem: () => undefined };
const objectMeta = (): PatchMeta | undefined => patchMetaFor('', 'v1', 'Pod').field('metadata');

function metaOf(s: JSONSchemaProps | undefined, root: boolean): PatchMeta | undefined {
  if (!s) return undefined;
  const mt = s['x-kubernetes-map-type'];
  const mapType: { mapType?: 'atomic' | 'granular' } = mt === 'atomic' || mt === 'granular' ? { mapType: mt } : {};
  if (s['x-kubernetes-int-or-string']) return scalar;
  if (s.type === 'array') {
    let elem: PatchMeta | undefined;
    const listType = s['x-kubernetes-list-type'] ?? 'atomic';
    return {
      kind: 'list', field: () => undefined, elem: () => (elem ??= metaOf(itemsSchema(s), false)),
      listType: listType === 'set' || listType === 'map' ? listType : 'atomic',
      ...(s['x-kubernetes-list-map-keys'] ? { listMapKeys: s['x-kubernetes-list-map-keys'] } : {}),
    };
  }
  const props = s.properties ?? {};
  if (s.type === 'object' && Object.keys(props).length > 0) {
    const fields = new Map<string, PatchMeta | undefined>();
    const embedded = root || s['x-kubernetes-embedded-resource'] === true;
    return {
      kind: 'struct', elem: () => undefined, ...mapType,
      field(f) {
        if (!fields.has(f)) fields.set(f, embedded && f === 'metadata' ? objectMeta() : Object.hasOwn(props, f) ? metaOf(props[f], false) : s['x-kubernetes-preserve-unknown-fields'] ? unknownMeta : undefined);
        return fields.get(f);
      },
    };
  }
  const values = additionalSchema(s);
  if (s.type === 'object' && values) {
    let elem: PatchMeta | undefined;
    return { kind: 'map', field: () => undefined, elem: () => (elem ??= metaOf(values, false)), ...mapType };
  }
  if (s.type === 'object' || s['x-kubernetes-preserve-unknown-fields']) return { ...unknownMeta, ...mapType };
  return scalar;
}

/** The PatchMeta of a custom resource whose version has this openAPIV3Schema. */
export function customResourcePatchMeta(schema: JSONSchemaProps): PatchMeta {
  return metaOf(schema, true) ?? unknownMeta;
}
