// The OpenAPI (v2-style) definitions of every served kind, generated into definitions.json by
// scripts/gen-schema.ts, and lookups over them: by definition name, by group/version/kind, by $ref.
import definitionsJson from './definitions.json' with { type: 'json' };
import { snapshotDefinitions } from './snapshot-definitions.js';
import type { GroupVersionKind, SchemaObject } from './schema-object.js';

export type { GroupVersionKind, SchemaObject } from './schema-object.js';

/** Every definition by upstream name (io.k8s.api.core.v1.Pod, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, …). */
export const definitions: Readonly<Record<string, SchemaObject>> = { ...(definitionsJson as unknown as Record<string, SchemaObject>), ...snapshotDefinitions };

const gvkKey = (group: string, version: string, kind: string): string => `${group}/${version}/${kind}`;

const byGvk = new Map<string, string>();
for (const [name, def] of Object.entries(definitions)) {
  for (const g of def['x-kubernetes-group-version-kind'] ?? []) byGvk.set(gvkKey(g.group, g.version, g.kind), name);
}

/** The definition name of a served kind (including `<Kind>List`, Scale, Status, DeleteOptions); undefined if none. */
export function definitionName(group: string, version: string, kind: string): string | undefined {
  return byGvk.get(gvkKey(group, version, kind));
}

export function getDefinition(name: string): SchemaObject | undefined {
  return definitions[name];
}

/** The definition name a `$ref` points at (`#/definitions/x` or `#/components/schemas/x`). */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** Follows a `$ref`; returns other schemas unchanged. */
export function resolve(s: SchemaObject | undefined): SchemaObject | undefined {
  if (s?.$ref === undefined) return s;
  return definitions[refName(s.$ref)];
}

/**
 * Every definition name reachable from `names` (themselves included), via $ref in properties, items and
 * maps. `lookup` resolves names (default: these definitions; the API server layers providers' schemas).
 */
export function reachableDefinitions(names: Iterable<string>, lookup: (name: string) => SchemaObject | undefined = getDefinition): Set<string> {
  const out = new Set<string>();
  const stack = [...names];
  const visit = (s: SchemaObject | undefined): void => {
    if (!s) return;
    if (s.$ref !== undefined) stack.push(refName(s.$ref));
    visit(s.items);
    visit(s.additionalProperties);
    for (const p of Object.values(s.properties ?? {})) visit(p);
  };
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (out.has(n)) continue;
    out.add(n);
    visit(lookup(n));
  }
  return out;
}
