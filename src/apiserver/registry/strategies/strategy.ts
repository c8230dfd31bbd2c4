// KindStrategy: per-kind hooks of the generic registry beyond defaulting and validation (upstream RESTStrategy).
import type { KubeObject } from '../../../api/index.js';

export interface DeleteRequest {
  readonly gracePeriodSeconds: number | undefined;
}

export interface KindStrategy {
  /** Clear status on create (default: true for kinds with a status subresource). */
  readonly resetStatusOnCreate?: boolean;
  /** Server-side initialisation on create, after defaulting, before validation. Mutates obj. */
  prepareForCreate?(obj: KubeObject): void;
  /** Server-side adjustments on update of the main resource, before validation. Mutates obj. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** Grace period for a delete request; > 0 keeps the object with a deletionTimestamp. Default 0. */
  gracePeriodSeconds?(obj: KubeObject, req: DeleteRequest): number;
  /** Kind-specific finalizers still pending (besides metadata.finalizers). */
  hasPendingFinalizers?(obj: KubeObject): boolean;
  /** Called once when a delete request marks the object as deleting. Mutates obj. */
  markDeleting?(obj: KubeObject): void;
}
