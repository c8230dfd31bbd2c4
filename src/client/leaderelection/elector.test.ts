// LeaderElector over the fake clock and an in-memory API: one leader among candidates, a stalled leader steps
// down by its renew deadline before anyone may take over, release on stop, conflicts, transitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { lookupResource, serviceUnavailable, type ResourceDescriptor } from '../../api/index.js';
import { FakeClock } from '../../util/index.js';
import { FakeObjectTracker, type Reactor } from '../fake/index.js';
import { Client } from '../rest/client.js';
import { LeaderElector } from './elector.js';

const leases = lookupResource('coordination.k8s.io', 'v1', 'leases') as ResourceDescriptor;
const leasePath = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler';
const settle = async (): Promise<void> => { for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r)); };

/** A network fault for one candidate: its requests never answer, or fail at once. */
type Fault = 'hang' | 'fail' | undefined;

interface Candidate {
  elector: LeaderElector;
  /** "<seconds since start> <what>": started, aborted (the term's signal), stopped, sees <holder>. */
  log: string[];
  fault: Fault;
}

function harness() {
  const clock = new FakeClock();
  const t0 = clock.nowMs();
  const tracker = new FakeObjectTracker();
  const candidates: Candidate[] = [];
  const secs = (): string => ((clock.nowMs() - t0) / 1000).toFixed(1);
  const candidate = (identity: string, reactors: Reactor[] = []): Candidate => {
    const c: Candidate = { log: [], fault: undefined, elector: undefined as unknown as LeaderElector };
    const fault: Reactor = () => c.fault === 'hang' ? new Promise(() => {}) : c.fault === 'fail' ? Promise.reject(serviceUnavailable('the API server is unreachable')) : undefined;
    const client = new Client({ transport: tracker.transport({ reactors: [fault, ...reactors] }), fieldManager: identity });
    c.elector = new LeaderElector({
      client, clock, identity, lease: { namespace: 'kube-system', name: 'kube-scheduler' }, random: () => 0,
      callbacks: {
        onStartedLeading: (signal) => {
          c.log.push(`${secs()} started`);
          signal.addEventListener('abort', () => c.log.push(`${secs()} aborted`));
        },
        onStoppedLeading: () => { c.log.push(`${secs()} stopped`); },
        onNewLeader: (holder) => { c.log.push(`${secs()} sees ${holder}`); },
      },
    });
    candidates.push(c);
    return c;
  };
  const leaders = (): string[] => candidates.filter((c) => c.elector.isLeader).map((c) => c.elector.identity);
  /** Lets what is due now run, then advances time in 100 ms steps, checking after each that at most one candidate leads. */
  const elapse = async (ms: number): Promise<void> => {
    await settle();
    for (let t = 0; t < ms; t += 100) {
      clock.advance(100);
      await settle();
      assert.ok(leaders().length <= 1, `two leaders at ${secs()} s: ${leaders().join(', ')}`);
    }
  };
  const lease = (): Lease['spec'] => (tracker.get(leasePath) as Lease | undefined)?.spec;
  /** Starts candidates one after the other, each reading the Lease before the next starts. */
  const start = async <const T extends readonly string[]>(...identities: T): Promise<{ [K in keyof T]: Candidate }> => {
    const started: Candidate[] = [];
    for (const id of identities) {
      const c = candidate(id);
      c.elector.start();
      await settle();
      started.push(c);
    }
    return started as { [K in keyof T]: Candidate };
  };
  const stopAll = async (): Promise<void> => { for (const c of candidates) await c.elector[Symbol.asyncDispose](); };
  return { clock, tracker, candidate, start, leaders, elapse, lease, secs, stopAll };
}

const at = (log: string[], what: string): number => Number(log.find((l) => l.endsWith(` ${what}`))?.split(' ')[0] ?? NaN);

