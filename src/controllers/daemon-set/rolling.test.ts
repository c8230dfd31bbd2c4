// RollingUpdate tables: whole rollouts in a simulated cluster (maxUnavailable and maxSurge, integers and
// percentages of desiredNumberScheduled rounded up), the invariants checked after every step, and single
// plans from states a restarted controller may find mid-rollout (no double creation, no over-deletion).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable } from '../../api/index.js';
import { planDaemonSet } from './plan.js';
import { rollingBudget } from './rolling.js';
import { targetNodeOf } from './daemon-pod.js';
import { CUR, daemonSet, describePlan, hashOfPod, node, NOW, OLD, pod, simulateStep, type DsShape } from './testing.js';

const ready = { readyAgoS: 3600 };
const nodesN = (n: number): Node[] => Array.from({ length: n }, (_, i) => node(`n${i + 1}`));
const live = (pods: readonly Pod[], n: string): Pod[] => pods.filter((p) => targetNodeOf(p) === n && !p.metadata?.deletionTimestamp);
const availableOn = (pods: readonly Pod[], n: string): boolean => live(pods, n).some((p) => isPodAvailable(p, 0, NOW));

interface RolloutCase { name: string; ds: DsShape; nodes: number; /** expected budget */ maxUnavailable: number; maxSurge: number; maxSteps: number }

const rollouts: RolloutCase[] = [
  { name: 'maxUnavailable 1 replaces one node at a time', ds: {}, nodes: 5, maxUnavailable: 1, maxSurge: 0, maxSteps: 20 },
  { name: 'maxUnavailable 3 of 5', ds: { strategy: { maxUnavailable: 3 } }, nodes: 5, maxUnavailable: 3, maxSurge: 0, maxSteps: 12 },
  { name: 'maxUnavailable 40% of 5 rounds up to 2', ds: { strategy: { maxUnavailable: '40%' } }, nodes: 5, maxUnavailable: 2, maxSurge: 0, maxSteps: 12 },
  { name: 'maxUnavailable 10% of 3 rounds up to 1', ds: { strategy: { maxUnavailable: '10%' } }, nodes: 3, maxUnavailable: 1, maxSurge: 0, maxSteps: 12 },
  { name: 'maxUnavailable 100% replaces every node at once', ds: { strategy: { maxUnavailable: '100%' } }, nodes: 4, maxUnavailable: 4, maxSurge: 0, maxSteps: 4 },
  { name: 'maxSurge 1 surges one node at a time', ds: { strategy: { maxSurge: 1, maxUnavailable: 0 } }, nodes: 5, maxUnavailable: 0, maxSurge: 1, maxSteps: 20 },
  { name: 'maxSurge 50% of 5 rounds up to 3', ds: { strategy: { maxSurge: '50%', maxUnavailable: 0 } }, nodes: 5, maxUnavailable: 0, maxSurge: 3, maxSteps: 12 },
  { name: 'maxSurge 1% of 5 rounds up to 1', ds: { strategy: { maxSurge: '1%', maxUnavailable: 0 } }, nodes: 5, maxUnavailable: 0, maxSurge: 1, maxSteps: 20 },
  { name: 'maxSurge 100% surges every node at once', ds: { strategy: { maxSurge: '100%', maxUnavailable: 0 } }, nodes: 4, maxUnavailable: 0, maxSurge: 4, maxSteps: 5 },
];

