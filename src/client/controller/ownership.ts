// Controller ownership (upstream ControllerRefManager): objects indexed by their controller's uid, orphans
// by namespace; adoption of matching orphans and release of owned objects that no longer match.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isNotFound, matchesLabels, type LabelSelector } from '../../api/index.js';
import type { Client, ResourceRef } from '../rest/client.js';

export type OwnedMeta = { metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; ownerReferences?: OwnerReference[]; labels?: Record<string, string>; deletionTimestamp?: string; finalizers?: string[] } };

export const controllerOf = (o: OwnedMeta): OwnerReference | undefined => o.metadata?.ownerReferences?.find((r) => r.controller);

/** The work-queue key ("namespace/name") of the object's controller when it is of ownerKind. */
export function controllerKey(o: OwnedMeta, ownerKind: string): string | undefined {
  const ref = controllerOf(o);
  return ref?.kind === ownerKind ? `${o.metadata?.namespace}/${ref.name}` : undefined;
}

type Candidate = { metadata?: { name?: string; namespace?: string } };

/** The keys of the owners in the object's namespace whose selector matches it: who may adopt an orphan. */
export function adoptersOf<O extends Candidate>(o: OwnedMeta, owners: Iterable<O>, selectorOf: (owner: O) => LabelSelector): string[] {
  const out: string[] = [];
  for (const owner of owners) {
    if (owner.metadata?.namespace === o.metadata?.namespace && matchesLabels(selectorOf(owner), o.metadata?.labels)) out.push(`${owner.metadata?.namespace}/${owner.metadata?.name}`);
  }
  return out;
}

/** Objects of one kind indexed by the uid of their controller of ownerKind, and orphans by namespace. */
export class OwnerIndex<T extends OwnedMeta> {
  readonly #kind: string;
  readonly #owned = new Map<string, Map<string, T>>();
  readonly #orphans = new Map<string, Map<string, T>>();
  constructor(ownerKind: string) {
    this.#kind = ownerKind;
  }
  #bucket(o: T): Map<string, T> | undefined {
    const ref = controllerOf(o);
    if (ref && ref.kind !== this.#kind) return undefined;
    const [map, key] = ref ? [this.#owned, ref.uid] : [this.#orphans, o.metadata?.namespace ?? ''];
    let m = map.get(key);
    if (!m) map.set(key, (m = new Map()));
    return m;
  }
  add(o: T): void { this.#bucket(o)?.set(o.metadata?.name ?? '', o); }
  remove(o: T): void { this.#bucket(o)?.delete(o.metadata?.name ?? ''); }
  owned(uid: string): T[] { return [...(this.#owned.get(uid)?.values() ?? [])]; }
  orphans(ns: string): T[] { return [...(this.#orphans.get(ns)?.values() ?? [])]; }
}

export interface Owner {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; uid: string; deletionTimestamp?: string };
}

export const controllerRefTo = (owner: Owner): OwnerReference => ({ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true });

export interface ClaimOptions<T> {
  /** Beyond the selector: whether an object belongs to the owner (StatefulSet pods must have an ordinal name). */
  isMember?: (o: T) => boolean;
  /** Finalizers added on adoption and removed on release (the Job controller's pod tracking finalizer). */
  finalizers?: readonly string[];
}

/**
 * Adoption and release as upstream's ControllerRefManager: a PATCH (controllers hold patch, not update, on what
 * they own) of the owner references and finalizers, as of the cached object's resourceVersion (a conflict retries).
 */
function patchOwnership<T extends OwnedMeta & object>(client: Client, r: ResourceRef, o: T, ownerReferences: OwnerReference[], finalizers: string[] | undefined): Promise<T> {
  const meta = o.metadata ?? {};
  const patch = { metadata: { uid: meta.uid, resourceVersion: meta.resourceVersion, ownerReferences, ...(finalizers ? { finalizers } : {}) } };
  return client.patch<T>(r, meta.namespace ?? '', meta.name ?? '', patch, 'merge');
}

/**
 * The objects the owner controls after adopting matching orphans (that pass isMember) and releasing owned
 * objects that no longer match. An owner being deleted neither adopts nor releases.
 */
export async function claimObjects<T extends OwnedMeta & object>(client: Client, owner: Owner, index: OwnerIndex<T>, r: ResourceRef, selector: LabelSelector, options: ClaimOptions<T> = {}): Promise<T[]> {
  const isMember = options.isMember ?? (() => true);
  const finalizers = options.finalizers ?? [];
  const deleting = owner.metadata.deletionTimestamp != null;
  const out: T[] = [];
  for (const o of index.owned(owner.metadata.uid)) {
    if (deleting || (matchesLabels(selector, o.metadata?.labels) && isMember(o))) { out.push(o); continue; }
    const refs = (o.metadata?.ownerReferences ?? []).filter((x) => x.uid !== owner.metadata.uid);
    const kept = (o.metadata?.finalizers ?? []).filter((f) => !finalizers.includes(f));
    await patchOwnership(client, r, o, refs, finalizers.length ? kept : undefined).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
  }
  if (deleting) return out;
  for (const o of index.orphans(owner.metadata.namespace)) {
    if (o.metadata?.deletionTimestamp || !matchesLabels(selector, o.metadata?.labels) || !isMember(o)) continue;
    const added = finalizers.filter((f) => !(o.metadata?.finalizers ?? []).includes(f));
    const adopted = await patchOwnership(client, r, o, [...(o.metadata?.ownerReferences ?? []), controllerRefTo(owner)], added.length ? [...(o.metadata?.finalizers ?? []), ...added] : undefined)
      .catch((e: unknown) => { if (isNotFound(e)) return undefined; throw e; });
    if (adopted) out.push(adopted as unknown as T);
  }
  return out;
}