test('LeaderElector two candidates: exactly one leads, the other follows it, and it keeps the Lease', async () => {
  const h = harness();
  const a = h.candidate('a');
  const b = h.candidate('b');
  a.elector.start();
  b.elector.start();
  await settle();
  assert.equal(h.leaders().length, 1);
  const [leader] = h.leaders();
  await h.elapse(60_000);
  assert.deepEqual(h.leaders(), [leader]);
  // Each saw one holder only (b sees it on its first read or, if both created at once, on its next).
  const seen = (c: Candidate): string[] => c.log.filter((l) => l.includes(' sees ')).map((l) => l.replace(/^\S+ /, ''));
  assert.deepEqual([seen(a), seen(b)], [[`sees ${leader}`], [`sees ${leader}`]]);
  assert.equal(h.lease()?.holderIdentity, leader);
  assert.equal(h.lease()?.leaseTransitions, 0);
  assert.equal(h.lease()?.renewTime, '2024-01-01T00:01:00.000000Z');
  await h.stopAll();
});

for (const fault of ['hang', 'fail'] as const) {
  test(`LeaderElector a leader whose renewals ${fault === 'hang' ? 'hang' : 'fail'} stops by its renew deadline, before the other may take over at 15 s`, async () => {
    const h = harness();
    const [a, b] = await h.start('a', 'b');
    await h.elapse(5_000);
    assert.deepEqual(h.leaders(), ['a']);
    // Last renewal sent at 4.0 s; cut a off from then on.
    a.fault = fault;
    await h.elapse(30_000);
    // The last renewal that landed was sent at 4.0 s: a stops acting at 14.0 s, whatever its requests are doing.
    assert.deepEqual(a.log.slice(0, 4), ['0.0 sees a', '0.0 started', '14.0 aborted', '14.0 stopped']);
    const bStarted = at(b.log, 'started');
    // b saw the Lease last change on its poll at 4.0 s (or 6.0 s if that poll read before a's renewal landed): it
    // may take over 15 s later, at 19.0 s (21.0 s).
    assert.ok(bStarted >= 19 && bStarted <= 21, `b started at ${bStarted}`);
    assert.ok(bStarted - at(a.log, 'stopped') >= 5, 'a stopped at least 5 s before b started');
    assert.equal(h.lease()?.holderIdentity, 'b');
    assert.equal(h.lease()?.leaseTransitions, 1);
    // a comes back: it sees b and follows.
    a.fault = undefined;
    await h.elapse(10_000);
    assert.deepEqual(h.leaders(), ['b']);
    assert.ok(a.log.some((l) => l.endsWith('sees b')));
    await h.stopAll();
  });
}

test('LeaderElector rides out API errors shorter than the renew deadline', async () => {
  const h = harness();
  const [a] = await h.start('a');
  await h.elapse(3_000);
  // Renewals at 4, 6 and 8 s fail; the one at 10 s lands just before the deadline (2 s + 10 s).
  a.fault = 'fail';
  await h.elapse(6_000);
  a.fault = undefined;
  await h.elapse(10_000);
  assert.deepEqual(a.log, ['0.0 sees a', '0.0 started']);
  await h.stopAll();
});

test('LeaderElector releases the Lease on stop: the other takes over within one retry period', async () => {
  const h = harness();
  const [a, b] = await h.start('a', 'b');
  await h.elapse(5_000);
  await a.elector[Symbol.asyncDispose]();
  assert.deepEqual(a.log, ['0.0 sees a', '0.0 started', '5.0 aborted', '5.0 stopped']);
  assert.deepEqual({ holder: h.lease()?.holderIdentity, duration: h.lease()?.leaseDurationSeconds }, { holder: '', duration: 1 });
  await h.elapse(2_000);
  assert.deepEqual(h.leaders(), ['b']);
  assert.ok(at(b.log, 'started') <= 5 + 2, b.log.join('\n'));
  assert.equal(h.lease()?.leaseTransitions, 1);
  await h.stopAll();
});

test('LeaderElector renews after a Conflict from another writer by re-reading, and stays leader', async () => {
  const h = harness();
  const [a] = await h.start('a');
  await h.elapse(1_000);
  // Someone else (kubectl) writes the Lease without taking it: a's next optimistic renewal gets a 409.
  const other = new Client({ transport: h.tracker.transport(), fieldManager: 'kubectl' });
  const live = await other.get<Lease>(leases, 'kube-system', 'kube-scheduler');
  await other.update(leases, { ...live, metadata: { ...live.metadata, labels: { edited: 'yes' } } });
  h.tracker.requests.length = 0;
  await h.elapse(1_000);
  assert.deepEqual(h.tracker.requests, [`PUT ${leasePath}`, `GET ${leasePath}`, `PUT ${leasePath}`]);
  assert.deepEqual(h.leaders(), ['a']);
  assert.equal(h.lease()?.renewTime, '2024-01-01T00:00:02.000000Z');
  await h.stopAll();
});

