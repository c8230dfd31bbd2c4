// The snapshot validation webhook's class rule (external-snapshotter pkg/validation-webhook), as a built-in
// admission plugin: a driver has at most one default VolumeSnapshotClass.
import { forbidden, snapshot, type KubeObject } from '../../api/index.js';
import type { Admission } from '../registry/generic-store.js';

export interface SnapshotClassLookup {
  /** Every stored VolumeSnapshotClass. */
  list(): readonly KubeObject[];
}

type ClassLike = { driver: string; metadata?: { name?: string; annotations?: Record<string, string> } };
const asClass = (o: KubeObject): ClassLike => o as unknown as ClassLike;

export function singleDefaultSnapshotClass(classes: SnapshotClassLookup): Admission {
  return {
    admit(op, desc, obj, old) {
      if ((op !== 'CREATE' && op !== 'UPDATE') || desc.group !== snapshot.snapshotGroup || desc.kind !== 'VolumeSnapshotClass') return;
      const cls = asClass(obj);
      if (!snapshot.isDefaultSnapshotClass(cls)) return;
      // An update that keeps a default class default for the same driver was checked when it became default.
      if (old && snapshot.isDefaultSnapshotClass(asClass(old)) && asClass(old).driver === cls.driver) return;
      const other = classes.list().map(asClass).find((c) => c.metadata?.name !== cls.metadata?.name && c.driver === cls.driver && snapshot.isDefaultSnapshotClass(c));
      if (other) {
        throw forbidden({ group: desc.group, resource: desc.plural }, cls.metadata?.name ?? '', `default snapshot class: ${other.metadata?.name ?? ''} already exits for driver: ${cls.driver}`);
      }
    },
  };
}
