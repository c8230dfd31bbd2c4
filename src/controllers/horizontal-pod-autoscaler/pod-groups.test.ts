// Tables for pod grouping and requests, ported from upstream TestGroupPods and TestCalculatePodRequests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { groupPods, podRequests, type PodMetricsInfo } from './pod-groups.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString();
const timings = { cpuInitializationPeriodMs: 2 * 60_000, delayOfInitialReadinessStatusMs: 10_000 };

interface P { phase?: string; startAgoS?: number; ready?: { status: 'True' | 'False'; agoS: number }; deleted?: boolean }
const pod = (name: string, o: P): Pod => ({
  metadata: { name, ...(o.deleted ? { deletionTimestamp: ago(60) } : {}) },
  status: {
    phase: o.phase ?? 'Succeeded',
    ...(o.startAgoS !== undefined ? { startTime: ago(o.startAgoS) } : {}),
    ...(o.ready ? { conditions: [{ type: 'Ready', status: o.ready.status, lastTransitionTime: ago(o.ready.agoS) }] } : {}),
  },
});
const sample = (agoS = 0, windowS = 60): PodMetricsInfo[string] => ({ value: 1, timestampMs: NOW - agoS * 1000, windowMs: windowS * 1000 });

const rows: { name: string; pods: Pod[]; metrics: PodMetricsInfo; resource?: string; want: { ready: number; unready?: string[]; missing?: string[]; ignored?: string[] } }[] = [
  { name: 'counts nothing without pods', pods: [], metrics: {}, want: { ready: 0 } },
  { name: 'counts a pod as ready for memory whatever its readiness', pods: [pod('bentham', {})], metrics: { bentham: sample() }, resource: 'memory', want: { ready: 1 } },
  { name: 'makes a pod without a Ready condition unready for cpu', pods: [pod('lucretius', { startAgoS: 0 })], metrics: { lucretius: sample() }, want: { ready: 0, unready: ['lucretius'] } },
  { name: 'counts a ready pod with a fresh sample during the initialization period', pods: [pod('bentham', { startAgoS: 60, ready: { status: 'True', agoS: 30 } })], metrics: { bentham: sample(0, 30) }, want: { ready: 1 } },
  { name: 'makes a ready pod unready when its sample window reaches back before readiness (initialization period)', pods: [pod('bentham', { startAgoS: 60, ready: { status: 'True', agoS: 30 } })], metrics: { bentham: sample(0, 60) }, want: { ready: 0, unready: ['bentham'] } },
  { name: 'makes a pod unready that turned unready right after start', pods: [pod('lucretius', { startAgoS: 600, ready: { status: 'False', agoS: 594 } })], metrics: { lucretius: sample() }, want: { ready: 0, unready: ['lucretius'] } },
  { name: 'counts a ready pod with an old sample after the initialization period', pods: [pod('bentham', { startAgoS: 180, ready: { status: 'True', agoS: 180 } })], metrics: { bentham: sample(120, 60) }, want: { ready: 1 } },
  { name: 'counts an unready pod that was ready once (after the initialization period)', pods: [pod('lucretius', { startAgoS: 600, ready: { status: 'False', agoS: 540 } })], metrics: { lucretius: sample() }, want: { ready: 1 } },
  { name: 'counts an unready pod whose readiness changed exactly at the delay', pods: [pod('lucretius', { startAgoS: 600, ready: { status: 'False', agoS: 590 } })], metrics: { lucretius: sample() }, want: { ready: 1 } },
  { name: 'reports a pod without a sample as missing', pods: [pod('epicurus', { startAgoS: 180 })], metrics: {}, want: { ready: 0, missing: ['epicurus'] } },
  {
    name: 'sorts several pods into ready, unready and missing',
    pods: [pod('lucretius', { startAgoS: 0 }), pod('niccolo', { startAgoS: 180, ready: { status: 'True', agoS: 180 } }), pod('epicurus', { startAgoS: 180 })],
    metrics: { lucretius: sample(), niccolo: sample() },
    want: { ready: 1, unready: ['lucretius'], missing: ['epicurus'] },
  },
  { name: 'makes Pending pods unready', pods: [pod('unscheduled', { phase: 'Pending' })], metrics: {}, want: { ready: 0, unready: ['unscheduled'] } },
  { name: 'ignores pods being deleted', pods: [pod('deleted', { phase: 'Pending', deleted: true })], metrics: { deleted: sample() }, want: { ready: 0, ignored: ['deleted'] } },
  { name: 'ignores Failed pods', pods: [pod('failed', { phase: 'Failed' })], metrics: { failed: sample() }, want: { ready: 0, ignored: ['failed'] } },
];
for (const r of rows) {
  test(`groupPods() ${r.name}`, () => {
    const g = groupPods(r.pods, r.metrics, { ...timings, resource: r.resource ?? 'cpu', nowMs: NOW });
    assert.deepEqual(
      { ready: g.readyPodCount, unready: [...g.unready], missing: [...g.missing], ignored: [...g.ignored] },
      { ready: r.want.ready, unready: r.want.unready ?? [], missing: r.want.missing ?? [], ignored: r.want.ignored ?? [] },
    );
  });
}

const cpu = (m: number) => ({ requests: { cpu: `${m}m` } });
const withContainers = (containers: NonNullable<Pod['spec']>['containers'], initContainers?: NonNullable<Pod['spec']>['initContainers']): Pod => ({
  metadata: { name: 'test-pod' }, spec: { containers, ...(initContainers ? { initContainers } : {}) },
});
const requestRows: { name: string; pods: Pod[]; container?: string; want: Record<string, bigint> | string }[] = [
  { name: 'is empty without pods', pods: [], want: {} },
  { name: 'sums the regular containers', pods: [withContainers([{ name: 'container1', resources: cpu(100) }, { name: 'container2', resources: cpu(50) }])], want: { 'test-pod': 150n } },
  { name: 'takes only the named container', pods: [withContainers([{ name: 'container1', resources: cpu(100) }, { name: 'container2', resources: cpu(50) }])], container: 'container1', want: { 'test-pod': 100n } },
  { name: 'fails on a container without a request', pods: [withContainers([{ name: 'container1' }])], want: 'missing request for cpu in container container1 of Pod test-pod' },
  {
    name: 'adds sidecars (restartable init containers) but not plain init containers',
    pods: [withContainers([{ name: 'container1', resources: cpu(100) }], [{ name: 'init-container1', resources: cpu(20) }, { name: 'restartable-container1', restartPolicy: 'Always', resources: cpu(50) }])],
    want: { 'test-pod': 150n },
  },
];
for (const r of requestRows) {
  test(`podRequests() ${r.name}`, () => {
    const run = () => Object.fromEntries(podRequests(r.pods, { resource: 'cpu', ...(r.container ? { container: r.container } : {}) }));
    if (typeof r.want === 'string') assert.throws(run, { message: r.want });
    else assert.deepEqual(run(), r.want);
  });
}
