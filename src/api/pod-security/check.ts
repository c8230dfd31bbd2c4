// The shape of a Pod Security Standards check (upstream pod-security-admission/policy): an id, a level, and
// versioned implementations over a pod's metadata and spec; plus the wording helpers every check shares.
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

export interface CheckResult {
  readonly allowed: boolean;
  /** Always printed: "privileged", "host namespaces", ... */
  readonly reason?: string;
  /** Printed in parentheses when checking one object: which containers, values, ... */
  readonly detail?: string;
}

export type CheckPod = (meta: ObjectMeta, spec: PodSpec) => CheckResult;

export interface Check {
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  /** From this minor version of the policy on (`1.<minor>`), strictly increasing. */
  readonly versions: readonly { readonly minor: number; readonly check: CheckPod; readonly overrides?: readonly string[] }[];
}

export const allowed: CheckResult = { allowed: true };
export const forbid = (reason: string, detail: string): CheckResult => ({ allowed: false, reason, detail });

/** Init containers, containers, then ephemeral containers (upstream visitContainers). */
export function containersOf(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...((spec.ephemeralContainers ?? []) as Container[])];
}

export const pluralize = (singular: string, plural: string, n: number): string => (n === 1 ? singular : plural);

/** `"a", "b"` (upstream joinQuote: no escaping). */
export const joinQuote = (items: readonly string[]): string => (items.length ? `"${items.join('", "')}"` : '');

/** Sorted unique values, as Go's sets.NewString(...).List(). */
export const sortedSet = (items: Iterable<string>): string[] => [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** `container "a"` / `containers "a", "b"`. */
export const containersPhrase = (names: readonly string[]): string => `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;

/** Go's %q for the ASCII text these messages quote. */
export const goQuote = (s: string): string => JSON.stringify(s);

export const isWindows = (spec: PodSpec): boolean => spec.os?.name === 'windows';
