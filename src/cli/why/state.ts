// What `kubectl skiff why` reads from the API before it explains anything: plain objects, fetched by
// cmd/kubectl-skiff.ts; the explainers beside this file are pure functions of it.
import type { Event, Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';

export interface ClusterState {
  /** The time ages of events are measured against. */
  readonly now: Date;
  readonly nodes: readonly Node[];
  /** Every pod of the cluster: what the nodes already run, and who uses a claim. */
  readonly pods: readonly Pod[];
  /** The claims of the explained object's namespace. */
  readonly claims: readonly PersistentVolumeClaim[];
  readonly volumes: readonly PersistentVolume[];
  readonly classes: readonly StorageClass[];
  /** Events of the explained objects (the pod and its claims, or the claim); others are ignored. */
  readonly events: readonly Event[];
  /**
   * Resources (plurals) the credentials may not list, read as empty: explanations say they could not look
   * instead of drawing conclusions from nothing (a namespace's user cannot list nodes or PersistentVolumes).
   */
  readonly unreadable: readonly string[];
}

/** The line for a resource the explanation could not read. */
export const unreadableLine = (what: string): string => `${what}: not readable with these credentials (forbidden)`;

/** A name list cut to a few entries, the rest counted: `a, b, c and 7 more`. */
export function someNames(names: readonly string[], max = 4): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export const indent = (lines: readonly string[], by = '  '): string[] => lines.map((l) => by + l);
