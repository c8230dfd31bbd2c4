import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../errors.js';
import { customMetricsResponse, kubeletStatsPath, statsResponse } from './kubelet-paths.js';
import type { CustomMetricsSummary } from './custom.js';
import type { NodeStatsSource, Summary } from './summary.js';

const summary: Summary = { node: { nodeName: 'n1', startTime: '2024-05-01T00:00:00Z', memory: { time: '2024-05-01T10:00:00.000Z', workingSetBytes: 5 } }, pods: [] };
const source = (answer: () => Promise<Summary>): NodeStatsSource => ({ summary: answer });

test('kubeletStatsPath() names the four stats endpoints only', () => {
  assert.deepEqual(['/stats/summary', '/stats/summary/', '/metrics/resource', '/metrics/resource/', '/stats/custom', '/stats/custom/', '/stats', '/metrics', '/metrics/', '/metrics/cadvisor', '/pods', '/', '/stats/summary/x', '/toString', '/__proto__'].map(kubeletStatsPath),
    ['summary', 'summary', 'resource-metrics', 'resource-metrics', 'custom', 'custom', undefined, 'metrics', 'metrics', undefined, undefined, undefined, undefined, undefined, undefined]);
});

test('statsResponse() answers /metrics with the volume stats gauges of the claims mounted on the node, each once', async () => {
  const volume = (pod: string, claim: string, used: number) => ({
    podRef: { name: pod, namespace: 'db', uid: pod }, startTime: '2024-05-01T00:00:00Z', containers: [],
    volume: [{ name: 'data', pvcRef: { name: claim, namespace: 'db' }, time: '2024-05-01T10:00:00.000Z', capacityBytes: 20971520, availableBytes: 20971520 - used, usedBytes: used, inodes: 5120, inodesFree: 5109, inodesUsed: 11 }, { name: 'scratch', time: '2024-05-01T10:00:00.000Z', capacityBytes: 1 }],
  });
  const body = (await statsResponse('metrics', source(async () => ({ ...summary, pods: [volume('web-1', 'data-web-1', 4096), volume('web-0', 'data-web-0', 1048576), volume('reader', 'data-web-0', 1048576)] })))).body;
  assert.equal(body, [
    '# HELP kubelet_volume_stats_available_bytes [ALPHA] Number of available bytes in the volume',
    '# TYPE kubelet_volume_stats_available_bytes gauge',
    'kubelet_volume_stats_available_bytes{namespace="db",persistentvolumeclaim="data-web-0"} 1.9922944e+07',
    'kubelet_volume_stats_available_bytes{namespace="db",persistentvolumeclaim="data-web-1"} 2.0967424e+07',
    '# HELP kubelet_volume_stats_capacity_bytes [ALPHA] Capacity in bytes of the volume',
    '# TYPE kubelet_volume_stats_capacity_bytes gauge',
    'kubelet_volume_stats_capacity_bytes{namespace="db",persistentvolumeclaim="data-web-0"} 2.097152e+07',
    'kubelet_volume_stats_capacity_bytes{namespace="db",persistentvolumeclaim="data-web-1"} 2.097152e+07',
    '# HELP kubelet_volume_stats_inodes [ALPHA] Maximum number of inodes in the volume',
    '# TYPE kubelet_volume_stats_inodes gauge',
    'kubelet_volume_stats_inodes{namespace="db",persistentvolumeclaim="data-web-0"} 5120',
    'kubelet_volume_stats_inodes{namespace="db",persistentvolumeclaim="data-web-1"} 5120',
    '# HELP kubelet_volume_stats_inodes_free [ALPHA] Number of free inodes in the volume',
    '# TYPE kubelet_volume_stats_inodes_free gauge',
    'kubelet_volume_stats_inodes_free{namespace="db",persistentvolumeclaim="data-web-0"} 5109',
    'kubelet_volume_stats_inodes_free{namespace="db",persistentvolumeclaim="data-web-1"} 5109',
    '# HELP kubelet_volume_stats_inodes_used [ALPHA] Number of used inodes in the volume',
    '# TYPE kubelet_volume_stats_inodes_used gauge',
    'kubelet_volume_stats_inodes_used{namespace="db",persistentvolumeclaim="data-web-0"} 11',
    'kubelet_volume_stats_inodes_used{namespace="db",persistentvolumeclaim="data-web-1"} 11',
    '# HELP kubelet_volume_stats_used_bytes [ALPHA] Number of used bytes in the volume',
    '# TYPE kubelet_volume_stats_used_bytes gauge',
    'kubelet_volume_stats_used_bytes{namespace="db",persistentvolumeclaim="data-web-0"} 1.048576e+06',
    'kubelet_volume_stats_used_bytes{namespace="db",persistentvolumeclaim="data-web-1"} 4096',
    '',
  ].join('\n'));
  assert.equal((await statsResponse('metrics', source(async () => summary))).body, '', 'no claims mounted: no samples');
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
