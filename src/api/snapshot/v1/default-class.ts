// The default VolumeSnapshotClass of a driver (snapshot-controller SetDefaultSnapshotClass): shared by the
// snapshot controller (a snapshot naming no class) and the admission rule allowing one default per driver.
import { isDefaultSnapshotClassAnnotation } from './names.js';
import type { VolumeSnapshotClass } from './types.js';

type ClassLike = Pick<VolumeSnapshotClass, 'driver'> & { metadata?: { name?: string; annotations?: Record<string, string> } };

export function isDefaultSnapshotClass(cls: ClassLike): boolean {
  return cls.metadata?.annotations?.[isDefaultSnapshotClassAnnotation] === 'true';
}

/** The one default class of `driver`, or upstream's error when there is none or more than one. */
export function defaultSnapshotClassFor<T extends ClassLike>(classes: readonly T[], driver: string): { cls: T } | { error: string } {
  const defaults = classes.filter((c) => c.driver === driver && isDefaultSnapshotClass(c));
  if (defaults.length === 0) return { error: 'cannot find default snapshot class' };
  if (defaults.length > 1) return { error: `${defaults.length} default snapshot classes were found` };
  return { cls: defaults[0]! };
}
