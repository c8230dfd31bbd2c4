// Field management on writes: strict/warn unknown-field checks and managedFields bookkeeping.
import { badRequest, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import { patchMetaFor, pruneUnknownFields, unknownFields } from '../../api/schema/index.js';
import { updateManagedFields } from '../../api/apply/index.js';
import type { RequestContext } from './context.js';
import { metaOf } from './object-meta.js';

/**
 * fieldValidation=Strict rejects unknown fields with 400; Warn reports them as warnings; both Warn and
 * Ignore drop them, since a typed object cannot hold them (upstream decoding does the same).
 */
export function checkUnknownFields(desc: ResourceDescriptor, obj: KubeObject, ctx: RequestContext): void {
  const unknown = desc.pruneUnknownFields ? desc.pruneUnknownFields(obj)
    : ctx.fieldValidation === 'Strict' ? unknownFields(obj, desc.group, desc.version, desc.kind) : pruneUnknownFields(obj, desc.group, desc.version, desc.kind);
  if (unknown.length === 0) return;
  if (ctx.fieldValidation === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw badRequest(`${desc.kind} in version "${desc.version}" cannot be handled as a ${desc.kind}: strict decoding error: ${list}`);
  }
  if (ctx.fieldValidation === 'Warn') for (const f of unknown) ctx.warnings.push(`unknown field "${f}"`);
}

/** Gives the fields this write changed to ctx.fieldManager (operation Update). Mutates `next`. */
export function recordManagedFields(desc: ResourceDescriptor, old: KubeObject | undefined, next: KubeObject, ctx: RequestContext, now: Date, subresource?: string): void {
  if (!ctx.fieldManager) return;
  const s = desc.storage;
  const meta = desc.patchMeta ?? patchMetaFor(s.group, s.version, desc.kind);
  const updated = updateManagedFields(old, next, { manager: ctx.fieldManager, meta, apiVersion: s.group ? `${s.group}/${s.version}` : s.version, now, ...(subresource ? { subresource } : {}) });
  const mf = metaOf(updated).managedFields;
  if (mf === undefined) delete metaOf(next).managedFields;
  else metaOf(next).managedFields = mf;
}
