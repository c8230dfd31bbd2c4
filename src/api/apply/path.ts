// Field paths as structured-merge-diff names them: `f:` field, `k:` keyed list item, `v:` set value, `i:` index.
// Also decides how a list is tracked (associative, set or atomic) and which fields are never tracked.
import type { PatchMeta } from '../patch/patch-meta.js';

/** Separates the tokens of a path held as one string ('' is the root). */
export const sep = '\u0000';

export const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function childPath(path: string, token: string): string {
  return path === '' ? token : path + sep + token;
}

export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split(sep);
}

/** How apply treats a list: items merged by key, a set of scalars, or one atomic value. */
export type ListShape = { readonly kind: 'assoc'; readonly keys: readonly string[] } | { readonly kind: 'set' } | { readonly kind: 'atomic' };

/**
 * Upstream's list-map keys for lists whose schema only names a patch merge key. The OpenAPI of 1.32 already
 * declares these; they matter when a PatchMeta comes from an older or hand-written schema.
 */
const multiKeys: Readonly<Record<string, readonly string[]>> = { containerPort: ['containerPort', 'protocol'] };

/** Schema defaults of list-map key fields (upstream fills a missing key from the schema default). */
const keyDefaults: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

const atomicList: ListShape = { kind: 'atomic' };
const setList: ListShape = { kind: 'set' };
const shapes = new WeakMap<PatchMeta, ListShape>();

export function listShape(meta: PatchMeta | undefined): ListShape {
  if (meta?.kind !== 'list') return atomicList;
  const hit = shapes.get(meta);
  if (hit) return hit;
  let shape: ListShape = atomicList;
  if (meta.listType === 'map' && meta.listMapKeys?.length) shape = { kind: 'assoc', keys: [...meta.listMapKeys].sort() };
  else if (meta.listType === 'set') shape = setList;
  else if (meta.listType === undefined && meta.mergeKey) shape = { kind: 'assoc', keys: [...(multiKeys[meta.mergeKey] ?? [meta.mergeKey])].sort() };
  else if (meta.listType === undefined && meta.strategy?.startsWith('merge')) shape = setList;
  shapes.set(meta, shape);
  return shape;
}

/** Thrown when a keyed list item lacks a key; apply reports it as 400, update keeps the old managedFields. */
export class PathError extends Error {
  override readonly name = 'PathError';
}

/** `k:{"name":"nginx"}`: the key fields in sorted order (keys arrive sorted from listShape). */
export function keyToken(item: unknown, keys: readonly string[]): string {
  if (!isObj(item)) throw new PathError(`Cannot index list item ${JSON.stringify(item)}: expected an object with key fields ${keys.join(', ')}`);
  let s = 'k:{';
  for (const [i, name] of keys.entries()) {
    let v = item[name];
    if (v === undefined || v === null) v = keyDefaults[name];
    if (v === undefined) throw new PathError(`associative list with keys has an element that omits key field "${name}" (and doesn't have default value)`);
    s += `${i ? ',' : ''}${JSON.stringify(name)}:${JSON.stringify(v)}`;
  }
  return `${s}}`;
}

export function valueToken(v: unknown): string {
  return `v:${JSON.stringify(v)}`;
}

/** Paths never tracked (upstream's strip set), relative to the root, as `f:` tokens. */
const strippedMeta = new Set(['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']);

/** Which part of an object a write may touch: the main resource (no status) or the status subresource. */
export type Part = 'main' | 'status';

export function partOf(subresource: string | undefined): Part {
  return subresource === 'status' ? 'status' : 'main';
}

/**
 * Whether a top-level field is tracked for this part: as upstream's reset fields, the main resource ignores
 * status and the status subresource ignores spec. apiVersion and kind are never tracked.
 */
export function isTrackedTop(name: string, part: Part): boolean {
  if (name === 'apiVersion' || name === 'kind') return false;
  return part === 'status' ? name !== 'spec' : name !== 'status';
}

export function isTrackedMeta(name: string): boolean {
  return !strippedMeta.has(name);
}

/** `.spec.containers[name="nginx"].image`, as upstream prints a path in conflict messages. */
export function describePath(path: string): string {
  let s = '';
  for (const t of splitPath(path)) {
    const body = t.slice(2);
    if (t.startsWith('f:')) s += `.${body}`;
    else if (t.startsWith('k:')) {
      const k = JSON.parse(body) as Record<string, unknown>;
      s += `[${Object.entries(k).map(([a, b]) => `${a}=${JSON.stringify(b)}`).join(',')}]`;
    } else if (t.startsWith('v:')) s += `[=${body}]`;
    else if (t.startsWith('i:')) s += `[${body}]`;
  }
  return s;
}

const kindRank = (t: string): number => (t.startsWith('f:') ? 0 : t.startsWith('k:') ? 1 : t.startsWith('v:') ? 2 : 3);

/** Upstream's element order: field names, then keys, then values, then indexes; each by value. */
export function compareTokens(a: string, b: string): number {
  const d = kindRank(a) - kindRank(b);
  if (d !== 0) return d;
  if (a.startsWith('i:')) return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}
