// Tables for the DaemonSet rule: the create/delete diff per node, failed and succeeded pods, duplicates,
// vanished nodes, holding on expectations, the status counters, events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { BackoffEntry } from './backoff.js';
import { burstReplicas, planDaemonSet } from './plan.js';
import type { DaemonCounts } from './status.js';
import { CUR, daemonSet, describePlan, node, NOW, OLD, pod, type DsShape } from './testing.js';

interface Row {
  name: string;
  ds?: DsShape;
  nodes: Node[];
  pods: Pod[];
  backoff?: [string, BackoffEntry][];
  hold?: boolean;
  want: {
    create?: string[];
    delete?: string[];
    events?: string[];
    /** 'none': no status write at all. */
    counts?: Partial<DaemonCounts> | 'none';
    observe?: boolean;
    backoff?: [string, BackoffEntry][];
    requeueAfterMs?: number;
  };
}

const ready = { readyAgoS: 3600 };
const three = [node('n1'), node('n2'), node('n3')];
const allCounts = (o: Partial<DaemonCounts>): DaemonCounts => ({ desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0, ...o });

const rows: Row[] = [
  {
    name: 'a new DaemonSet creates a pod on every node',
    nodes: three, pods: [],
    want: { create: ['n1', 'n2', 'n3'], counts: { desiredNumberScheduled: 3, numberUnavailable: 3 } },
  },
  {
    name: 'every node running a ready pod: nothing to do, all counted',
    nodes: three, pods: [pod('a', 'n1', ready), pod('b', 'n2', ready), pod('c', 'n3', ready)],
    want: { counts: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 } },
  },
  {
    name: 'a pending pod counts as scheduled but neither ready nor available',
    nodes: [node('n1')], pods: [pod('a', 'n1')],
    want: { counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberUnavailable: 1 } },
  },
  {
    name: 'a node whose labels stop matching loses its pod (misscheduled until then)',
    ds: { nodeSelector: { disk: 'ssd' } }, nodes: [node('n1', { labels: { disk: 'ssd' } }), node('n2')], pods: [pod('a', 'n1', ready), pod('b', 'n2', ready)],
    want: { delete: ['b'], counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 1, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1 } },
  },
  {
    name: 'an untolerated NoSchedule taint keeps the running pod but blocks a new one; NoExecute removes it',
    nodes: [node('n1', { taints: ['dedicated=db:NoSchedule'] }), node('n2', { taints: ['dedicated=db:NoSchedule'] }), node('n3', { taints: ['dedicated=db:NoExecute'] })],
    pods: [pod('a', 'n1', ready), pod('c', 'n3', ready)],
    want: { delete: ['c'], counts: { numberMisscheduled: 2 } },
  },
  {
    name: 'a failed pod is deleted at once with FailedDaemonPod, its replacement comes next sync; the backoff starts at 1 s',
    nodes: [node('n1'), node('n2')], pods: [pod('a', 'n1', { phase: 'Failed' }), pod('b', 'n2', ready)],
    want: {
      delete: ['a'], events: ['FailedDaemonPod: Found failed daemon pod default/a on node n1, will try to kill it'], backoff: [['n1', { delayMs: 1000, lastMs: NOW }]],
      counts: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1, numberUnavailable: 1 },
    },
  },
  {
    name: 'a failed pod within its backoff waits: no delete, a requeue when the backoff ends',
    nodes: [node('n1')], pods: [pod('a', 'n1', { phase: 'Failed' })], backoff: [['n1', { delayMs: 4000, lastMs: NOW - 1500 }]],
    want: { requeueAfterMs: 2500, counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberUnavailable: 1 } },
  },
  {
    name: 'a failed pod after its backoff is deleted and the backoff doubles',
    nodes: [node('n1')], pods: [pod('a', 'n1', { phase: 'Failed' })], backoff: [['n1', { delayMs: 4000, lastMs: NOW - 5000 }]],
    want: { delete: ['a'], events: ['FailedDaemonPod: Found failed daemon pod default/a on node n1, will try to kill it'], backoff: [['n1', { delayMs: 8000, lastMs: NOW }]], counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberUnavailable: 1 } },
  },
  {
    name: 'a succeeded pod is deleted with SucceededDaemonPod (no backoff)',
    nodes: [node('n1')], pods: [pod('a', 'n1', { phase: 'Succeeded' })],
    want: { delete: ['a'], events: ['SucceededDaemonPod: Found succeeded daemon pod default/a on node n1, will try to delete it'], counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberUnavailable: 1 } },
  },
  {
    name: 'a failed pod already being deleted is the kubelet\'s: the node gets its new pod',
    nodes: [node('n1')], pods: [pod('a', 'n1', { phase: 'Failed', deleting: true })],
    want: { create: ['n1'], counts: { desiredNumberScheduled: 1, numberUnavailable: 1 } },
  },
  {
    name: 'a running pod being deleted: no new pod until it is gone',
    nodes: [node('n1')], pods: [pod('a', 'n1', { ...ready, deleting: true })],
    want: { counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1 } },
  },
  {
    name: 'duplicate pods on a node: all but the oldest go (bound before unbound)',
    nodes: [node('n1'), node('n2')],
    pods: [pod('young', 'n1', { ...ready, createdAgoS: 10 }), pod('old', 'n1', { ...ready, createdAgoS: 100 }), pod('unbound', 'n2', { unbound: true, createdAgoS: 500 }), pod('bound', 'n2', { ...ready, createdAgoS: 5 })],
    want: { delete: ['young', 'unbound'], counts: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, updatedNumberScheduled: 2, numberAvailable: 2 } },
  },
  {
    name: 'surge: an old ready pod and an unavailable new one stay together',
    ds: { strategy: { maxSurge: 1, maxUnavailable: 0 } }, nodes: [node('n1')], pods: [pod('old', 'n1', { ...ready, hash: OLD }), pod('new', 'n1', { createdAgoS: 1 })],
    want: { counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, numberAvailable: 1 } },
  },
  {
    name: 'surge: the old pod goes once the new one is available; a third pod goes at once',
    ds: { strategy: { maxSurge: 1, maxUnavailable: 0 } }, nodes: [node('n1')],
    pods: [pod('old', 'n1', { ...ready, hash: OLD, createdAgoS: 900 }), pod('new', 'n1', { ...ready, createdAgoS: 10 }), pod('new2', 'n1', { createdAgoS: 1 })],
    want: { delete: ['new2', 'old'], counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, numberAvailable: 1 } },
  },
  {
    name: 'surge: an old pod that is no longer ready goes at once',
    ds: { strategy: { maxSurge: 1, maxUnavailable: 0 } }, nodes: [node('n1')], pods: [pod('old', 'n1', { hash: OLD, phase: 'Running' }), pod('new', 'n1', { createdAgoS: 1 })],
    want: { delete: ['old'], counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberUnavailable: 1 } },
  },
  {
    name: 'surge: a node whose only pod failed gets its new pod in the same sync',
    ds: { strategy: { maxSurge: 1, maxUnavailable: 0 } }, nodes: [node('n1')], pods: [pod('a', 'n1', { phase: 'Failed' })],
    want: { create: ['n1'], delete: ['a'], events: ['FailedDaemonPod: Found failed daemon pod default/a on node n1, will try to kill it'], backoff: [['n1', { delayMs: 1000, lastMs: NOW }]], counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberUnavailable: 1 } },
  },
  {
    name: 'a deleted node: its unbound pod is deleted here, a bound one is left to the pod GC; neither is counted',
    nodes: [node('n1')], pods: [pod('a', 'n1', ready), pod('ghost', 'gone', { unbound: true }), pod('bound', 'gone2', ready)],
    want: { delete: ['ghost'], counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1 } },
  },
  {
    name: 'the cache lags our writes: counts only, observedGeneration kept',
    nodes: three, pods: [pod('a', 'n1', { phase: 'Failed' })], hold: true,
    want: { observe: false, counts: { desiredNumberScheduled: 3, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberUnavailable: 3 } },
  },
  {
    name: 'a DaemonSet being deleted: nothing, not even status',
    ds: { deleting: true }, nodes: three, pods: [],
    want: { counts: 'none', observe: false },
  },
  {
    name: 'an empty selector selects everything: SelectingAll and nothing else',
    ds: { selector: {} }, nodes: three, pods: [],
    want: { events: ['SelectingAll: This daemon set is selecting all pods. A non-empty selector is required.'], counts: 'none', observe: false },
  },
  {
    name: 'minReadySeconds: ready for 5 of 10 s is ready, not available; sync again in 5 s',
    ds: { minReadySeconds: 10 }, nodes: [node('n1'), node('n2')], pods: [pod('a', 'n1', { readyAgoS: 5 }), pod('b', 'n2', { readyAgoS: 60 })],
    want: { requeueAfterMs: 5000, counts: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, updatedNumberScheduled: 2, numberAvailable: 1, numberUnavailable: 1 } },
  },
  {
    name: 'updated pods: by hash or by the template generation label',
    ds: { templateGeneration: '5' }, nodes: three, pods: [pod('a', 'n1', { ...ready, hash: OLD, generation: '5' }), pod('b', 'n2', { ...ready, hash: OLD, generation: '4' }), pod('c', 'n3', ready)],
    want: { delete: ['b'], counts: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 2, numberAvailable: 3 } },
  },
  {
    name: 'the status counts the oldest pod of a node with two',
    nodes: [node('n1')], pods: [pod('young', 'n1', { ...ready, createdAgoS: 1 }), pod('old', 'n1', { hash: OLD, createdAgoS: 100 })],
    want: { delete: ['young'], counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberUnavailable: 1 } },
  },
  {
    name: 'pending manage work defers the rolling update (old pods stay this sync)',
    nodes: three, pods: [pod('a', 'n1', { ...ready, hash: OLD }), pod('b', 'n2', { ...ready, hash: OLD })],
    want: { create: ['n3'], counts: { desiredNumberScheduled: 3, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2, numberUnavailable: 1 } },
  },
  {
    name: 'OnDelete: old pods stay; a deleted one comes back at the current revision',
    ds: { strategy: 'OnDelete' }, nodes: three, pods: [pod('a', 'n1', { ...ready, hash: OLD }), pod('b', 'n2', { ...ready, hash: OLD })],
    want: { create: ['n3'], counts: { desiredNumberScheduled: 3, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2, numberUnavailable: 1 } },
  },
  {
    name: 'OnDelete with every node at an old pod: nothing',
    ds: { strategy: 'OnDelete' }, nodes: [node('n1')], pods: [pod('a', 'n1', { ...ready, hash: OLD })],
    want: { counts: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, numberAvailable: 1 } },
  },
];