for (const c of rollouts) {
  test(`rolling update: ${c.name}, within the budget at every step`, () => {
    const ds = daemonSet(c.ds);
    const nodes = nodesN(c.nodes);
    assert.deepEqual(rollingBudget(ds, c.nodes), { maxSurge: c.maxSurge, maxUnavailable: c.maxUnavailable });
    let pods: Pod[] = nodes.map((n, i) => pod(`old-${i + 1}`, n.metadata!.name!, { ...ready, hash: OLD }));
    let steps = 0;
    for (; steps < c.maxSteps; steps++) {
      const before = pods;
      const { plan, pods: after } = simulateStep(ds, nodes, pods, steps);
      pods = after;
      for (const n of plan.create) assert.ok(!live(before, n).some((p) => hashOfPod(p) === CUR && !p.metadata?.deletionTimestamp), `step ${steps}: a second new pod on ${n}`);
      const names = nodes.map((n) => n.metadata!.name!);
      if (c.maxSurge === 0) {
        const unavailable = names.filter((n) => !availableOn(pods, n)).length;
        assert.ok(unavailable <= c.maxUnavailable, `step ${steps}: ${unavailable} nodes unavailable, budget ${c.maxUnavailable}`);
        for (const n of names) assert.ok(live(pods, n).length <= 1, `step ${steps}: two live pods on ${n} without surge`);
      } else {
        for (const n of names) assert.ok(live(pods, n).length <= 2, `step ${steps}: more than one surge pod on ${n}`);
        assert.ok(names.filter((n) => live(pods, n).length === 2).length <= c.maxSurge, `step ${steps}: more surging nodes than ${c.maxSurge}`);
        assert.equal(names.filter((n) => availableOn(pods, n)).length, c.nodes, `step ${steps}: availability dropped during a surge rollout`);
      }
      if (plan.create.length === 0 && plan.delete.length === 0) break;
    }
    assert.ok(steps < c.maxSteps, `not done after ${c.maxSteps} steps`);
    assert.deepEqual(pods.map((p) => `${targetNodeOf(p)}:${hashOfPod(p)}:${p.status?.phase}`).sort(), nodes.map((n) => `${n.metadata!.name}:${CUR}:Running`).sort());
  });
}

interface StepRow { name: string; ds?: DsShape; nodes: number; pods: Pod[]; want: { create?: string[]; delete?: string[] } }

const steps: StepRow[] = [
  {
    name: 'maxUnavailable 1: one old available pod goes',
    nodes: 3, pods: [pod('a', 'n1', { ...ready, hash: OLD }), pod('b', 'n2', { ...ready, hash: OLD }), pod('c', 'n3', { ...ready, hash: OLD })],
    want: { delete: ['a'] },
  },
  {
    name: 'maxUnavailable 1: old pods that are not available go regardless of the budget',
    nodes: 3, pods: [pod('a', 'n1', { hash: OLD, phase: 'Running' }), pod('b', 'n2', { hash: OLD, phase: 'Running' }), pod('c', 'n3', { ...ready, hash: OLD })],
    want: { delete: ['a', 'b'] },
  },
  {
    name: 'restart mid-rollout (maxUnavailable 1): a new pod not yet ready uses the budget, nothing else goes',
    nodes: 3, pods: [pod('a', 'n1', { createdAgoS: 2 }), pod('b', 'n2', { ...ready, hash: OLD }), pod('c', 'n3', { ...ready, hash: OLD })],
    want: {},
  },
  {
    name: 'restart mid-rollout (maxUnavailable 1): a deleting old pod uses the budget, no new pod beside it',
    nodes: 3, pods: [pod('a', 'n1', { ...ready, hash: OLD, deleting: true }), pod('b', 'n2', { ...ready, hash: OLD }), pod('c', 'n3', { ...ready, hash: OLD })],
    want: {},
  },
  {
    name: 'restart mid-rollout (maxUnavailable 2): one node in flight, one more old pod goes',
    ds: { strategy: { maxUnavailable: 2 } }, nodes: 4,
    pods: [pod('a', 'n1', { ...ready, hash: OLD, deleting: true }), pod('b', 'n2', ready), pod('c', 'n3', { ...ready, hash: OLD }), pod('d', 'n4', { ...ready, hash: OLD })],
    want: { delete: ['c'] },
  },
  {
    name: 'restart mid-rollout (maxSurge 1): a surge pod not yet available blocks further surging',
    ds: { strategy: { maxSurge: 1, maxUnavailable: 0 } }, nodes: 3,
    pods: [pod('a-old', 'n1', { ...ready, hash: OLD }), pod('a-new', 'n1', { createdAgoS: 1 }), pod('b', 'n2', { ...ready, hash: OLD }), pod('c', 'n3', { ...ready, hash: OLD })],
    want: {},
  },
  {
    name: 'restart mid-rollout (maxSurge 1): the available surge pod retires its old pod, no new surge in the same sync',
    ds: { strategy: { maxSurge: 1, maxUnavailable: 0 } }, nodes: 3,
    pods: [pod('a-old', 'n1', { ...ready, hash: OLD, createdAgoS: 900 }), pod('a-new', 'n1', { ...ready, createdAgoS: 60 }), pod('b', 'n2', { ...ready, hash: OLD }), pod('c', 'n3', { ...ready, hash: OLD })],
    want: { delete: ['a-old'] },
  },
  {
    name: 'maxSurge 1: an unavailable old pod gets its new pod beside it beyond the budget',
    ds: { strategy: { maxSurge: 1, maxUnavailable: 0 } }, nodes: 3,
    pods: [pod('a', 'n1', { hash: OLD, phase: 'Running' }), pod('b', 'n2', { ...ready, hash: OLD }), pod('c', 'n3', { ...ready, hash: OLD })],
    want: { create: ['n1', 'n2'] },
  },
];

