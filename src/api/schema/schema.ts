// The OpenAPI (v2-style) definitions of every served kind, generated into definitions.json by
// scripts/gen-schema.ts, and lookups over them: by definition name, by group/version/kind, by $ref.
import definitionsJson from './definitions.json' with { type: 'json' };

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** One OpenAPI schema node, as upstream's swagger.json writes it (refs are `#/definitions/<name>`). */
export interface SchemaObject {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  additionalProperties?: SchemaObject;
  required?: string[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
}

/** Every definition by upstream name (io.k8s.api.core.v1.Pod, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, …). */
export const definitions = definitionsJson as unknown as Readonly<Record<string, SchemaObject>>;

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
