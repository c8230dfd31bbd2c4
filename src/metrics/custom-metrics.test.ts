// The custom and external metrics APIs: gauges and counter rates, pods, objects summed over their pods,
// namespaces, metric label selectors, discovery by metric, upstream's NotFound texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1.js';
import { everything, fromLabelSelectorObject, parseLabelSelector, type CustomMetricsSummary, type ProviderRequest } from '../api/index.js';
import { errorMessage } from '../util/index.js';
import { CustomMetricsStore } from './custom-store.js';
import { customMetricsProvider, podSelectorOf } from './custom-metrics.js';
import { externalMetricsProvider } from './external-metrics.js';

const T = Date.parse('2026-12-01T10:00:00Z');
const scrape = (sec: number, perPod: Record<string, [string, number, 'gauge' | 'counter', Record<string, string>?][]>): CustomMetricsSummary => ({
  pods: Object.entries(perPod).map(([name, samples]) => ({
    podRef: { name, namespace: 'default', uid: `u-${name}` }, time: new Date(T + sec * 1000).toISOString(),
    samples: samples.map(([n, value, type, labels]) => ({ name: n, value, type, labels: labels ?? {} })),
  })),
});
const pod = (name: string, labels: Record<string, string>): Pod => ({ metadata: { name, namespace: 'default', labels } });
const pods = [pod('web-1', { app: 'web' }), pod('web-2', { app: 'web' }), pod('db-0', { app: 'db' })];

function provider() {
  const store = new CustomMetricsStore();
  store.record('n1', scrape(0, { 'web-1': [['packets_per_second', 1200, 'gauge'], ['http_requests_total', 100, 'counter', { code: '200' }], ['http_requests_total', 5, 'counter', { code: '500' }]], 'web-2': [['packets_per_second', 800, 'gauge']] }));
  store.record('n1', scrape(10, { 'web-1': [['packets_per_second', 1500, 'gauge'], ['http_requests_total', 300, 'counter', { code: '200' }], ['http_requests_total', 15, 'counter', { code: '500' }]], 'web-2': [['packets_per_second', 700, 'gauge']] }));
  const p = customMetricsProvider({
    store, pods: () => pods,
    objects: (resource) => (resource === 'services' ? [{ name: 'web', labels: { tier: 'front' }, selector: podSelectorOf({ selector: { app: 'web' } }) }] : resource === 'deployments.apps' ? [{ name: 'web', labels: {}, selector: podSelectorOf({ selector: { matchLabels: { app: 'web' } } }) }] : []),
  });
  return { store, p };
}
const req = (resource: string, name: string, query: Record<string, string> = {}): ProviderRequest => ({ verb: 'get', resource, namespace: 'default', name, query: new URLSearchParams(query), user: { name: 'u', groups: [] }, signal: new AbortController().signal });

test('CustomMetricsStore: gauges read their last value, counters the per-second rate of the last two scrapes', () => {
  const { store } = provider();
  assert.deepEqual(store.podValue('default', 'web-1', 'packets_per_second', everything), { value: 1500, timeMs: T + 10_000 });
  assert.deepEqual(store.podValue('default', 'web-1', 'http_requests_total', everything), { value: 21, timeMs: T + 10_000, windowMs: 10_000 });
  assert.deepEqual(store.podValue('default', 'web-1', 'http_requests_total', parseLabelSelector('code=500'))?.value, 1);
  assert.equal(store.podValue('default', 'db-0', 'packets_per_second', everything), undefined);
  store.record('n1', scrape(20, { 'web-1': [['http_requests_total', 3, 'counter', { code: '200' }]] }));
  assert.equal(store.podValue('default', 'web-1', 'http_requests_total', everything), undefined, 'a counter reset has no rate until the next scrape');
  assert.deepEqual([...store.metricNames()].sort(), ['http_requests_total']);
});

