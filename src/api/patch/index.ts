// patch: JSON patch, JSON merge patch and strategic merge patch, plus the PatchMeta contract.
export { applyJsonPatch } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch, stripDirectives } from './strategic-merge-patch.js';
export { unknownMeta, type PatchMeta, type PatchStrategy } from './patch-meta.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export function patchTypeFromContentType(ct: string): PatchType | undefined {
  switch (ct.split(';')[0]!.trim().toLowerCase()) {
    case 'application/json-patch+json': return 'json';
    case 'application/merge-patch+json': return 'merge';
    case 'application/strategic-merge-patch+json': return 'strategic';
    case 'application/apply-patch+yaml': return 'apply';
    default: return undefined;
  }
}
