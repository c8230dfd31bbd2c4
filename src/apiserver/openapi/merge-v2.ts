// Merging extension API servers' swagger 2.0 documents into the served /openapi/v2, as kube-aggregator
// does: each keeps only its own group-version's paths, paths already present stay as they are, and
// definitions that differ from a same-named one are renamed `<name>_v2`, `_v3`, … with their refs.
import type { OpenApiDocument } from './documents.js';

type Json = Record<string, unknown>;

/** The /openapi/v2 document of one available extension API server (an APIService with a service). */
export interface RemoteOpenApiV2 {
  /** The APIService name (`v1beta1.metrics.k8s.io`). */
  readonly name: string;
  readonly group: string;
  readonly version: string;
  /** The parsed JSON document, as the server sent it. */
  readonly spec: unknown;
  /** Changes whenever `spec` does (a hash of its text). */
  readonly hash: string;
}

const definitionPrefix = '#/definitions/';
const gvkKey = 'x-kubernetes-group-version-kind';
const isJson = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every `#/definitions/` name `v` refers to directly. */
function refsOf(v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) for (const x of v) refsOf(x, out);
  else if (isJson(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string' && x.startsWith(definitionPrefix)) out.add(x.slice(definitionPrefix.length));
      else refsOf(x, out);
    }
  }
}

/** The definitions reachable from `roots` through `definitions`. */
function reachable(roots: unknown, definitions: Json): Set<string> {
  const seen = new Set<string>();
  const queue = new Set<string>();
  refsOf(roots, queue);
  for (const name of queue) {
    if (seen.has(name)) continue;
    seen.add(name);
    refsOf(definitions[name], queue);
  }
  return seen;
}

/** A copy of `v` with `$ref`s renamed by `renames`. */
function renameRefs(v: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(v)) return v.map((x) => renameRefs(x, renames));
  if (!isJson(v)) return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    const to = k === '$ref' && typeof x === 'string' && x.startsWith(definitionPrefix) ? renames.get(x.slice(definitionPrefix.length)) : undefined;
    out[k] = to === undefined ? renameRefs(x, renames) : definitionPrefix + to;
  }
  return out;
}

/** JSON text with object keys sorted, for comparing documents that order keys differently. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isJson(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const withoutGvks = (d: unknown): string => canonical(isJson(d) ? { ...d, [gvkKey]: undefined } : d);

/** The union of two definitions' GVK lists, or undefined when `b` adds nothing to `a`. */
function mergedGvks(a: unknown, b: unknown): unknown[] | undefined {
  const list = (d: unknown): unknown[] => (isJson(d) && Array.isArray(d[gvkKey]) ? d[gvkKey] : []);
  const out = [...list(a)];
  const seen = new Set(out.map(canonical));
  for (const g of list(b)) if (!seen.has(canonical(g))) { seen.add(canonical(g)); out.push(g); }
  return out.length > list(a).length ? out : undefined;
}

/** Adds one remote document's own paths and the definitions they use to `paths` and `definitions`. */
function mergeOne(paths: Json, definitions: Json, remote: RemoteOpenApiV2): void {
  if (!isJson(remote.spec) || !isJson(remote.spec['paths'])) return;
  const source = remote.spec;
  const sourceDefs = isJson(source['definitions']) ? source['definitions'] : {};
  const prefix = `/apis/${remote.group}/${remote.version}/`;
  const kept: Json = {};
  for (const [p, item] of Object.entries(source['paths'] as Json)) if (p.startsWith(prefix) && !(p in paths)) kept[p] = item;
  if (Object.keys(kept).length === 0) return;
  const used = [...reachable(kept, sourceDefs)].filter((n) => n in sourceDefs);
  const renames = new Map<string, string>();
  for (const name of used) {
    const existing = definitions[name];
    if (existing === undefined || withoutGvks(existing) === withoutGvks(sourceDefs[name])) continue;
    let i = 2;
    while (`${name}_v${i}` in definitions || `${name}_v${i}` in sourceDefs) i++;
    renames.set(name, `${name}_v${i}`);
  }
  for (const [p, item] of Object.entries(kept)) paths[p] = renameRefs(item, renames);
  for (const name of used) {
    const def = renameRefs(sourceDefs[name], renames);
    const target = renames.get(name) ?? name;
    const existing = definitions[target];
    if (existing === undefined) definitions[target] = def;
    else {
      const gvks = mergedGvks(existing, def);
      if (gvks && isJson(existing)) definitions[target] = { ...existing, [gvkKey]: gvks };
    }
  }
}

/**
 * `base` with the documents of `remotes` merged in, in the order given (APIService priority order). A
 * remote contributes only paths under `/apis/<group>/<version>/` that `base` (or an earlier remote) does
 * not have, and the definitions those paths reach. Neither input is mutated; `base` is returned as it is
 * when no remote adds anything.
 */
export function mergeOpenApiV2(base: OpenApiDocument, remotes: readonly RemoteOpenApiV2[]): OpenApiDocument {
  if (remotes.length === 0) return base;
  const paths: Json = { ...(isJson(base['paths']) ? base['paths'] : {}) };
  const definitions: Json = { ...(isJson(base['definitions']) ? base['definitions'] : {}) };
  for (const r of remotes) mergeOne(paths, definitions, r);
  return { ...base, paths, definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
