// Tables for the replica calculator, one row per upstream replica_calculator_test.go case (numbers and
// expectations from upstream; pods have two containers with the same request, as upstream's fixtures do).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  getExternalMetricReplicas, getExternalPerPodMetricReplicas, getMetricReplicas, getObjectMetricReplicas, getObjectPerPodMetricReplicas,
  getResourceReplicas, type ReplicaCalculatorOptions,
} from './replica-calculator.js';
import type { PodMetricsInfo } from './pod-groups.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const TS = NOW - 5_000;
// upstream's testing settings (defaultTestingTolerance and friends).
const opts: ReplicaCalculatorOptions = { tolerance: 0.1, cpuInitializationPeriodMs: 2 * 60_000, delayOfInitialReadinessStatusMs: 10_000 };

interface P { ready?: boolean; hot?: boolean; phase?: string; deleting?: boolean; request?: string | null }
/** A pod with container1 and container2. Cool pods started 3 min ago, hot ones just now; readiness changed at start. */
function pod(i: number, o: P = {}): Pod {
  const start = new Date(o.hot ? NOW : NOW - 180_000).toISOString();
  const resources = o.request === null ? {} : { requests: { cpu: o.request ?? '1.0' } };
  return {
    metadata: { name: `test-pod-${i}`, ...(o.deleting ? { deletionTimestamp: new Date(NOW).toISOString() } : {}) },
    spec: { containers: [{ name: 'container1', resources }, { name: 'container2', resources }] },
    status: {
      phase: o.phase ?? 'Running', startTime: start,
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: start }],
    },
  };
}
const pods = (n: number, per: (i: number) => P = () => ({})): Pod[] => Array.from({ length: n }, (_, i) => pod(i, per(i)));
/** Per-pod samples: both containers at `level` (upstream makePodMetricLevels), summed as the resource metrics API does. */
const levels = (...ls: number[]): PodMetricsInfo => Object.fromEntries(ls.map((l, i) => [`test-pod-${i}`, { value: 2 * l, timestampMs: TS, windowMs: 60_000 }]));
/** The samples of one container only (ContainerResource). */
const single = (...ls: number[]): PodMetricsInfo => Object.fromEntries(ls.map((l, i) => [`test-pod-${i}`, { value: l, timestampMs: TS, windowMs: 60_000 }]));

