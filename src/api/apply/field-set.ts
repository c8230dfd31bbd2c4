// Field sets (structured-merge-diff's model): the leaf paths an object sets, as `f:`/`k:`/`v:` tokens,
// with (de)serialisation to the fieldsV1 wire format.
import type { PatchMeta } from '../patch/patch-meta.js';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A leaf path: tokens like ['f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'] or [..., '.'] for a list element. */
export type FieldPathTokens = readonly string[];
/** Leaf path (tokens joined by \u0000) → JSON of the value there ('' for element markers). */
export type Leaves = Map<string, string>;

export const sep = '\u0000';

/** Fields never tracked (upstream strips these before computing managed fields). */
const ignoredTop = new Set(['apiVersion', 'kind']);
const ignoredMeta = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName']);

export function listKeys(meta: PatchMeta | undefined): readonly string[] | undefined {
  if (!meta || meta.kind !== 'list') return undefined;
  if (meta.listType === 'map' && meta.listMapKeys?.length) return meta.listMapKeys;
  if (meta.mergeKey) return [meta.mergeKey];
  return undefined;
}

export function isSet(meta: PatchMeta | undefined): boolean {
  return meta?.kind === 'list' && (meta.listType === 'set' || (meta.strategy === 'merge' && !meta.mergeKey));
}

/** `k:{"name":"nginx"}` — key fields in sorted order as upstream. */
export function elementKey(elem: Record<string, unknown>, keys: readonly string[]): string {
  const k: Record<string, unknown> = {};
  for (const name of [...keys].sort()) if (elem[name] !== undefined) k[name] = elem[name];
  return `k:${JSON.stringify(k)}`;
}

function collect(v: unknown, meta: PatchMeta | undefined, prefix: string[], out: Leaves): void {
  if (isObj(v) && meta?.kind !== 'scalar' && meta?.mapType !== 'atomic') {
    const entries = Object.entries(v).filter(([, x]) => x !== null && x !== undefined);
    if (entries.length === 0) { out.set(prefix.join(sep), '{}'); return; }
    for (const [k, x] of entries) collect(x, meta?.kind === 'map' ? meta.elem() : meta?.field(k), [...prefix, `f:${k}`], out);
    return;
  }
  if (Array.isArray(v)) {
    const keys = listKeys(meta);
    if (keys && v.every(isObj)) {
      for (const e of v as Record<string, unknown>[]) {
        const p = [...prefix, elementKey(e, keys)];
        out.set([...p, '.'].join(sep), '');
        for (const [k, x] of Object.entries(e)) if (x !== null && x !== undefined) collect(x, meta!.elem()?.field(k), [...p, `f:${k}`], out);
      }
      return;
    }
    if (isSet(meta)) {
      for (const x of v) out.set([...prefix, `v:${JSON.stringify(x)}`].join(sep), '');
      return;
    }
  }
  out.set(prefix.join(sep), JSON.stringify(v));
}

/** The leaves an object sets. `part` selects the main resource (status excluded) or only status. */
export function leavesOf(obj: unknown, meta: PatchMeta, part: 'main' | 'status' | 'all' = 'main'): Leaves {
  const out: Leaves = new Map();
  if (!isObj(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (ignoredTop.has(k) || v === null || v === undefined) continue;
    if (part === 'main' && k === 'status') continue;
    if (part === 'status' && k !== 'status') continue;
    if (k === 'metadata' && isObj(v)) {
      const mm = meta.field('metadata');
      for (const [mk, mv] of Object.entries(v)) if (!ignoredMeta.has(mk) && mv !== null && mv !== undefined) collect(mv, mm?.field(mk), ['f:metadata', `f:${mk}`], out);
      continue;
    }
    collect(v, meta.field(k), [`f:${k}`], out);
  }
  return out;
}

/** fieldsV1 JSON from a set of leaf paths. */
export function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of paths) {
    let cur = root;
    for (const t of p.split(sep)) {
      if (t === '') continue;
      cur = (cur[t] ??= {}) as Record<string, unknown>;
    }
  }
  return root;
}

/** Leaf paths from fieldsV1 JSON. */
export function fromFieldsV1(f: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown, prefix: string[]): void => {
    if (!isObj(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 0) { if (prefix.length) out.add(prefix.join(sep)); return; }
    for (const k of keys) walk(node[k], [...prefix, k]);
  };
  walk(f, []);
  return out;
}

/** `.spec.containers[name="nginx"].image` — how upstream prints a path in conflict messages. */
export function describePath(p: string): string {
  let s = '';
  for (const t of p.split(sep)) {
    if (t.startsWith('f:')) s += `.${t.slice(2)}`;
    else if (t.startsWith('k:')) {
      const k = JSON.parse(t.slice(2)) as Record<string, unknown>;
      s += `[${Object.entries(k).map(([a, b]) => `${a}=${JSON.stringify(b)}`).join(',')}]`;
    } else if (t.startsWith('v:')) s += `[=${t.slice(2)}]`;
  }
  return s;
}
