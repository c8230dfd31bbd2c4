// Where the OpenAPI builders find definitions: api/schema's generated definitions, optionally layered with
// the schemas of in-process API group providers (their kinds are not in the registry).
import { definitionName, getDefinition, type SchemaObject } from '../../api/schema/index.js';

export interface SchemaCatalog {
  /** Distinguishes catalogs in the document memo. */
  readonly key: string;
  definitionName(group: string, version: string, kind: string): string | undefined;
  getDefinition(name: string): SchemaObject | undefined;
}

/** api/schema only. */
export const registryCatalog: SchemaCatalog = { key: '', definitionName, getDefinition };

/** `extra` (by definition name, kinds carrying x-kubernetes-group-version-kind) over api/schema; extra wins. */
export function layeredCatalog(extra: Readonly<Record<string, SchemaObject>>): SchemaCatalog {
  const names = Object.keys(extra).sort();
  if (names.length === 0) return registryCatalog;
  const byGvk = new Map<string, string>();
  for (const n of names) for (const g of extra[n]?.['x-kubernetes-group-version-kind'] ?? []) byGvk.set(`${g.group}/${g.version}/${g.kind}`, n);
  return {
    key: JSON.stringify(names.map((n) => [n, extra[n]])),
    definitionName: (group, version, kind) => byGvk.get(`${group}/${version}/${kind}`) ?? definitionName(group, version, kind),
    getDefinition: (name) => extra[name] ?? getDefinition(name),
  };
}