interface ResourceRow { name: string; current: number; pods: Pod[]; metrics: PodMetricsInfo; target: number; container?: string; want: { replicas: number; utilization: number; raw: number } | string }
const F = { ready: false };
const resourceRows: ResourceRow[] = [
  { name: 'scales up by the utilization ratio', current: 3, pods: pods(3), metrics: levels(300, 500, 700), target: 30, want: { replicas: 5, utilization: 50, raw: 1000 } },
  { name: 'scales up on one container (ContainerResource)', current: 3, pods: pods(3), metrics: single(300, 500, 700), target: 30, container: 'container2', want: { replicas: 5, utilization: 50, raw: 500 } },
  { name: 'counts an unready pod as 0 on scale-up (less scale)', current: 3, pods: pods(3, (i) => (i === 0 ? F : {})), metrics: levels(300, 500, 700), target: 30, want: { replicas: 4, utilization: 60, raw: 1200 } },
  { name: 'counts a hot-cpu container as 0 on scale-up', current: 3, pods: pods(3, (i) => ({ hot: i === 0 })), metrics: single(300, 500, 700), target: 30, container: 'container2', want: { replicas: 4, utilization: 60, raw: 600 } },
  { name: 'counts a hot-cpu pod as 0 on scale-up', current: 3, pods: pods(3, (i) => ({ hot: i === 0 })), metrics: levels(300, 500, 700), target: 30, want: { replicas: 4, utilization: 60, raw: 1200 } },
  { name: 'does not scale up when unready pods pull the ratio within tolerance', current: 3, pods: pods(3, (i) => (i > 0 ? F : {})), metrics: levels(400, 500, 700), target: 30, want: { replicas: 3, utilization: 40, raw: 800 } },
  { name: 'does not scale up when hot unready pods pull the ratio within tolerance', current: 3, pods: pods(3, (i) => (i > 0 ? { ready: false, hot: true } : {})), metrics: levels(400, 500, 700), target: 30, want: { replicas: 3, utilization: 40, raw: 800 } },
  { name: 'ignores Failed pods on scale-up', current: 2, pods: pods(4, (i) => (i > 1 ? { ready: false, phase: 'Failed' } : {})), metrics: levels(500, 700), target: 30, want: { replicas: 4, utilization: 60, raw: 1200 } },
  { name: 'ignores deleted pods on scale-up', current: 2, pods: pods(4, (i) => (i > 1 ? { ready: false, deleting: true } : {})), metrics: levels(500, 700), target: 30, want: { replicas: 4, utilization: 60, raw: 1200 } },
  { name: 'scales down by the utilization ratio', current: 5, pods: pods(5), metrics: levels(100, 300, 500, 250, 250), target: 50, want: { replicas: 3, utilization: 28, raw: 560 } },
  { name: 'scales down on one container (ContainerResource)', current: 5, pods: pods(5), metrics: single(100, 300, 500, 250, 250), target: 50, container: 'container2', want: { replicas: 3, utilization: 28, raw: 280 } },
  { name: 'leaves unready pods out of a scale-down', current: 5, pods: pods(5, (i) => (i > 2 ? F : {})), metrics: levels(100, 300, 500, 250, 250), target: 50, want: { replicas: 2, utilization: 30, raw: 600 } },
  { name: 'leaves Pending pods out of a scale-down', current: 5, pods: pods(5, (i) => (i > 0 ? { ready: false, phase: 'Pending' } : {})), metrics: levels(100), target: 50, want: { replicas: 1, utilization: 10, raw: 200 } },
  { name: 'leaves hot-cpu pods out of a scale-down', current: 5, pods: pods(5, (i) => ({ hot: i > 2 })), metrics: levels(100, 300, 500, 250, 250), target: 50, want: { replicas: 2, utilization: 30, raw: 600 } },
  { name: 'ignores Failed pods on scale-down', current: 5, pods: pods(7, (i) => (i > 4 ? { ready: false, phase: 'Failed' } : {})), metrics: levels(100, 300, 500, 250, 250), target: 50, want: { replicas: 3, utilization: 28, raw: 560 } },
  { name: 'ignores deleted pods that still run on scale-down (issue 83561)', current: 5, pods: pods(7, (i) => (i > 4 ? { ready: false, deleting: true } : {})), metrics: single(100, 300, 500, 250, 250), target: 50, container: 'container2', want: { replicas: 3, utilization: 28, raw: 280 } },
  { name: 'keeps the count within tolerance', current: 3, pods: [pod(0, { request: '0.9' }), pod(1), pod(2, { request: '1.1' })], metrics: levels(1010, 1030, 1020), target: 100, want: { replicas: 3, utilization: 102, raw: 2040 } },
  { name: 'skips samples of pods it does not know (superfluous metrics)', current: 4, pods: pods(4), metrics: levels(4000, 9500, 3000, 7000, 3200, 2000), target: 100, want: { replicas: 24, utilization: 587, raw: 11750 } },
  { name: 'counts missing pods as their full request on scale-down', current: 4, pods: pods(4), metrics: levels(400, 95), target: 100, want: { replicas: 3, utilization: 24, raw: 495 } },
  { name: 'keeps the count when a missing pod evens out (ratio 1)', current: 2, pods: pods(2), metrics: levels(1000), target: 100, want: { replicas: 2, utilization: 100, raw: 2000 } },
  { name: 'keeps the count when a missing pod at 0 brings a scale-up within tolerance', current: 2, pods: pods(2), metrics: levels(1900), target: 100, want: { replicas: 2, utilization: 190, raw: 3800 } },
  { name: 'keeps the count when a missing pod at 100 % brings a scale-down within tolerance', current: 2, pods: pods(2), metrics: levels(600), target: 100, want: { replicas: 2, utilization: 60, raw: 1200 } },
  { name: 'keeps the count when the rebalanced ratio flips direction (unready + missing)', current: 3, pods: pods(3, (i) => (i === 0 ? F : {})), metrics: levels(100, 450), target: 50, want: { replicas: 3, utilization: 45, raw: 900 } },
  { name: 'keeps the count when the rebalanced ratio flips direction (hot cpu + missing)', current: 3, pods: pods(3, (i) => ({ hot: i === 0 })), metrics: levels(100, 450), target: 50, want: { replicas: 3, utilization: 45, raw: 900 } },
  { name: 'scales up with an unready pod and a missing pod both at 0', current: 3, pods: pods(3, (i) => (i === 0 ? F : {})), metrics: levels(100, 2000), target: 50, want: { replicas: 4, utilization: 200, raw: 4000 } },
  { name: 'scales up with a hot unready pod and a missing pod both at 0', current: 3, pods: pods(3, (i) => (i === 0 ? { ready: false, hot: true } : {})), metrics: levels(100, 2000), target: 50, want: { replicas: 4, utilization: 200, raw: 4000 } },
  { name: 'scales down with an unready pod counted as missing at 100 %', current: 4, pods: pods(4, (i) => (i === 0 ? F : {})), metrics: levels(100, 100, 100), target: 50, want: { replicas: 3, utilization: 10, raw: 200 } },
  { name: 'counts missing pods at the target when it is above 100 %', current: 4, pods: [pod(0, { ready: false }), pod(1), pod(2, { request: '2.0' }), pod(3, { request: '2.0' })], metrics: levels(200, 100, 100), target: 300, want: { replicas: 2, utilization: 6, raw: 200 } },
  { name: 'keeps the count during a rolling update with maxSurge', current: 2, pods: pods(3), metrics: levels(100, 100), target: 50, want: { replicas: 2, utilization: 10, raw: 200 } },
  { name: 'fails when no sample matches a known pod (disjoint)', current: 1, pods: pods(1), metrics: { 'an-older-pod-name': { value: 200, timestampMs: TS, windowMs: 60_000 } }, target: 100, want: 'no metrics returned matched known pods' },
  { name: 'fails when a container has no cpu request', current: 1, pods: [pod(0, { request: null })], metrics: levels(200), target: 100, want: 'missing request for cpu in container container1 of Pod test-pod-0' },
  { name: 'fails when every sample is from an unready pod', current: 2, pods: pods(2, () => F), metrics: levels(200, 200), target: 100, want: 'did not receive metrics for targeted pods (pods might be unready)' },
  { name: 'fails without pods', current: 2, pods: [], metrics: levels(200, 200), target: 100, want: 'no pods returned by selector while calculating replica count' },
];

