// The leader election decision, pure (client-go's tryAcquireOrRenew without the I/O): from the Lease as last
// read and when this candidate saw it change, decide to create, renew, take over or wait, and the spec to write.
import type { LeaseSpec } from 'kubernetes-types/coordination/v1.js';
import { rfc3339Micro } from '../../util/index.js';

/** upstream's timings for kube-controller-manager and kube-scheduler (--leader-elect-lease-duration and friends). */
export const defaultLeaseDurationMs = 15_000;
export const defaultRenewDeadlineMs = 10_000;
export const defaultRetryPeriodMs = 2_000;
/** client-go's JitterFactor: a candidate waits retryPeriod × (1 + [0, 1.2)) between tries to acquire. */
export const jitterFactor = 1.2;

/** The election fields of a Lease spec (client-go's LeaderElectionRecord); holderIdentity '' means released. */
export interface LeaderElectionRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string | undefined;
  renewTime: string | undefined;
  leaseTransitions: number;
}

/**
 * A record and the local time this candidate first saw it. Expiry is measured from that local time, never from
 * the record's renewTime, so candidates tolerate clock skew between servers (client-go's observedTime).
 */
export interface Observation {
  readonly record: LeaderElectionRecord;
  readonly observedAtMs: number;
}

export type Decision =
  /** No Lease yet: create it holding it. */
  | { action: 'create'; spec: LeaseSpec }
  /** This candidate holds it: update with the same holder and acquireTime, a new renewTime. */
  | { action: 'renew'; spec: LeaseSpec }
  /** Released, or unchanged for longer than its duration: update as the new holder, one more transition. */
  | { action: 'takeOver'; reason: 'released' | 'expired'; spec: LeaseSpec }
  /** Another candidate holds it: try again later. */
  | { action: 'wait'; holder: string; expiresAtMs: number };

export interface DecideInput {
  /** What was read (undefined: no Lease). */
  observed: Observation | undefined;
  identity: string;
  nowMs: number;
  /** Written as the Lease's leaseDurationSeconds. */
  leaseDurationMs: number;
}

export function recordOf(spec: LeaseSpec | undefined): LeaderElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: spec?.acquireTime,
    renewTime: spec?.renewTime,
    leaseTransitions: spec?.leaseTransitions ?? 0,
  };
}

function sameRecord(a: LeaderElectionRecord, b: LeaderElectionRecord): boolean {
  return a.holderIdentity === b.holderIdentity && a.leaseDurationSeconds === b.leaseDurationSeconds && a.acquireTime === b.acquireTime
    && a.renewTime === b.renewTime && a.leaseTransitions === b.leaseTransitions;
}

/** The observation after reading record at nowMs: the previous one while the record is unchanged, else a new one. */
export function observe(previous: Observation | undefined, record: LeaderElectionRecord, nowMs: number): Observation {
  return previous && sameRecord(previous.record, record) ? previous : { record, observedAtMs: nowMs };
}

/** When the observed holder's term ends for this candidate: observedAt + the record's own duration. */
export function expiresAtMs(o: Observation): number {
  return o.observedAtMs + o.record.leaseDurationSeconds * 1000;
}

export function specOf(r: LeaderElectionRecord): LeaseSpec {
  return {
    holderIdentity: r.holderIdentity, leaseDurationSeconds: r.leaseDurationSeconds,
    ...(r.acquireTime !== undefined ? { acquireTime: r.acquireTime } : {}), ...(r.renewTime !== undefined ? { renewTime: r.renewTime } : {}),
    leaseTransitions: r.leaseTransitions,
  };
}

export function decide(input: DecideInput): Decision {
  const now = rfc3339Micro(new Date(input.nowMs));
  const mine: LeaderElectionRecord = { holderIdentity: input.identity, leaseDurationSeconds: Math.floor(input.leaseDurationMs / 1000), acquireTime: now, renewTime: now, leaseTransitions: 0 };
  const o = input.observed;
  if (!o) return { action: 'create', spec: specOf(mine) };
  const old = o.record;
  if (old.holderIdentity === input.identity) return { action: 'renew', spec: specOf({ ...mine, acquireTime: old.acquireTime ?? now, leaseTransitions: old.leaseTransitions }) };
  const expires = expiresAtMs(o);
  if (old.holderIdentity !== '' && expires > input.nowMs) return { action: 'wait', holder: old.holderIdentity, expiresAtMs: expires };
  return { action: 'takeOver', reason: old.holderIdentity === '' ? 'released' : 'expired', spec: specOf({ ...mine, leaseTransitions: old.leaseTransitions + 1 }) };
}

/**
 * The spec that gives the Lease up at nowMs (client-go's release): no holder, a one-second duration, the same
 * transitions, so any candidate takes over on its next try.
 */
export function releasedSpec(record: LeaderElectionRecord, nowMs: number): LeaseSpec {
  const now = rfc3339Micro(new Date(nowMs));
  return specOf({ holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: record.leaseTransitions });
}