test('LeaderElector stops at once when it reads another holder on its Lease', async () => {
  const h = harness();
  const [a] = await h.start('a');
  await h.elapse(3_000);
  const other = h.tracker.transport();
  const live = h.tracker.get(leasePath) as Lease;
  await other.request({ method: 'PUT', path: leasePath, body: { ...live, spec: { ...live.spec, holderIdentity: 'c', leaseTransitions: 1 } } });
  await h.elapse(1_000);
  assert.deepEqual(a.log, ['0.0 sees a', '0.0 started', '4.0 sees c', '4.0 aborted', '4.0 stopped']);
  await h.stopAll();
});

test('LeaderElector a takeover that loses the race (Conflict) follows the winner', async () => {
  const h = harness();
  const seed = h.tracker.transport();
  await seed.request({ method: 'POST', path: leasePath.replace(/\/kube-scheduler$/, ''), body: { metadata: { name: 'kube-scheduler', namespace: 'kube-system' }, spec: { holderIdentity: 'gone', leaseDurationSeconds: 15, leaseTransitions: 4 } } });
  // Just before b's takeover lands, c takes the Lease over: b's write carries a stale resourceVersion.
  const c = h.tracker.transport();
  let raced = false;
  const race: Reactor = (req) => {
    const live = h.tracker.get(leasePath) as Lease;
    if (req.method === 'PUT' && !raced) {
      raced = true;
      void c.request({ method: 'PUT', path: leasePath, body: { ...live, spec: { ...live.spec, holderIdentity: 'c', leaseTransitions: 5 } } });
    }
    return undefined;
  };
  const b = h.candidate('b', [race]);
  b.elector.start();
  h.tracker.requests.length = 0;
  await h.elapse(20_000);
  assert.deepEqual(h.tracker.requests.slice(0, 11), [...Array<string>(9).fill(`GET ${leasePath}`), `PUT ${leasePath}`, `PUT ${leasePath}`]);
  // b's takeover at 16 s failed on the Conflict; its next try reads c's record and waits.
  assert.deepEqual(b.log, ['0.0 sees gone', '18.0 sees c']);
  assert.equal(h.lease()?.holderIdentity, 'c');
  assert.equal(h.lease()?.leaseTransitions, 5);
  await h.stopAll();
});

test('LeaderElector counts leaseTransitions on each change of holder, not on renewals, and resets acquireTime', async () => {
  const h = harness();
  const [a] = await h.start('a');
  await h.elapse(10_000);
  assert.deepEqual([h.lease()?.holderIdentity, h.lease()?.leaseTransitions, h.lease()?.acquireTime], ['a', 0, '2024-01-01T00:00:00.000000Z']);
  const [b] = await h.start('b');
  await a.elector[Symbol.asyncDispose]();
  await h.elapse(10_000);
  assert.deepEqual([h.lease()?.holderIdentity, h.lease()?.leaseTransitions, h.lease()?.acquireTime], ['b', 1, '2024-01-01T00:00:12.000000Z']);
  await h.start('c');
  await b.elector[Symbol.asyncDispose]();
  await h.elapse(10_000);
  assert.deepEqual([h.lease()?.holderIdentity, h.lease()?.leaseTransitions, h.lease()?.acquireTime], ['c', 2, '2024-01-01T00:00:22.000000Z']);
  await h.stopAll();
});

test('LeaderElector refuses timings where a leader could act after others may take over (client-go checks)', () => {
  const base = { client: new Client({ transport: new FakeObjectTracker().transport(), fieldManager: 't' }), clock: new FakeClock(), identity: 'a', lease: { namespace: 'kube-system', name: 'x' }, callbacks: { onStartedLeading: () => {}, onStoppedLeading: () => {} } };
  assert.throws(() => new LeaderElector({ ...base, leaseDurationMs: 10_000 }), /leaseDurationMs must be greater than renewDeadlineMs/);
  assert.throws(() => new LeaderElector({ ...base, renewDeadlineMs: 2_400 }), /renewDeadlineMs must be greater than retryPeriodMs × 1.2/);
  assert.throws(() => new LeaderElector({ ...base, identity: '' }), /identity is empty/);
});
