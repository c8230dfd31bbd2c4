// PatchMeta: what strategic merge patch and server-side apply need to know about a type's shape.
// Implemented from the OpenAPI schema in api/schema; a plain-map fallback is used for unknown types.

export type PatchStrategy = 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';

/**
 * Describes one node of a Kubernetes type.
 * - kind 'struct': a typed object with named fields; `field(name)` describes each.
 * - kind 'map': a string-keyed map (labels, data); `elem()` describes values.
 * - kind 'list': an array; `elem()` describes items; `strategy`/`mergeKey` come from
 *   x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key; `listType`/`listMapKeys`
 *   from x-kubernetes-list-type / x-kubernetes-list-map-keys (used by server-side apply).
 * - kind 'scalar': string, number, boolean, or an opaque value (IntOrString, Quantity, RawExtension).
 * Unknown fields return undefined: treat them as atomic values.
 */
export interface PatchMeta {
  readonly kind: 'struct' | 'map' | 'list' | 'scalar';
  field(name: string): PatchMeta | undefined;
  elem(): PatchMeta | undefined;
  readonly strategy?: PatchStrategy;
  readonly mergeKey?: string;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
  /** x-kubernetes-map-type: 'atomic' for structs/maps replaced whole by apply (e.g. LabelSelector requirements). */
  readonly mapType?: 'atomic' | 'granular';
}

/** A meta that knows nothing: every map merges recursively, every list is atomic. */
export const unknownMeta: PatchMeta = {
  kind: 'map',
  field: () => undefined,
  elem: () => undefined,
};
