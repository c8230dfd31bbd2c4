// The OpenAPI definitions of every served kind (generated from @kubernetes/client-node by
// scripts/gen-schema.ts) and lookups over them.
import definitionsJson from './definitions.json' with { type: 'json' };
import { classForKind, definitionNameForClass } from './names.js';

export interface SchemaObject {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  additionalProperties?: SchemaObject;
  required?: string[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

export const definitions = definitionsJson as unknown as Readonly<Record<string, SchemaObject>>;

export function definitionName(group: string, version: string, kind: string): string | undefined {
  const name = definitionNameForClass(classForKind(group, version, kind));
  return definitions[name] ? name : undefined;
}

export function getDefinition(name: string): SchemaObject | undefined {
  return definitions[name];
}

/** Follows a `#/definitions/x` reference. */
export function resolve(s: SchemaObject | undefined): SchemaObject | undefined {
  if (!s?.$ref) return s;
  return definitions[s.$ref.slice(s.$ref.lastIndexOf('/') + 1)];
}

/** Every definition name reachable from `name` (itself included). */
export function reachableDefinitions(names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const stack = [...names];
  const visit = (s: SchemaObject | undefined): void => {
    if (!s) return;
    if (s.$ref) stack.push(s.$ref.slice(s.$ref.lastIndexOf('/') + 1));
    if (s.items) visit(s.items);
    if (s.additionalProperties) visit(s.additionalProperties);
    for (const p of Object.values(s.properties ?? {})) visit(p);
  };
  while (stack.length) {
    const n = stack.pop()!;
    if (out.has(n)) continue;
    out.add(n);
    visit(definitions[n]);
  }
  return out;
}
