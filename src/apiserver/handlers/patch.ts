// PATCH for any resource (and its status/scale): JSON, merge, strategic and apply patches, with conflict retries.
import { badRequest, isConflict, isNotFound, notFound, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, type PatchType } from '../../api/patch/index.js';
import { patchMetaFor } from '../../api/schema/index.js';
import { serverSideApply } from '../../api/apply/index.js';
import type { Clock } from '../../util/index.js';
import type { GenericStore } from '../registry/generic-store.js';
import type { RequestContext } from '../registry/context.js';
import { clone } from '../registry/object-codec.js';
import { applyScale, toScale } from './scale.js';

export interface PatchRequest {
  readonly desc: ResourceDescriptor;
  readonly store: GenericStore;
  readonly namespace: string;
  readonly name: string;
  readonly subresource: string;
  /** The subresource writes status (/status, or one the descriptor marks writesStatus). */
  readonly statusLike?: boolean;
  readonly type: PatchType;
  readonly patch: unknown;
  readonly ctx: RequestContext;
  readonly force: boolean;
  readonly clock: Clock;
}

function apiVersionOf(d: { group: string; version: string }): string {
  return d.group ? `${d.group}/${d.version}` : d.version;
}

function patchRv(patch: unknown): string | undefined {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return undefined;
  const rv = ((patch as Record<string, unknown>)['metadata'] as Record<string, unknown> | undefined)?.['resourceVersion'];
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

/** What a patch of the kind merges by: a custom resource's schema, else the built-in definitions. */
const patchMetaOf = (d: ResourceDescriptor): ReturnType<typeof patchMetaFor> => d.patchMeta ?? patchMetaFor(d.group, d.version, d.kind);

function applyPatchDoc(type: PatchType, base: KubeObject, patch: unknown, meta: ReturnType<typeof patchMetaFor>): KubeObject {
  let out: unknown;
  switch (type) {
    case 'json':
      out = applyJsonPatch(base, patch);
      break;
    case 'merge':
      out = applyMergePatch(base, patch);
      break;
    case 'strategic':
      out = applyStrategicMergePatch(base, patch, meta);
      break;
    case 'apply':
      throw new TypeError('Cannot apply an apply patch as a plain patch');
    default: {
      const never: never = type;
      throw new TypeError(`Cannot apply unknown patch type "${String(never)}"`);
    }
  }
  if (out === null || typeof out !== 'object' || Array.isArray(out)) throw badRequest('the patch produced an invalid object');
  return out as KubeObject;
}

/** Applies the patch and writes the result. Retries on conflict unless the patch pinned a resourceVersion. */
export async function patchResource(p: PatchRequest): Promise<{ object: KubeObject; created: boolean }> {
  const pinned = patchRv(p.patch) !== undefined;
  const scaleDesc = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  for (let attempt = 0; ; attempt++) {
    const stored = await p.store.getStored(p.namespace, p.name);
    if (!stored) {
      if (p.type === 'apply' && p.subresource === '') return { object: await createByApply(p), created: true };
      throw notFound({ group: p.desc.group, resource: p.desc.plural }, p.name);
    }
    const current = clone(await p.store.fromStorage(p.desc, stored));
    const rv = Number((stored.metadata as Record<string, unknown>)['resourceVersion']);
    let next: KubeObject;
    let ctx = p.ctx;
    if (p.subresource === 'scale') {
      const scale = toScale(p.desc, current);
      const meta = patchMetaFor(scaleDesc.group, scaleDesc.version, scaleDesc.kind);
      const patched = p.type === 'apply'
        ? serverSideApply(scale, p.patch as KubeObject, { manager: p.ctx.fieldManager, force: p.force, meta, apiVersion: 'autoscaling/v1', now: p.clock.now(), subresource: 'scale' })
        : applyPatchDoc(p.type, scale, p.patch, meta);
      next = applyScale(p.desc, current, patched);
    } else if (p.type === 'apply') {
      const meta = patchMetaOf(p.desc);
      next = serverSideApply(current, p.patch as KubeObject, { manager: p.ctx.fieldManager, force: p.force, meta, apiVersion: apiVersionOf(p.desc), now: p.clock.now(), ...(p.subresource ? { subresource: p.subresource } : {}) });
      // managedFields were computed by apply: the store must not re-attribute them as an Update.
      ctx = { ...p.ctx, fieldManager: '' };
    } else {
      next = applyPatchDoc(p.type, current, p.patch, patchMetaOf(p.desc));
      // upstream checkName: a patch that removed the name (e.g. nulled metadata) leaves nothing to update.
      const patchedName = (next.metadata as Record<string, unknown> | undefined)?.['name'];
      if (typeof patchedName !== 'string' || patchedName === '') throw badRequest(`the name of the object (${p.name} based on URL) was undeterminable: name must be provided`);
    }
    // A resourceVersion in the patch is the client's precondition; otherwise we pin the version we
    // patched, so a concurrent write makes us retry instead of overwriting it.
    const nm = (next.metadata ??= {}) as Record<string, unknown>;
    // A patch that changed the resourceVersion (a JSON patch's replace) asks for that version, as upstream.
    const changedRv = typeof nm['resourceVersion'] === 'string' && nm['resourceVersion'] !== '' && nm['resourceVersion'] !== String(rv);
    if (!pinned && !changedRv) delete nm['resourceVersion'];
    // Decided before the write: the store sets the object's resourceVersion as it writes it.
    const retryOnConflict = !pinned && !changedRv;
    try {
      const object = await p.store.update(p.desc, p.namespace, p.name, next, ctx, {
        kind: p.statusLike || p.subresource === 'status' ? 'status' : 'main',
        ...(pinned ? {} : { expectedRv: rv }),
        ...(p.subresource ? { subresource: p.subresource } : {}),
      });
      return { object, created: false };
    } catch (e: unknown) {
      if (isConflict(e) && retryOnConflict && attempt < 10) continue;
      if (isNotFound(e) && attempt < 10) continue;
      throw e;
    }
  }
}

async function createByApply(p: PatchRequest): Promise<KubeObject> {
  const applied = p.patch as KubeObject;
  const meta = patchMetaOf(p.desc);
  const m = (applied.metadata ?? {}) as Record<string, unknown>;
  if (m['name'] !== undefined && m['name'] !== p.name) throw badRequest(`the name of the object (${String(m['name'])}) does not match the name on the URL (${p.name})`);
  const obj = serverSideApply(undefined, clone(applied), { manager: p.ctx.fieldManager, force: p.force, meta, apiVersion: apiVersionOf(p.desc), now: p.clock.now() });
  ((obj.metadata ??= {}) as Record<string, unknown>)['name'] = p.name;
  return p.store.create(p.desc, p.namespace, obj, { ...p.ctx, fieldManager: '' });
}
