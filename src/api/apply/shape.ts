// How the apply walkers see a value: a leaf, a granular map/struct, a keyed list or a set, decided by PatchMeta.
// Undefined meta (unknown type) merges objects recursively and keeps lists atomic, as strategic merge patch does.
import type { PatchMeta } from '../patch/patch-meta.js';
import { isObj, isTrackedMeta, isTrackedTop, listShape, type Part } from './path.js';

export type Shape =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'map' }
  | { readonly kind: 'assoc'; readonly keys: readonly string[] }
  | { readonly kind: 'set' };

const leaf: Shape = { kind: 'leaf' };
const map: Shape = { kind: 'map' };

export function shapeOf(v: unknown, meta: PatchMeta | undefined): Shape {
  if (Array.isArray(v)) {
    const s = listShape(meta);
    return s.kind === 'atomic' ? leaf : s;
  }
  if (isObj(v)) return meta === undefined || ((meta.kind === 'struct' || meta.kind === 'map') && meta.mapType !== 'atomic') ? map : leaf;
  return leaf;
}

/** Both values are walked together only when they have the same shape; otherwise the pair is one leaf. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.kind === b.kind;
}

export function childMeta(meta: PatchMeta | undefined, name: string): PatchMeta | undefined {
  if (meta === undefined) return undefined;
  return meta.kind === 'map' ? meta.elem() : meta.field(name);
}

/** A declared struct field is scaffolding: its own path is not owned, only what it holds (upstream's named fields). */
export function isNamedField(parent: PatchMeta | undefined, child: PatchMeta | undefined): boolean {
  return parent?.kind === 'struct' && child !== undefined;
}

/** Whether field `name` under `path` is tracked: the strip set and the part filter apply at the top two levels. */
export function isTrackedChild(path: string, name: string, part: Part): boolean {
  if (path === '') return isTrackedTop(name, part);
  if (path === 'f:metadata') return isTrackedMeta(name);
  return true;
}

/** `metadata` itself is never owned (upstream strips it), only fields beneath it. */
export function isOwnablePath(path: string): boolean {
  return path !== '' && path !== 'f:metadata';
}

export function isEmptyContainer(v: unknown): boolean {
  if (v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) {
    for (const k in v) if (v[k] !== undefined) return false;
    return true;
  }
  return false;
}
