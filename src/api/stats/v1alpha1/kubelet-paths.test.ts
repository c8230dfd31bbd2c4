import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../errors.js';
import { customMetricsResponse, kubeletStatsPath, statsResponse } from './kubelet-paths.js';
import type { CustomMetricsSummary } from './custom.js';
import type { NodeStatsSource, Summary } from './summary.js';

const summary: Summary = { node: { nodeName: 'n1', startTime: '2024-05-01T00:00:00Z', memory: { time: '2024-05-01T10:00:00.000Z', workingSetBytes: 5 } }, pods: [] };
const source = (answer: () => Promise<Summary>): NodeStatsSource => ({ summary: answer });

test('kubeletStatsPath() names the three stats endpoints only', () => {
  assert.deepEqual(['/stats/summary', '/stats/summary/', '/metrics/resource', '/metrics/resource/', '/stats/custom', '/stats/custom/', '/stats', '/metrics', '/pods', '/', '/stats/summary/x', '/toString', '/__proto__'].map(kubeletStatsPath),
    ['summary', 'summary', 'resource-metrics', 'resource-metrics', 'custom', 'custom', undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
});

test('customMetricsResponse() answers the source\'s CustomMetricsSummary as JSON, and fails with its error', async () => {
  const custom: CustomMetricsSummary = { pods: [{ podRef: { name: 'web', namespace: 'default', uid: 'u1' }, time: '2024-05-01T10:00:00.000Z', samples: [{ name: 'up', labels: {}, value: 1, type: 'gauge' }] }] };
  assert.deepEqual(await customMetricsResponse({ customMetrics: async () => custom }), { contentType: 'application/json', body: JSON.stringify(custom, null, 1) });
  await assert.rejects(customMetricsResponse({ customMetrics: async () => { throw new ApiError(503, 'ServiceUnavailable', 'no route to host'); } }), (e: unknown) => e instanceof ApiError && e.code === 503);
});

test('statsResponse() answers the Summary as JSON and the resource metrics as Prometheus text', async () => {
  const ok = source(async () => summary);
  assert.deepEqual(await statsResponse('summary', ok), { contentType: 'application/json', body: JSON.stringify(summary, null, 1) });
  const metrics = await statsResponse('resource-metrics', ok);
  assert.equal(metrics.contentType, 'text/plain; version=0.0.4; charset=utf-8');
  assert.match(metrics.body, /^node_memory_working_set_bytes 5 1714557600000$/m);
  assert.match(metrics.body, /^resource_scrape_error 0$/m);
});

test('statsResponse() turns a failed measurement into resource_scrape_error 1, but passes an unreachable kubelet\'s ApiError on', async () => {
  const broken = source(async () => { throw new Error('cannot read the root cgroup'); });
  assert.match((await statsResponse('resource-metrics', broken)).body, /^resource_scrape_error 1$/m);
  await assert.rejects(statsResponse('summary', broken), /cannot read the root cgroup/);
  const unreachable = source(async () => { throw new ApiError(503, 'ServiceUnavailable', 'no route to host'); });
  await assert.rejects(statsResponse('resource-metrics', unreachable), (e: unknown) => e instanceof ApiError && e.code === 503);
});
