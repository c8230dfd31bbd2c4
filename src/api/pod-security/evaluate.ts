// Evaluating a pod against a level and version (upstream policy registry + AggregateCheckResults): the baseline
// checks (minus those a restricted check replaces) then the restricted ones, in check id order, at the newest
// version of each check not newer than the requested policy version.
import type { PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { baselineChecks } from './baseline-checks.js';
import type { Check, CheckPod } from './check.js';
import type { LevelVersion } from './policy.js';
import { restrictedChecks } from './restricted-checks.js';

export interface Evaluation {
  readonly allowed: boolean;
  readonly reasons: readonly string[];
  readonly details: readonly string[];
}

const byId = (a: Check, b: Check): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const baseline = [...baselineChecks].sort(byId);
const restricted = [...restrictedChecks].sort(byId);

/** The implementation of check at version, or undefined when the check is newer than the version. */
function versionOf(check: Check, version: number): { check: CheckPod; overrides?: readonly string[] } | undefined {
  let found: Check['versions'][number] | undefined;
  for (const v of check.versions) if (v.minor <= version) found = v;
  return found;
}

/** The checks of a level at a version, in evaluation order. */
export function checksFor(lv: LevelVersion): CheckPod[] {
  if (lv.level === 'privileged') return [];
  const version = lv.version === 'latest' ? Number.MAX_SAFE_INTEGER : lv.version;
  const restrictedNow = lv.level === 'restricted' ? restricted.map((c) => versionOf(c, version)).filter((v) => v !== undefined) : [];
  const overridden = new Set(restrictedNow.flatMap((v) => v.overrides ?? []));
  const base = baseline.filter((c) => !overridden.has(c.id)).map((c) => versionOf(c, version)).filter((v) => v !== undefined);
  return [...base, ...restrictedNow].map((v) => v.check);
}

export function evaluatePod(lv: LevelVersion, meta: ObjectMeta, spec: PodSpec): Evaluation {
  const reasons: string[] = [];
  const details: string[] = [];
  for (const check of checksFor(lv)) {
    const r = check(meta, spec);
    if (r.allowed) continue;
    reasons.push(r.reason || 'unknown forbidden reason');
    details.push(r.detail ?? '');
  }
  return { allowed: reasons.length === 0, reasons, details };
}

/** `reason (detail), reason, ...` as upstream prints one object's violations. */
export const forbiddenDetail = (e: Evaluation): string => e.reasons.map((r, i) => (e.details[i] ? `${r} (${e.details[i]})` : r)).join(', ');

/** `reason, reason` as upstream prints violations of existing pods. */
export const forbiddenReason = (e: Evaluation): string => e.reasons.join(', ');
