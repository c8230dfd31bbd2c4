// patch: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and strategic merge patch, plus the
// PatchMeta contract they share with server-side apply (src/api/apply).
export { applyJsonPatch, maxJsonPatchOperations } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch, stripDirectives } from './strategic-merge-patch.js';
export { unknownMeta, type PatchMeta, type PatchStrategy } from './patch-meta.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** The patch type for a request Content-Type (parameters ignored); undefined for anything unsupported. */
export function patchTypeFromContentType(ct: string): PatchType | undefined {
  switch ((ct.split(';')[0] ?? '').trim().toLowerCase()) {
    case 'application/json-patch+json': return 'json';
    case 'application/merge-patch+json': return 'merge';
    case 'application/strategic-merge-patch+json': return 'strategic';
    case 'application/apply-patch+yaml': return 'apply';
    default: return undefined;
  }
}
