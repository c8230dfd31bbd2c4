// Server-side apply: merge an applied configuration into the live object, track the applier's fields,
// remove fields it stopped applying, and report conflicts with other managers (409 as upstream).
import { ApiError, badRequest, type StatusCause } from '../errors.js';
import type { KubeObject } from '../meta/kind-rules.js';
import type { PatchMeta } from '../patch/patch-meta.js';
import { describePath, elementKey, isSet, leavesOf, listKeys, sep } from './field-set.js';
import { findOrAdd, readOwnership, rfc3339, writeOwnership, type Ownership } from './managed-fields.js';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface ApplyOptions {
  manager: string;
  force: boolean;
  meta: PatchMeta;
  apiVersion: string;
  now: Date;
  subresource?: string;
}

function merge(live: unknown, applied: unknown, meta: PatchMeta | undefined): unknown {
  if (applied === null || applied === undefined) return live;
  if (isObj(applied) && meta?.kind !== 'scalar' && meta?.mapType !== 'atomic') {
    const out: Record<string, unknown> = isObj(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) continue;
      out[k] = merge(out[k], v, meta?.kind === 'map' ? meta.elem() : meta?.field(k));
    }
    return out;
  }
  if (Array.isArray(applied)) {
    const keys = listKeys(meta);
    if (keys && applied.every(isObj) && Array.isArray(live)) {
      const out = [...live];
      for (const a of applied as Record<string, unknown>[]) {
        const ak = elementKey(a, keys);
        const i = out.findIndex((l) => isObj(l) && elementKey(l, keys) === ak);
        if (i >= 0) out[i] = merge(out[i], a, meta!.elem());
        else out.push(merge(undefined, a, meta!.elem()));
      }
      return out;
    }
    if (isSet(meta) && Array.isArray(live)) {
      const out = [...live];
      for (const a of applied) if (!out.some((l) => JSON.stringify(l) === JSON.stringify(a))) out.push(a);
      return out;
    }
    return structuredClone(applied);
  }
  return applied;
}

/** Removes one leaf path from obj (mutating). */
function removePath(obj: unknown, tokens: string[], meta: PatchMeta | undefined): void {
  let cur: unknown = obj;
  let m = meta;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const last = i === tokens.length - 1;
    if (t.startsWith('f:')) {
      if (!isObj(cur)) return;
      const name = t.slice(2);
      if (last) { delete cur[name]; return; }
      m = m?.kind === 'map' ? m.elem() : m?.field(name);
      cur = cur[name];
    } else if (t.startsWith('k:') || t.startsWith('v:')) {
      if (!Array.isArray(cur)) return;
      const list = cur;
      const keys = listKeys(m);
      const idx = t.startsWith('v:') ? list.findIndex((x) => JSON.stringify(x) === t.slice(2)) : list.findIndex((x) => isObj(x) && keys !== undefined && elementKey(x, keys) === t);
      if (idx < 0) return;
      const next = tokens[i + 1];
      if (last || next === '.') { list.splice(idx, 1); return; }
      m = m?.elem();
      cur = list[idx];
    } else {
      return;
    }
  }
}

/** Applies `applied` for opts.manager. Throws ApiError 409 (FieldManagerConflict causes) unless force. */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): KubeObject {
  if (!isObj(applied)) throw badRequest('the applied configuration must be an object');
  const part = opts.subresource === 'status' ? 'status' : 'main';
  const appliedLeaves = leavesOf(applied, opts.meta, part);
  const liveLeaves = live ? leavesOf(live, opts.meta, part) : new Map<string, string>();
  const owners = readOwnership(live);
  const isMine = (o: Ownership): boolean => o.entry.manager === opts.manager && o.entry.operation === 'Apply' && (o.entry.subresource ?? '') === (opts.subresource ?? '');
  const conflicts: Conflict[] = [];
  for (const [p, v] of appliedLeaves) {
    if (!liveLeaves.has(p) || liveLeaves.get(p) === v) continue;
    for (const o of owners) if (!isMine(o) && o.set.has(p)) conflicts.push({ owner: o, path: p });
  }
  if (conflicts.length && !opts.force) throw conflictError(conflicts);
  for (const c of conflicts) c.owner.set.delete(c.path);
  const mine = findOrAdd(owners, opts.manager, 'Apply', opts.subresource, opts.apiVersion, opts.now);
  const previously = new Set(mine.set);
  const result = merge(structuredClone(live ?? {}), applied, opts.meta) as KubeObject;
  // Fields this manager applied before and no longer applies go away, unless someone else owns them.
  const dropped = [...previously].filter((p) => !appliedLeaves.has(p) && !owners.some((o) => o !== mine && o.set.has(p)));
  for (const p of dropped.sort((a, b) => b.length - a.length)) removePath(result, p.split(sep), opts.meta);
  mine.set = new Set(appliedLeaves.keys());
  if (JSON.stringify([...previously].sort()) !== JSON.stringify([...mine.set].sort())) mine.entry.time = rfc3339(opts.now);
  mine.entry.apiVersion = opts.apiVersion;
  if (applied.apiVersion) result.apiVersion = applied.apiVersion;
  if (applied.kind) result.kind = applied.kind;
  return writeOwnership(result, owners);
}

interface Conflict { owner: Ownership; path: string }

/** `"kubectl" with subresource "scale" using apps/v1`, as upstream names a manager. */
function managerName(o: Ownership): string {
  const sub = o.entry.subresource ? ` with subresource "${o.entry.subresource}"` : '';
  return `"${o.entry.manager}"${sub} using ${o.entry.apiVersion}`;
}

function conflictError(conflicts: Conflict[]): ApiError {
  const causes: StatusCause[] = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${managerName(c.owner)}`, field: describePath(c.path) }));
  let message: string;
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${managerName(c.owner)}: ${describePath(c.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) byManager.set(managerName(c.owner), [...(byManager.get(managerName(c.owner)) ?? []), describePath(c.path)]);
    message = `Apply failed with ${conflicts.length} conflicts: ${[...byManager].map(([m, ps]) => `conflicts with ${m}:\n${ps.map((p) => `- ${p}`).join('\n')}`).join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}