for (const r of steps) {
  test(`planDaemonSet() rolling step: ${r.name}`, () => {
    const plan = planDaemonSet({ ds: daemonSet(r.ds), nodes: nodesN(r.nodes), pods: r.pods, hash: CUR, nowMs: NOW, backoff: new Map() });
    assert.deepEqual(describePlan(plan), { create: r.want.create ?? [], delete: r.want.delete ?? [], events: [] });
  });
}

test('planDaemonSet() surge: an available old pod on a node that may keep but not run pods stays until more pods than desired are available', () => {
  const ds = daemonSet({ strategy: { maxSurge: 1, maxUnavailable: 0 } });
  // n1 got a NoSchedule taint: its old pod may stay, no new pod may start there.
  const nodes = [node('n1', { taints: ['pool=a:NoSchedule'] }), node('n2')];
  const plan = (pods: Pod[]): ReturnType<typeof describePlan> => describePlan(planDaemonSet({ ds, nodes, pods, hash: CUR, nowMs: NOW, backoff: new Map() }));
  // Desired 1 (n2), available 1 (n1's old pod): nothing may go yet.
  assert.deepEqual(plan([pod('a', 'n1', { ...ready, hash: OLD }), pod('b', 'n2', { createdAgoS: 1 })]), { create: [], delete: [], events: [] });
  // n2's pod is available: 2 available for 1 desired, the old pod goes.
  assert.deepEqual(plan([pod('a', 'n1', { ...ready, hash: OLD }), pod('b', 'n2', ready)]), { create: [], delete: ['a'], events: [] });
  // An unavailable old pod on such a node goes at once.
  assert.deepEqual(plan([pod('a', 'n1', { hash: OLD, phase: 'Running' }), pod('b', 'n2', { createdAgoS: 1 })]), { create: [], delete: ['a'], events: [] });
});

test('planDaemonSet() without surge: a node whose labels stop matching loses its pod in manage, the new node gets one', () => {
  const ds = daemonSet({ nodeSelector: { pool: 'b' } });
  const nodes = [node('n1', { labels: { pool: 'a' } }), node('n2', { labels: { pool: 'b' } })];
  const plan = planDaemonSet({ ds, nodes, pods: [pod('a', 'n1', { ...ready, hash: OLD })], hash: CUR, nowMs: NOW, backoff: new Map() });
  assert.deepEqual(describePlan(plan), { create: ['n2'], delete: ['a'], events: [] });
});
