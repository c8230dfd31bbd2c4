import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../meta/kind-rules.js';
import { podEvaluator, isPodChargeable } from './pod-evaluator.js';
import { formatResourceList } from './resource-list.js';

const now = Date.parse('2026-03-01T12:00:00Z');
type C = { name: string; requests?: Record<string, string>; limits?: Record<string, string> };
const ctr = (c: C) => ({ name: c.name, image: 'x', resources: { ...(c.requests ? { requests: c.requests } : {}), ...(c.limits ? { limits: c.limits } : {}) } });
const pod = (containers: C[], extra: { spec?: object; status?: object; metadata?: object; init?: C[] } = {}): KubeObject => ({
  metadata: { name: 'p', namespace: 'ns', ...extra.metadata },
  spec: { containers: containers.map(ctr), ...(extra.init ? { initContainers: extra.init.map(ctr) } : {}), ...extra.spec },
  ...(extra.status ? { status: extra.status } : {}),
});

test('podEvaluator.usage() charges counts, requests (also as plain cpu/memory) and limits', () => {
  const p = pod([{ name: 'a', requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } }, { name: 'b', requests: { cpu: '250m', 'example.com/gpu': '1' } }]);
  assert.deepEqual(formatResourceList(podEvaluator.usage(p, now)), {
    'count/pods': '1', pods: '1', cpu: '500m', 'requests.cpu': '500m', memory: '64Mi', 'requests.memory': '64Mi',
    'limits.cpu': '500m', 'limits.memory': '128Mi', 'requests.example.com/gpu': '1',
  });
});

const usageRows: { name: string; pod: KubeObject; want: Record<string, string> }[] = [
  { name: 'a Succeeded pod keeps only its object count', pod: pod([{ name: 'a', requests: { cpu: '1' } }], { status: { phase: 'Succeeded' } }), want: { 'count/pods': '1' } },
  { name: 'a Failed pod keeps only its object count', pod: pod([{ name: 'a', requests: { cpu: '1' } }], { status: { phase: 'Failed' } }), want: { 'count/pods': '1' } },
  {
    name: 'a pod past its deletion grace period is not charged',
    pod: pod([{ name: 'a', requests: { cpu: '1' } }], { metadata: { deletionTimestamp: '2026-03-01T11:59:00Z', deletionGracePeriodSeconds: 30 } }),
    want: { 'count/pods': '1' },
  },
  {
    name: 'a pod within its deletion grace period is still charged',
    pod: pod([{ name: 'a', requests: { cpu: '1' } }], { metadata: { deletionTimestamp: '2026-03-01T11:59:50Z', deletionGracePeriodSeconds: 30 } }),
    want: { 'count/pods': '1', pods: '1', cpu: '1', 'requests.cpu': '1' },
  },
  {
    name: 'init containers count as a maximum and hugepages under both names',
    pod: pod([{ name: 'a', requests: { cpu: '100m', 'hugepages-2Mi': '2Mi' }, limits: { 'hugepages-2Mi': '2Mi' } }], { init: [{ name: 'i', requests: { cpu: '300m' } }] }),
    want: { 'count/pods': '1', pods: '1', cpu: '300m', 'requests.cpu': '300m', 'hugepages-2Mi': '2Mi', 'requests.hugepages-2Mi': '2Mi' },
  },
];
for (const r of usageRows) test(`podEvaluator.usage() ${r.name}`, () => assert.deepEqual(formatResourceList(podEvaluator.usage(r.pod, now)), r.want));

test('isPodChargeable() is false for terminal pods only', () => {
  assert.equal(isPodChargeable(pod([], { status: { phase: 'Running' } }), now), true);
  assert.equal(isPodChargeable(pod([], { status: { phase: 'Failed' } }), now), false);
});

