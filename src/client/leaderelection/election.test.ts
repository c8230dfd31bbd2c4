// The election decision table: create, renew, take over (released or expired by local observation) or wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LeaseSpec } from 'kubernetes-types/coordination/v1.js';
import { decide, observe, recordOf, releasedSpec, type Decision, type LeaderElectionRecord } from './election.js';

const t0 = Date.UTC(2024, 0, 1);
const at = (ms: number): string => new Date(t0 + ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
const held = (holder: string, o: Partial<LeaderElectionRecord> = {}): LeaderElectionRecord =>
  ({ holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: at(-60_000), renewTime: at(-1_000), leaseTransitions: 3, ...o });
const spec = (holder: string, o: LeaseSpec = {}): LeaseSpec =>
  ({ holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: at(0), renewTime: at(0), leaseTransitions: 0, ...o });

interface Case {
  name: string;
  /** The record read, and how long ago (local clock) this candidate first saw it; undefined: no Lease. */
  observed?: { record: LeaderElectionRecord; agoMs: number };
  want: Decision;
}

const cases: Case[] = [
  { name: 'creates a missing Lease holding it, no transitions', want: { action: 'create', spec: spec('a') } },
  {
    name: 'renews its own Lease: same holder and acquireTime, a new renewTime, the same transitions',
    observed: { record: held('a'), agoMs: 2_000 },
    want: { action: 'renew', spec: spec('a', { acquireTime: at(-60_000), leaseTransitions: 3 }) },
  },
  {
    name: 'renews its own Lease even when it looks expired (nobody else wrote it since)',
    observed: { record: held('a'), agoMs: 20_000 },
    want: { action: 'renew', spec: spec('a', { acquireTime: at(-60_000), leaseTransitions: 3 }) },
  },
  {
    name: 'waits while another holder\'s Lease was seen changing less than its duration ago',
    observed: { record: held('b'), agoMs: 14_999 },
    want: { action: 'wait', holder: 'b', expiresAtMs: t0 + 1 },
  },
  {
    name: 'takes over a Lease unchanged for its whole duration, one more transition',
    observed: { record: held('b'), agoMs: 15_000 },
    want: { action: 'takeOver', reason: 'expired', spec: spec('a', { leaseTransitions: 4 }) },
  },
  {
    name: 'ignores the holder\'s renewTime: a clock ahead does not keep a stale Lease alive',
    observed: { record: held('b', { renewTime: at(3_600_000) }), agoMs: 16_000 },
    want: { action: 'takeOver', reason: 'expired', spec: spec('a', { leaseTransitions: 4 }) },
  },
  {
    name: 'ignores the holder\'s renewTime: a clock behind does not expire a Lease just renewed',
    observed: { record: held('b', { renewTime: at(-3_600_000) }), agoMs: 0 },
    want: { action: 'wait', holder: 'b', expiresAtMs: t0 + 15_000 },
  },
  {
    name: 'uses the duration the holder wrote, not its own',
    observed: { record: held('b', { leaseDurationSeconds: 60 }), agoMs: 20_000 },
    want: { action: 'wait', holder: 'b', expiresAtMs: t0 + 40_000 },
  },
  {
    name: 'takes over a released Lease at once',
    observed: { record: held('', { leaseDurationSeconds: 1 }), agoMs: 0 },
    want: { action: 'takeOver', reason: 'released', spec: spec('a', { leaseTransitions: 4 }) },
  },
  {
    name: 'takes over a Lease with an empty spec as released',
    observed: { record: recordOf({}), agoMs: 0 },
    want: { action: 'takeOver', reason: 'released', spec: spec('a', { leaseTransitions: 1 }) },
  },
];

for (const c of cases) {
  test(`decide() ${c.name}`, () => {
    const observed = c.observed && { record: c.observed.record, observedAtMs: t0 - c.observed.agoMs };
    assert.deepEqual(decide({ observed, identity: 'a', nowMs: t0, leaseDurationMs: 15_000 }), c.want);
  });
}

test('observe() keeps the first sighting of an unchanged record and restarts the clock on any change', () => {
  const first = observe(undefined, held('b'), t0);
  assert.equal(observe(first, held('b'), t0 + 10_000), first);
  assert.deepEqual(observe(first, held('b', { renewTime: at(9_000) }), t0 + 10_000), { record: held('b', { renewTime: at(9_000) }), observedAtMs: t0 + 10_000 });
  assert.deepEqual(observe(first, held('c'), t0 + 10_000).observedAtMs, t0 + 10_000);
});

test('recordOf() reads a Lease spec with upstream\'s zero values for missing fields', () => {
  assert.deepEqual(recordOf(undefined), { holderIdentity: '', leaseDurationSeconds: 0, acquireTime: undefined, renewTime: undefined, leaseTransitions: 0 });
  assert.deepEqual(recordOf(spec('a', { leaseTransitions: 2 })), { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: at(0), renewTime: at(0), leaseTransitions: 2 });
});

test('releasedSpec() clears the holder, shortens the duration to 1 s and keeps the transitions (client-go release)', () => {
  assert.deepEqual(releasedSpec(held('a'), t0 + 5_000), { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: at(5_000), renewTime: at(5_000), leaseTransitions: 3 });
});