for (const r of resourceRows) {
  test(`getResourceReplicas() ${r.name}`, () => {
    const run = () => getResourceReplicas({ currentReplicas: r.current, pods: r.pods, metrics: r.metrics, timestampMs: TS, nowMs: NOW, targetUtilization: r.target, resource: 'cpu', ...(r.container ? { container: r.container } : {}) }, opts);
    if (typeof r.want === 'string') {
      assert.throws(run, { message: r.want });
      return;
    }
    const got = run();
    assert.deepEqual(got, { replicas: r.want.replicas, utilization: r.want.utilization, rawUtilization: r.want.raw, timestampMs: TS });
  });
}

test('getResourceReplicas() scales down just past tolerance and not just inside it (upstream ComputedToleranceAlgImplementation)', () => {
  // 10 pods using 150m per container against requests spread around 300m: utilization 50 %.
  const requests = [400, 200, 310, 290, 302, 298, 301, 299, 300, 300].map((m) => `${m}m`);
  const ps = requests.map((request, i) => pod(i, { request }));
  const metrics = levels(...requests.map(() => 150));
  const run = (target: number) => getResourceReplicas({ currentReplicas: 10, pods: ps, metrics, timestampMs: TS, nowMs: NOW, targetUtilization: target, resource: 'cpu' }, opts);
  assert.deepEqual(run(56), { replicas: 9, utilization: 50, rawUtilization: 300, timestampMs: TS });
  assert.equal(run(55).replicas, 10);
});

test('getResourceReplicas() does not mutate the samples it is given', () => {
  const metrics = levels(400, 95);
  const before = structuredClone(metrics);
  getResourceReplicas({ currentReplicas: 4, pods: pods(4), metrics, timestampMs: TS, nowMs: NOW, targetUtilization: 100, resource: 'cpu' }, opts);
  assert.deepEqual(metrics, before);
});

const podsRows: { name: string; current: number; pods: Pod[]; values: number[]; target: number; want: { replicas: number; usage: number } }[] = [
  { name: 'scales up a Pods metric by the average', current: 3, pods: pods(3), values: [20000, 10000, 30000], target: 15000, want: { replicas: 4, usage: 20000 } },
  { name: 'counts unready and hot pods for non-cpu metrics', current: 3, pods: pods(3, (i) => (i === 2 ? { ready: false, hot: true } : {})), values: [50000, 10000, 30000], target: 15000, want: { replicas: 6, usage: 30000 } },
  { name: 'counts unready pods even when that would scale down otherwise', current: 3, pods: pods(3, (i) => (i !== 1 ? { ready: false, hot: true } : {})), values: [50000, 15000, 30000], target: 15000, want: { replicas: 7, usage: 31666 } },
  { name: 'scales down a Pods metric', current: 5, pods: pods(5), values: [12000, 12000, 12000, 12000, 12000], target: 20000, want: { replicas: 3, usage: 12000 } },
  { name: 'keeps a Pods metric within tolerance', current: 3, pods: pods(3), values: [20000, 21000, 21000], target: 20000, want: { replicas: 3, usage: 20666 } },
  { name: 'keeps the count when missing pods at the target even out', current: 5, pods: pods(5), values: [20000, 19000, 21000], target: 20000, want: { replicas: 5, usage: 20000 } },
  { name: 'keeps a Pods metric during a rolling update with maxSurge', current: 2, pods: pods(3), values: [10000, 10000], target: 17000, want: { replicas: 2, usage: 10000 } },
];
for (const r of podsRows) {
  test(`getMetricReplicas() ${r.name}`, () => {
    const metrics = Object.fromEntries(r.values.map((v, i) => [`test-pod-${i}`, { value: v, timestampMs: TS, windowMs: 60_000 }]));
    assert.deepEqual(getMetricReplicas({ currentReplicas: r.current, pods: r.pods, metrics, timestampMs: TS, nowMs: NOW, targetUsage: r.target }, opts), { ...r.want, timestampMs: TS });
  });
}

