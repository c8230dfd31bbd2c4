// Strategic merge patch (upstream strategicpatch semantics): maps merge, lists with a merge strategy
// merge by key, and the $patch / $retainKeys / $setElementOrder / $deleteFromPrimitiveList directives.
import { badRequest } from '../errors.js';
import type { PatchMeta } from './patch-meta.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const setOrderPrefix = '$setElementOrder/';
const deletePrimitivePrefix = '$deleteFromPrimitiveList/';

/** Removes every `$`-directive key, recursively. */
export function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !(isObj(x) && x['$patch'] === 'delete')).map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

const isMergeList = (m: PatchMeta | undefined): boolean => m?.kind === 'list' && (m.strategy === 'merge' || m.strategy === 'merge,retainKeys');

function sameKey(a: unknown, b: unknown, key: string): boolean {
  return isObj(a) && isObj(b) && a[key] !== undefined && JSON.stringify(a[key]) === JSON.stringify(b[key]);
}

function mergeList(original: unknown, patch: unknown[], meta: PatchMeta): unknown[] {
  const orig = Array.isArray(original) ? original : [];
  const key = meta.mergeKey;
  const elemMeta = meta.elem();
  if (patch.some((p) => isObj(p) && p['$patch'] === 'replace')) {
    return patch.filter((p) => !(isObj(p) && p['$patch'] === 'replace')).map(stripDirectives);
  }
  if (!key) {
    // A set of primitives: union, original order first.
    const out = [...orig];
    for (const p of patch) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(p))) out.push(stripDirectives(p));
    return out;
  }
  const out: unknown[] = orig.map((o) => o);
  for (const p of patch) {
    if (!isObj(p)) throw badRequest(`unable to find api field in struct for the list element: ${JSON.stringify(p)} is not an object but the list is merged by "${key}"`);
    if (p[key] === undefined) throw badRequest(`map: ${JSON.stringify(p)} does not contain declared merge key: ${key}`);
    const idx = out.findIndex((o) => sameKey(o, p, key));
    if (p['$patch'] === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = mergeValue(out[idx], p, elemMeta);
    else out.push(mergeValue(undefined, p, elemMeta));
  }
  return out;
}

function applyOrder(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const pos = (x: unknown): number => order.findIndex((o) => (key ? sameKey(o, x, key) : JSON.stringify(o) === JSON.stringify(x)));
  const ordered = list.filter((x) => pos(x) >= 0).sort((a, b) => pos(a) - pos(b));
  const rest = list.filter((x) => pos(x) < 0);
  return [...ordered, ...rest];
}

function mergeMap(original: unknown, patch: Obj, meta: PatchMeta | undefined): unknown {
  const directive = patch['$patch'];
  if (directive === 'replace') return stripDirectives(patch);
  if (directive !== undefined && directive !== 'merge' && directive !== 'delete') throw badRequest(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  const out: Obj = isObj(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith(setOrderPrefix)) continue;
    if (k.startsWith(deletePrimitivePrefix)) {
      const field = k.slice(deletePrimitivePrefix.length);
      const remove = Array.isArray(v) ? v.map((x) => JSON.stringify(x)) : [];
      const cur = out[field];
      if (Array.isArray(cur)) out[field] = cur.filter((x) => !remove.includes(JSON.stringify(x)));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const fm = meta?.kind === 'map' ? meta.elem() : meta?.field(k);
    if (isObj(v) && v['$patch'] === 'delete') {
      delete out[k];
      continue;
    }
    out[k] = mergeValue(out[k], v, fm);
  }
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(setOrderPrefix) || !Array.isArray(v)) continue;
    const field = k.slice(setOrderPrefix.length);
    const cur = out[field];
    const fm = meta?.field(field);
    if (Array.isArray(cur)) out[field] = applyOrder(cur, v, fm?.mergeKey);
  }
  const retain = patch['$retainKeys'];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw badRequest('$retainKeys must be a list of strings');
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}

function mergeValue(original: unknown, patch: unknown, meta: PatchMeta | undefined): unknown {
  if (Array.isArray(patch)) return isMergeList(meta) ? mergeList(original, patch, meta!) : stripDirectives(patch);
  if (isObj(patch)) {
    if (meta?.kind === 'scalar' && !isObj(original)) return stripDirectives(patch);
    return mergeMap(original, patch, meta);
  }
  return patch;
}

/** Applies a strategic merge patch to doc (not mutated) using meta for list strategies. */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, meta: PatchMeta): unknown {
  if (!isObj(patch)) throw badRequest('the server rejected our request due to an error in our request: strategic merge patch must be a JSON object');
  return mergeMap(structuredClone(doc), patch, meta);
}
