// Where the OpenAPI builders find definitions: api/schema's generated definitions, layered with the schemas of
// in-process API group providers and of custom resources (their kinds are not in the registry).
import { createHash } from 'node:crypto';
import { definitionName, getDefinition, type SchemaObject } from '../../api/schema/index.js';

export interface SchemaCatalog {
  /** Distinguishes catalogs in the document memo: it changes whenever a definition does. */
  readonly key: string;
  /**
   * Changes whenever a definition of a kind of group/version (or a definition of no kind) does: the memo key of
   * that group-version's document, so that a changed custom resource rebuilds its own group-version only.
   */
  groupVersionKey(group: string, version: string): string;
  definitionName(group: string, version: string, kind: string): string | undefined;
  getDefinition(name: string): SchemaObject | undefined;
}

/** api/schema only. */
export const registryCatalog: SchemaCatalog = { key: '', groupVersionKey: () => '', definitionName, getDefinition };

const digest = (text: string): string => createHash('sha256').update(text).digest('base64url');

/**
 * `extra` (by definition name, kinds carrying x-kubernetes-group-version-kind) over `base`; extra wins. Built once
 * per set of definitions (keys are digests of their JSON); callers keep it while the definitions stay the same.
 * `selfContained`: each group-version's definitions reference only their own, kind-less ones and `base`'s (custom
 * resources'), so a group-version's key covers only those; otherwise every group-version's key is the whole key.
 */
export function layeredCatalog(extra: Readonly<Record<string, SchemaObject>>, options: { base?: SchemaCatalog; selfContained?: boolean } = {}): SchemaCatalog {
  const base = options.base ?? registryCatalog;
  const names = Object.keys(extra).sort();
  if (names.length === 0) return base;
  const byGvk = new Map<string, string>();
  const byGroupVersion = new Map<string, string[]>();
  for (const n of names) {
    const gvks = extra[n]?.['x-kubernetes-group-version-kind'] ?? [];
    for (const g of gvks) byGvk.set(`${g.group}/${g.version}/${g.kind}`, n);
    for (const gv of gvks.length ? new Set(gvks.map((g) => `${g.group}/${g.version}`)) : ['']) byGroupVersion.set(gv, [...byGroupVersion.get(gv) ?? [], n]);
  }
  const keyOf = (ns: readonly string[]): string => digest(JSON.stringify(ns.map((n) => [n, extra[n]])));
  const shared = keyOf(byGroupVersion.get('') ?? []);
  const gvKeys = new Map<string, string>();
  const key = `${base.key}|${keyOf(names)}`;
  return {
    key,
    groupVersionKey: options.selfContained !== true ? () => key : (group, version) => {
      const gv = `${group}/${version}`;
      let k = gvKeys.get(gv);
      if (k === undefined) {
        k = `${base.key}|${shared}|${keyOf(byGroupVersion.get(gv) ?? [])}`;
        gvKeys.set(gv, k);
      }
      return k;
    },
    definitionName: (group, version, kind) => byGvk.get(`${group}/${version}/${kind}`) ?? base.definitionName(group, version, kind),
    getDefinition: (name) => extra[name] ?? base.getDefinition(name),
  };
}