const valueRows: { name: string; kind: 'object' | 'external'; current: number; pods: Pod[]; usage: number; target: number; want: number }[] = [
  { name: 'scales up an Object metric by the ratio over ready pods', kind: 'object', current: 3, pods: pods(3), usage: 20000, target: 15000, want: 4 },
  { name: 'scales an Object metric over ready pods only', kind: 'object', current: 3, pods: pods(3, (i) => (i !== 1 ? F : {})), usage: 50000, target: 10000, want: 5 },
  { name: 'scales down an Object metric', kind: 'object', current: 5, pods: pods(5), usage: 12000, target: 20000, want: 3 },
  { name: 'keeps an Object metric within tolerance', kind: 'object', current: 3, pods: pods(3), usage: 20666, target: 20000, want: 3 },
  { name: 'scales an External metric over ready pods only', kind: 'external', current: 3, pods: pods(3, (i) => (i !== 1 ? F : {})), usage: 8600, target: 4400, want: 2 },
  { name: 'scales down an External metric', kind: 'external', current: 5, pods: pods(5), usage: 8600, target: 14334, want: 3 },
  { name: 'keeps an External metric within tolerance', kind: 'external', current: 3, pods: pods(3), usage: 8600, target: 8888, want: 3 },
  { name: 'scales from zero replicas by the ratio alone (HPAScaleToZero)', kind: 'external', current: 0, pods: [], usage: 8600, target: 4400, want: 2 },
];
for (const r of valueRows) {
  const fn = r.kind === 'object' ? 'getObjectMetricReplicas' : 'getExternalMetricReplicas';
  test(`${fn}() ${r.name}`, () => {
    const base = { currentReplicas: r.current, pods: r.pods, targetUsage: r.target, timestampMs: TS };
    const got = r.kind === 'object' ? getObjectMetricReplicas({ ...base, usage: r.usage }, opts) : getExternalMetricReplicas({ ...base, values: [r.usage - 600, 600] }, opts);
    assert.deepEqual(got, { replicas: r.want, usage: r.usage, timestampMs: TS });
  });
}

test('getObjectMetricReplicas() fails outside tolerance when no pod matches', () => {
  assert.throws(() => getObjectMetricReplicas({ currentReplicas: 3, pods: [], targetUsage: 100, usage: 500, timestampMs: TS }, opts), {
    message: 'unable to calculate ready pods: no pods returned by selector while calculating replica count',
  });
});

const averageRows: { name: string; kind: 'object' | 'external'; status: number; total: number; target: number; want: { replicas: number; usage: number } }[] = [
  { name: 'scales up an Object AverageValue by total / target', kind: 'object', status: 3, total: 20000, target: 5000, want: { replicas: 4, usage: 6667 } },
  { name: 'scales down an Object AverageValue', kind: 'object', status: 5, total: 6000, target: 2000, want: { replicas: 3, usage: 1200 } },
  { name: 'keeps an Object AverageValue within tolerance', kind: 'object', status: 4, total: 20166, target: 5000, want: { replicas: 4, usage: 5042 } },
  { name: 'scales up an External AverageValue', kind: 'external', status: 3, total: 8600, target: 2150, want: { replicas: 4, usage: 2867 } },
  { name: 'scales down an External AverageValue', kind: 'external', status: 5, total: 8600, target: 2867, want: { replicas: 3, usage: 1720 } },
  { name: 'keeps an External AverageValue within tolerance', kind: 'external', status: 3, total: 8600, target: 2900, want: { replicas: 3, usage: 2867 } },
];
for (const r of averageRows) {
  const fn = r.kind === 'object' ? 'getObjectPerPodMetricReplicas' : 'getExternalPerPodMetricReplicas';
  test(`${fn}() ${r.name}`, () => {
    const base = { statusReplicas: r.status, targetAverageUsage: r.target, timestampMs: TS };
    const got = r.kind === 'object' ? getObjectPerPodMetricReplicas({ ...base, usage: r.total }, opts) : getExternalPerPodMetricReplicas({ ...base, values: [r.total] }, opts);
    assert.deepEqual(got, { ...r.want, timestampMs: TS });
  });
}