test('custom metrics: pods/*, one pod, a Service and a Deployment summed over their pods, the namespace', async () => {
  const { p } = provider();
  const all = await p.handle(req('pods/packets_per_second', '*', { labelSelector: 'app=web' }));
  assert.deepEqual((all['items'] as { describedObject: { name: string }; value: string }[]).map((i) => [i.describedObject.name, i.value]), [['web-1', '1500'], ['web-2', '700']]);
  const one = await p.handle(req('pods/http_requests_total', 'web-1', { metricLabelSelector: 'code=200' }));
  assert.deepEqual(one['items'], [{ describedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', apiVersion: '/v1' }, metric: { name: 'http_requests_total', selector: 'code=200' }, timestamp: '2026-12-01T10:00:10Z', windowSeconds: 10, value: '20' }]);
  const svc = await p.handle(req('services/packets_per_second', 'web'));
  assert.deepEqual((svc['items'] as { describedObject: unknown; value: string }[]).map((i) => [i.describedObject, i.value]), [[{ kind: 'Service', namespace: 'default', name: 'web', apiVersion: '/v1' }, '2200']]);
  const dep = await p.handle(req('deployments.apps/packets_per_second', 'web'));
  assert.equal((dep['items'] as { value: string }[])[0]?.value, '2200');
  const ns = await p.handle(req('metrics', 'packets_per_second'));
  assert.deepEqual((ns['items'] as { describedObject: unknown; value: string }[]).map((i) => [i.describedObject, i.value]), [[{ kind: 'Namespace', name: 'default', apiVersion: '/v1' }, '2200']]);
});

test('custom metrics: NotFound as custom-metrics-apiserver words it; discovery lists <resource>/<metric>', async () => {
  const { p } = provider();
  await assert.rejects(p.handle(req('pods/packets_per_second', 'db-0')), (e: unknown) => errorMessage(e) === 'the server could not find the metric packets_per_second for pods db-0');
  await assert.rejects(p.handle(req('services/nope', 'web')), /the server could not find the metric nope for services web/);
  assert.deepEqual(p.resources.map((r) => r.name).filter((n) => n.startsWith('pods/')), ['pods/http_requests_total', 'pods/packets_per_second']);
  assert.ok(p.resources.some((r) => r.name === 'namespaces/packets_per_second' && !r.namespaced));
});

test('podSelectorOf() reads a Service map and a workload selector; none selects nothing', () => {
  assert.deepEqual(podSelectorOf({ selector: { app: 'x' } }), fromLabelSelectorObject({ matchLabels: { app: 'x' } }));
  assert.equal(podSelectorOf({}), undefined);
});

test('external metrics: ConfigMaps labelled metrics.skiff.io/external, their labels as series labels', async () => {
  const cm = (name: string, labels: Record<string, string>, data: Record<string, string>): ConfigMap => ({ metadata: { name, namespace: 'default', labels, creationTimestamp: '2026-12-01T09:00:00Z', managedFields: [{ manager: 'kubectl', time: '2026-12-01T09:30:00Z' }] }, data });
  const maps = [
    cm('queue-a', { 'metrics.skiff.io/external': 'true', queue: 'a' }, { queue_messages_ready: '30', note: 'not a number' }),
    cm('queue-b', { 'metrics.skiff.io/external': 'true', queue: 'b' }, { queue_messages_ready: '1k' }),
    cm('plain', { queue: 'c' }, { queue_messages_ready: '5' }),
  ];
  const p = externalMetricsProvider({ configMaps: () => maps });
  assert.deepEqual(p.resources.map((r) => r.name), ['queue_messages_ready']);
  const got = await p.handle({ ...req('queue_messages_ready', ''), verb: 'list', query: new URLSearchParams({ labelSelector: 'queue=b' }) });
  assert.deepEqual(got['items'], [{ metricName: 'queue_messages_ready', metricLabels: { queue: 'b' }, timestamp: '2026-12-01T09:30:00Z', value: '1k' }]);
  await assert.rejects(p.handle({ ...req('nope', ''), verb: 'list' }), /could not find the requested resource/);
});