const scopeRows: { scope: string; operator?: string; values?: string[]; pod: KubeObject; want: boolean }[] = [
  { scope: 'Terminating', pod: pod([], { spec: { activeDeadlineSeconds: 30 } }), want: true },
  { scope: 'Terminating', pod: pod([]), want: false },
  { scope: 'NotTerminating', pod: pod([]), want: true },
  { scope: 'NotTerminating', pod: pod([], { spec: { activeDeadlineSeconds: 0 } }), want: false },
  { scope: 'BestEffort', pod: pod([{ name: 'a' }]), want: true },
  { scope: 'BestEffort', pod: pod([{ name: 'a', requests: { memory: '1Mi' } }]), want: false },
  { scope: 'NotBestEffort', pod: pod([{ name: 'a', limits: { cpu: '1' } }]), want: true },
  { scope: 'PriorityClass', operator: 'Exists', pod: pod([], { spec: { priorityClassName: 'high' } }), want: true },
  { scope: 'PriorityClass', operator: 'Exists', pod: pod([]), want: false },
  { scope: 'PriorityClass', operator: 'In', values: ['high', 'medium'], pod: pod([], { spec: { priorityClassName: 'high' } }), want: true },
  { scope: 'PriorityClass', operator: 'In', values: ['high'], pod: pod([], { spec: { priorityClassName: 'low' } }), want: false },
  { scope: 'PriorityClass', operator: 'NotIn', values: ['high'], pod: pod([]), want: true },
  { scope: 'PriorityClass', operator: 'DoesNotExist', pod: pod([]), want: true },
  { scope: 'CrossNamespacePodAffinity', pod: pod([], { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ namespaces: ['other'], topologyKey: 'k' }] } } } }), want: true },
  { scope: 'CrossNamespacePodAffinity', pod: pod([], { spec: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { namespaceSelector: {}, topologyKey: 'k' } }] } } } }), want: true },
  { scope: 'CrossNamespacePodAffinity', pod: pod([]), want: false },
  { scope: 'VolumeAttributesClass', pod: pod([]), want: false },
];
for (const r of scopeRows) {
  test(`podEvaluator.matchesScope() ${r.scope} ${r.operator ?? 'Exists'} ${JSON.stringify(r.values ?? [])} → ${r.want}`, () => {
    assert.equal(podEvaluator.matchesScope({ scopeName: r.scope, operator: r.operator ?? 'Exists', ...(r.values ? { values: r.values } : {}) }, r.pod), r.want);
  });
}

test('podEvaluator.constraints() names every container lacking a tracked cpu or memory value, by resource', () => {
  const p = pod([{ name: 'c', requests: { memory: '1Mi' } }, { name: 'b', requests: { cpu: '1' }, limits: { cpu: '1' } }], { init: [{ name: 'i' }] });
  assert.equal(podEvaluator.constraints(['requests.cpu', 'limits.cpu', 'pods', 'requests.storage'], p), 'must specify limits.cpu for: c,i; requests.cpu for: c,i');
  assert.equal(podEvaluator.constraints(['pods', 'requests.ephemeral-storage'], p), undefined);
  assert.equal(podEvaluator.constraints(['memory'], pod([{ name: 'a', requests: { memory: '1Mi' } }])), undefined);
});

test('podEvaluator.handles() pod creation only', () => {
  const p = pod([]);
  assert.equal(podEvaluator.handles('CREATE', '', p, undefined), true);
  assert.equal(podEvaluator.handles('UPDATE', '', p, p), false);
  assert.equal(podEvaluator.handles('UPDATE', 'status', p, p), false);
});

test('podEvaluator.matchingResources() picks pod resources, hugepages and extended requests', () => {
  assert.deepEqual(podEvaluator.matchingResources(['pods', 'count/pods', 'requests.cpu', 'services', 'requests.storage', 'hugepages-1Gi', 'requests.example.com/gpu', 'example.com/gpu']),
    ['pods', 'count/pods', 'requests.cpu', 'hugepages-1Gi', 'requests.example.com/gpu']);
});
