// The metrics.k8s.io answers: object shapes, quantities, selectors, NotFound texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { errorMessage } from '../util/index.js';
import { everything, matchesLabels, parseFieldSelector, parseLabelSelector } from '../api/index.js';
import { MetricsStore, type Point } from './store.js';
import { ResourceMetrics } from './resource-metrics.js';

const T = Date.parse('2026-12-01T10:00:00Z');
const pt = (sec: number, cpuSec: number, mem: number): Point => ({ timeMs: T + sec * 1000, startMs: T - 60_000, cpuCoreNanoSeconds: cpuSec * 1e9, memoryWorkingSetBytes: mem });
const nodes: Node[] = [{ metadata: { name: 'n1', labels: { zone: 'a' } } }, { metadata: { name: 'n2', labels: { zone: 'b' } } }];
const pods: Pod[] = [{ metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } } }, { metadata: { name: 'db', namespace: 'data', labels: { app: 'db' } } }];

function metrics(): ResourceMetrics {
  const store = new MetricsStore();
  for (const [sec, cpu] of [[0, 0], [15, 1]] as const) {
    store.record('n1', { node: pt(sec, cpu * 3, 64 * 1024 * 1024), pods: [{ namespace: 'default', name: 'web', containers: [{ name: 'c', point: pt(sec, cpu * 0.375, 5_000_000) }] }] });
    store.record('n2', { node: pt(sec, cpu, 1000), pods: [{ namespace: 'data', name: 'db', containers: [{ name: 'x', point: pt(sec, cpu, 1024) }, { name: 'y', point: pt(sec, 0, 2048) }] }] });
  }
  return new ResourceMetrics({
    store, nodes: () => nodes, node: (n) => nodes.find((x) => x.metadata?.name === n),
    pod: (ns, n) => pods.find((p) => p.metadata?.namespace === ns && p.metadata?.name === n), nowMs: () => T + 20_000,
    selectPods: (ns, sel) => pods.filter((p) => (ns === undefined || p.metadata?.namespace === ns) && matchesLabels(sel, p.metadata?.labels)),
  });
}
const all = { labelSelector: everything, fieldSelector: parseFieldSelector('') };

test('ResourceMetrics.listNodes() gives NodeMetrics with nanocore cpu, binary memory and a Go-duration window', () => {
  assert.deepEqual(metrics().listNodes(all), {
    apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetricsList', metadata: {},
    items: [
      { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'n1', creationTimestamp: '2026-12-01T10:00:20Z', labels: { zone: 'a' } }, timestamp: '2026-12-01T10:00:15Z', window: '15s', usage: { cpu: '200m', memory: '64Mi' } },
      { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'n2', creationTimestamp: '2026-12-01T10:00:20Z', labels: { zone: 'b' } }, timestamp: '2026-12-01T10:00:15Z', window: '15s', usage: { cpu: '66666667n', memory: '1k' } },
    ],
  });
  assert.deepEqual(metrics().listNodes({ labelSelector: parseLabelSelector('zone=b'), fieldSelector: parseFieldSelector('') }).items.map((n) => n.metadata.name), ['n2']);
});

test('ResourceMetrics pods: per namespace or all, label and field selectors, containers listed', () => {
  const m = metrics();
  assert.deepEqual(m.listPods('default', all).items.map((p) => [p.metadata.name, p.containers]), [['web', [{ name: 'c', usage: { cpu: '25m', memory: '5000000' } }]]]);
  assert.deepEqual(m.listPods(undefined, all).items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`), ['data/db', 'default/web']);
  assert.deepEqual(m.listPods(undefined, { labelSelector: parseLabelSelector('app=db'), fieldSelector: parseFieldSelector('') }).items.map((p) => p.metadata.name), ['db']);
  assert.deepEqual(m.listPods(undefined, { labelSelector: everything, fieldSelector: parseFieldSelector('metadata.namespace=default') }).items.map((p) => p.metadata.name), ['web']);
  assert.equal(m.getPod('data', 'db').containers.length, 2);
});

test('ResourceMetrics: NotFound and unsupported field selectors as metrics-server answers them', () => {
  const m = metrics();
  assert.throws(() => m.getPod('default', 'nope'), (e: unknown) => errorMessage(e) === 'podmetrics.metrics.k8s.io "default/nope" not found');
  assert.throws(() => m.getNode('n9'), (e: unknown) => errorMessage(e) === 'nodemetrics.metrics.k8s.io "n9" not found');
  assert.throws(() => m.listNodes({ labelSelector: everything, fieldSelector: parseFieldSelector('spec.unschedulable=true') }), /field label not supported: spec.unschedulable/);
});