for (const r of rows) {
  test(`planDaemonSet() ${r.name}`, () => {
    const plan = planDaemonSet({ ds: daemonSet(r.ds), nodes: r.nodes, pods: r.pods, hash: CUR, nowMs: NOW, backoff: new Map(r.backoff ?? []), hold: r.hold ?? false });
    assert.deepEqual(describePlan(plan), { create: r.want.create ?? [], delete: r.want.delete ?? [], events: r.want.events ?? [] });
    assert.deepEqual(plan.counts, r.want.counts === 'none' ? undefined : allCounts(r.want.counts ?? {}));
    assert.equal(plan.observe, r.want.observe ?? true);
    assert.deepEqual([...plan.backoff], r.want.backoff ?? []);
    assert.equal(plan.requeueAfterMs, r.want.requeueAfterMs);
  });
}

test(`planDaemonSet() creates and deletes at most ${burstReplicas} pods per sync`, () => {
  const nodes = Array.from({ length: 300 }, (_, i) => node(`n${i}`));
  const plan = planDaemonSet({ ds: daemonSet(), nodes, pods: [], hash: CUR, nowMs: NOW, backoff: new Map() });
  assert.equal(plan.create.length, burstReplicas);
  const away = planDaemonSet({ ds: daemonSet({ nodeSelector: { x: 'y' } }), nodes, pods: nodes.map((n, i) => pod(`p${i}`, n.metadata!.name!, ready)), hash: CUR, nowMs: NOW, backoff: new Map() });
  assert.equal(away.delete.length, burstReplicas);
  assert.equal(away.counts?.numberMisscheduled, 300);
});
