// KindRules: the per-kind defaulting and validation functions (upstream SetDefaults_* and Validate*).
// The resource registry (api/kinds.ts) attaches one KindRules to each kind it serves.
import type { FieldError } from './field-path.js';

/** A Kubernetes object as decoded JSON. Per-kind modules cast to their kubernetes-types type. */
export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
};

export interface KindRules {
  /** Upstream defaulting (SetDefaults_*). Mutates obj in place. Runs on create and update, before validation. */
  defaults?(obj: KubeObject): void;
  /** Full validation of a new object (metadata included). Returns every error; never throws. */
  validate?(obj: KubeObject): FieldError[];
  /** Validation of an update, including immutable fields. obj is already defaulted. Returns every error. */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** Validation of a /status update (only status may change). Returns every error. */
  validateStatusUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** Validation of an update through another status-writing subresource (certificatesigningrequests/approval). */
  validateSubresourceUpdate?(subresource: string, obj: KubeObject, old: KubeObject): FieldError[];
}
