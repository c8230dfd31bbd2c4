import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../meta/kind-rules.js';
import { aggregateMessages } from './constraints.js';
import { applyPodDefaults, claimViolations, limitRangerAnnotation, podViolations } from './limit-ranger.js';

type Item = Record<string, unknown>;
const lr = (...limits: Item[]): KubeObject => ({ metadata: { name: 'lr' }, spec: { limits } });
type C = { name: string; requests?: Record<string, string>; limits?: Record<string, string> };
const pod = (containers: C[], init: C[] = []): KubeObject => ({
  metadata: { name: 'x' },
  spec: {
    containers: containers.map((c) => ({ name: c.name, image: 'i', resources: { ...(c.requests ? { requests: c.requests } : {}), ...(c.limits ? { limits: c.limits } : {}) } })),
    ...(init.length ? { initContainers: init.map((c) => ({ name: c.name, image: 'i', resources: { ...(c.requests ? { requests: c.requests } : {}), ...(c.limits ? { limits: c.limits } : {}) } })) } : {}),
  },
});
const resources = (p: KubeObject, i = 0, field = 'containers') => ((p['spec'] as Record<string, { resources: unknown }[]>)[field]![i]!).resources;

test('applyPodDefaults() fills missing requests and limits of containers and init containers and annotates the pod', () => {
  const p = pod([{ name: 'a' }, { name: 'b', requests: { cpu: '100m' }, limits: { cpu: '200m' } }], [{ name: 'i' }]);
  applyPodDefaults(lr({ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '250m', memory: '256Mi' } }), p);
  assert.deepEqual(resources(p, 0), { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
  assert.deepEqual(resources(p, 1), { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '200m', memory: '512Mi' } });
  assert.deepEqual(resources(p, 0, 'initContainers'), { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
  assert.equal((p.metadata as { annotations: Record<string, string> }).annotations[limitRangerAnnotation],
    'LimitRanger plugin set: cpu, memory request for container a; cpu, memory limit for container a; memory request for container b; memory limit for container b; cpu, memory request for init container i; cpu, memory limit for init container i');
});

test('applyPodDefaults() leaves a pod alone when the range has no Container defaults', () => {
  const p = pod([{ name: 'a' }]);
  applyPodDefaults(lr({ type: 'Pod', max: { cpu: '2' } }), p);
  assert.deepEqual(p, pod([{ name: 'a' }]));
});

type Row = { name: string; range: KubeObject; pod: KubeObject; want: string[] };
const rows: Row[] = [
  { name: 'a container limit over the max', range: lr({ type: 'Container', max: { cpu: '1' } }), pod: pod([{ name: 'c', limits: { cpu: '2' }, requests: { cpu: '500m' } }]), want: ['maximum cpu usage per Container is 1, but limit is 2'] },
  { name: 'a container request over the max', range: lr({ type: 'Container', max: { cpu: '1' } }), pod: pod([{ name: 'c', limits: { cpu: '1' }, requests: { cpu: '1500m' } }]), want: ['maximum cpu usage per Container is 1, but request is 1500m'] },
  { name: 'a container without a limit under a max', range: lr({ type: 'Container', max: { memory: '1Gi' } }), pod: pod([{ name: 'c' }]), want: ['maximum memory usage per Container is 1Gi.  No limit is specified'] },
  { name: 'a container request under the min', range: lr({ type: 'Container', min: { cpu: '100m' } }), pod: pod([{ name: 'c', requests: { cpu: '50m' } }]), want: ['minimum cpu usage per Container is 100m, but request is 50m'] },
  { name: 'a container limit under the min', range: lr({ type: 'Container', min: { cpu: '100m' } }), pod: pod([{ name: 'c', requests: { cpu: '100m' }, limits: { cpu: '90m' } }]), want: ['minimum cpu usage per Container is 100m, but limit is 90m'] },
  { name: 'a container without a request under a min', range: lr({ type: 'Container', min: { memory: '4Mi' } }), pod: pod([{ name: 'c' }]), want: ['minimum memory usage per Container is 4Mi.  No request is specified'] },
  { name: 'a limit/request ratio over the max', range: lr({ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }), pod: pod([{ name: 'c', requests: { cpu: '250m' }, limits: { cpu: '1' } }]), want: ['cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000'] },
  { name: 'a ratio without a request', range: lr({ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }), pod: pod([{ name: 'c', limits: { cpu: '1' } }]), want: ['cpu max limit to request ratio per Container is 2, but no request is specified or request is 0'] },
  { name: 'a ratio without a limit', range: lr({ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }), pod: pod([{ name: 'c', requests: { cpu: '1' } }]), want: ['cpu max limit to request ratio per Container is 2, but no limit is specified or limit is 0'] },
  { name: 'a ratio within bounds', range: lr({ type: 'Container', maxLimitRequestRatio: { memory: '1500m' } }), pod: pod([{ name: 'c', requests: { memory: '1Gi' }, limits: { memory: '1536Mi' } }]), want: [] },
  {
    name: 'the pod sum over a Pod max (init containers as a maximum)',
    range: lr({ type: 'Pod', max: { cpu: '2' } }),
    pod: pod([{ name: 'a', requests: { cpu: '1' }, limits: { cpu: '1500m' } }, { name: 'b', requests: { cpu: '500m' }, limits: { cpu: '1' } }], [{ name: 'i', limits: { cpu: '1' }, requests: { cpu: '1' } }]),
    want: ['maximum cpu usage per Pod is 2, but limit is 2500m'],
  },
  { name: 'init containers checked like containers', range: lr({ type: 'Container', max: { cpu: '1' } }), pod: pod([{ name: 'a', limits: { cpu: '1' } }], [{ name: 'i', limits: { cpu: '3' } }]), want: ['maximum cpu usage per Container is 1, but limit is 3'] },
  {
    name: 'every violation of every container, resources in name order',
    range: lr({ type: 'Container', max: { memory: '1Gi', cpu: '1' } }),
    pod: pod([{ name: 'a', limits: { cpu: '2', memory: '2Gi' } }, { name: 'b', limits: { cpu: '1', memory: '1Gi' } }]),
    want: ['maximum cpu usage per Container is 1, but limit is 2', 'maximum memory usage per Container is 1Gi, but limit is 2Gi'],
  },
];
for (const r of rows) test(`podViolations() ${r.name}`, () => assert.deepEqual(podViolations(r.range, r.pod), r.want));

test('claimViolations() checks the claim request against PersistentVolumeClaim min and max', () => {
  const range = lr({ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } });
  const claim = (storage?: string): KubeObject => ({ metadata: { name: 'c' }, spec: { resources: storage ? { requests: { storage } } : {} } });
  assert.deepEqual(claimViolations(range, claim('500Mi')), ['minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi']);
  assert.deepEqual(claimViolations(range, claim('20Gi')), ['maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi']);
  assert.deepEqual(claimViolations(range, claim('5Gi')), []);
  assert.deepEqual(claimViolations(range, claim()), ['minimum storage usage per PersistentVolumeClaim is 1Gi.  No request is specified', 'maximum storage usage per PersistentVolumeClaim is 10Gi.  No request is specified']);
});

test('aggregateMessages() joins several distinct messages in brackets as upstream errors do', () => {
  assert.equal(aggregateMessages([]), undefined);
  assert.equal(aggregateMessages(['a']), 'a');
  assert.equal(aggregateMessages(['a', 'a']), 'a');
  assert.equal(aggregateMessages(['a', 'b', 'a']), '[a, b]');
});
