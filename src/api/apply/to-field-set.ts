// fieldSetOf: the fields an object (an applied configuration) sets, as structured-merge-diff's ToFieldSet:
// leaves, empty maps and nulls; map entries and list items also own themselves ("." in fieldsV1).
import type { PatchMeta } from '../patch/patch-meta.js';
import { FieldSet } from './field-set.js';
import { childPath, isObj, keyToken, valueToken, type Part } from './path.js';
import { childMeta, isEmptyContainer, isNamedField, isOwnablePath, isTrackedChild, shapeOf } from './shape.js';

/**
 * The field set of `obj` under `meta`. apiVersion, kind and the server-owned metadata fields are left out,
 * and so is status (part 'main') or spec (part 'status'). Throws PathError when a keyed list item lacks a key.
 */
export function fieldSetOf(obj: unknown, meta: PatchMeta, part: Part = 'main'): FieldSet {
  const out = new FieldSet();
  collect(obj, meta, '', part, out);
  return out;
}

function collect(v: unknown, meta: PatchMeta | undefined, path: string, part: Part, out: FieldSet): void {
  const shape = shapeOf(v, meta);
  switch (shape.kind) {
    case 'leaf':
      if (isOwnablePath(path)) out.add(path);
      return;
    case 'map': {
      const m = v as Record<string, unknown>;
      if (isEmptyContainer(m)) {
        if (isOwnablePath(path)) out.add(path);
        return;
      }
      for (const k in m) {
        const x = m[k];
        if (x === undefined || !isTrackedChild(path, k, part)) continue;
        const cm = childMeta(meta, k);
        const cp = childPath(path, `f:${k}`);
        collect(x, cm, cp, part, out);
        if (!isNamedField(meta, cm) && isOwnablePath(cp)) out.add(cp);
      }
      return;
    }
    case 'assoc': {
      const elem = meta?.elem();
      for (const item of v as unknown[]) {
        const cp = childPath(path, keyToken(item, shape.keys));
        if (isObj(item)) collect(item, elem, cp, part, out);
        out.add(cp);
      }
      return;
    }
    case 'set':
      for (const item of v as unknown[]) out.add(childPath(path, valueToken(item)));
      return;
  }
}
