// The snapshot controllers' view of the caches (plan.ts's World) and the executor of planned steps: writes
// through the client (NotFound on a gone object is done; Conflict retries the sync), events through the recorder.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isNotFound, lookupResource, type KubeObject, type snapshot as s } from '../../api/index.js';
import type { Client, EventRecorder, EventSubject, SharedInformer } from '../../client/index.js';
import type { Action, Step, World } from './plan.js';

export const snapshotsR = lookupResource('snapshot.storage.k8s.io', 'v1', 'volumesnapshots')!;
export const contentsR = lookupResource('snapshot.storage.k8s.io', 'v1', 'volumesnapshotcontents')!;
export const classesR = lookupResource('snapshot.storage.k8s.io', 'v1', 'volumesnapshotclasses')!;
export const claimsR = lookupResource('', 'v1', 'persistentvolumeclaims')!;
export const volumesR = lookupResource('', 'v1', 'persistentvolumes')!;

export interface Caches {
  snapshots: SharedInformer<s.VolumeSnapshot>;
  contents: SharedInformer<s.VolumeSnapshotContent>;
  classes: SharedInformer<s.VolumeSnapshotClass>;
  claims: SharedInformer<PersistentVolumeClaim>;
  volumes: SharedInformer<PersistentVolume>;
}

export function cacheWorld(c: Caches, now: string): World {
  const inNs = <T extends { metadata?: { namespace?: string } }>(list: T[], ns: string): T[] => list.filter((o) => o.metadata?.namespace === ns);
  return {
    now,
    content: (name) => c.contents.get(name),
    contents: () => c.contents.list(),
    claim: (ns, name) => c.claims.get(`${ns}/${name}`),
    claims: (ns) => inNs(c.claims.list(), ns),
    snapshot: (ns, name) => c.snapshots.get(`${ns}/${name}`),
    snapshots: (ns) => inNs(c.snapshots.list(), ns),
    volume: (name) => c.volumes.get(name),
    snapshotClass: (name) => c.classes.get(name),
    snapshotClasses: () => c.classes.list(),
  };
}

async function apply(client: Client, a: Action): Promise<void> {
  const asObj = (o: object): KubeObject => o as unknown as KubeObject;
  switch (a.kind) {
    case 'updateSnapshot': await client.update(snapshotsR, asObj(a.snapshot)); return;
    case 'updateSnapshotStatus': await client.update(snapshotsR, asObj(a.snapshot), 'status'); return;
    case 'updateContent': await client.update(contentsR, asObj(a.content)); return;
    case 'updateClaim': await client.update(claimsR, asObj(a.claim)); return;
    case 'createContent':
      try {
        await client.create(contentsR, '', asObj(a.content));
      } catch (e: unknown) {
        if (!isAlreadyExists(e)) throw e;
      }
      return;
    case 'deleteContent': await client.delete(contentsR, '', a.name, { preconditions: { uid: a.uid } }); return;
    default: {
      const never: never = a;
      throw new TypeError(`Cannot apply snapshot action ${JSON.stringify(never)}`);
    }
  }
}

/** Makes the step's writes in order, then records its events on `subjects`. */
export async function execute(step: Step, options: { client: Client; recorder: EventRecorder; subjects: { snapshot?: EventSubject; content?: EventSubject } }): Promise<void> {
  for (const a of step.actions) {
    try {
      await apply(options.client, a);
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }
  for (const e of step.events) {
    const subject = e.on === 'snapshot' ? options.subjects.snapshot : options.subjects.content;
    if (subject) options.recorder.event(subject, e.type, e.reason, e.message);
  }
}
