// KindStrategy: per-kind hooks of the generic registry beyond defaulting and validation (upstream RESTStrategy).
import type { KubeObject } from '../../../api/index.js';
import type { UserInfo } from '../context.js';

/** What a strategy hook may read about the request: who makes it, and the time. */
export interface StrategyRequest {
  readonly user: UserInfo;
  readonly now: Date;
}

export interface DeleteRequest {
  readonly gracePeriodSeconds: number | undefined;
}

export interface KindStrategy {
  /** Clear status on create (default: true for kinds with a status subresource). */
  readonly resetStatusOnCreate?: boolean;
  /** Server-side initialisation on create, after defaulting, before validation. Mutates obj. */
  prepareForCreate?(obj: KubeObject, req: StrategyRequest): void;
  /** Server-side adjustments on update of the main resource, before validation. Mutates obj. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /**
   * Adjustments on a status write through `subresource` ('status', or one the descriptor marks `writesStatus`):
   * obj is the stored object with the new status. Mutates obj.
   */
  prepareForStatusUpdate?(obj: KubeObject, old: KubeObject, req: StrategyRequest & { readonly subresource: string }): void;
  /** Grace period for a delete request; > 0 keeps the object with a deletionTimestamp. Default 0. */
  gracePeriodSeconds?(obj: KubeObject, req: DeleteRequest): number;
  /** Kind-specific finalizers still pending (besides metadata.finalizers). */
  hasPendingFinalizers?(obj: KubeObject): boolean;
  /** Called once when a delete request marks the object as deleting (at `now`). Mutates obj. */
  markDeleting?(obj: KubeObject, now: Date): void;
}
