import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goFloat, renderResourceMetrics } from './resource-metrics.js';
import type { Summary } from './summary.js';

test('goFloat() prints as Go\'s FormatFloat(x, \'g\', -1, 64)', () => {
  const cases: [number, string][] = [
    [0, '0'], [1, '1'], [-1, '-1'], [10, '10'], [1000, '1000'], [123456, '123456'], [1e6, '1e+06'],
    [67108864, '6.7108864e+07'], [1624396248.3020916, '1.6243962483020916e+09'], [12.5, '12.5'], [0.0001, '0.0001'],
    [0.00001, '1e-05'], [1.5e21, '1.5e+21'], [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'],
  ];
  assert.deepEqual(cases.map(([x]) => goFloat(x)), cases.map(([, s]) => s));
});

const t = '2024-05-01T10:00:00.250Z';
const ms = Date.parse(t);
const summary: Summary = {
  node: { nodeName: 'n1', startTime: '2024-05-01T00:00:00Z', cpu: { time: t, usageNanoCores: 250_000_000, usageCoreNanoSeconds: 120_500_000_000 }, memory: { time: t, availableBytes: 900, usageBytes: 2_000_000, workingSetBytes: 1_500_000 } },
  pods: [
    {
      podRef: { name: 'web', namespace: 'prod', uid: 'u2' }, startTime: '2024-05-01T09:00:00Z',
      containers: [
        { name: 'b', startTime: '2024-05-01T09:00:01.500Z', cpu: { time: t, usageCoreNanoSeconds: 2e9 }, memory: { time: t, workingSetBytes: 1000 } },
        { name: 'a', startTime: '2024-05-01T09:00:01Z', cpu: { time: t, usageCoreNanoSeconds: 1e9 }, memory: { time: t, workingSetBytes: 67108864 } },
      ],
      cpu: { time: t, usageCoreNanoSeconds: 3e9 }, memory: { time: t, workingSetBytes: 67109864 },
    },
    {
      podRef: { name: 'api "x"', namespace: 'dev', uid: 'u1' }, startTime: '2024-05-01T09:30:00Z',
      // Sampled once, before its memory was read: no memory lines.
      containers: [{ name: 'a', startTime: '2024-05-01T09:30:00Z', cpu: { time: t, usageCoreNanoSeconds: 0 } }],
      cpu: { time: t, usageCoreNanoSeconds: 0 },
    },
  ],
};

test('renderResourceMetrics() writes upstream\'s families sorted by name, samples by labels, with millisecond timestamps', () => {
  assert.equal(renderResourceMetrics(summary), [
    '# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds',
    '# TYPE container_cpu_usage_seconds_total counter',
    `container_cpu_usage_seconds_total{container="a",namespace="dev",pod="api \\"x\\""} 0 ${ms}`,
    `container_cpu_usage_seconds_total{container="a",namespace="prod",pod="web"} 1 ${ms}`,
    `container_cpu_usage_seconds_total{container="b",namespace="prod",pod="web"} 2 ${ms}`,
    '# HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes',
    '# TYPE container_memory_working_set_bytes gauge',
    `container_memory_working_set_bytes{container="a",namespace="prod",pod="web"} 6.7108864e+07 ${ms}`,
    `container_memory_working_set_bytes{container="b",namespace="prod",pod="web"} 1000 ${ms}`,
    '# HELP container_start_time_seconds [STABLE] Start time of the container since unix epoch in seconds',
    '# TYPE container_start_time_seconds gauge',
    'container_start_time_seconds{container="a",namespace="dev",pod="api \\"x\\""} 1.7145558e+09',
    'container_start_time_seconds{container="a",namespace="prod",pod="web"} 1.714554001e+09',
    'container_start_time_seconds{container="b",namespace="prod",pod="web"} 1.7145540015e+09',
    '# HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds',
    '# TYPE node_cpu_usage_seconds_total counter',
    `node_cpu_usage_seconds_total 120.5 ${ms}`,
    '# HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes',
    '# TYPE node_memory_working_set_bytes gauge',
    `node_memory_working_set_bytes 1.5e+06 ${ms}`,
    '# HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod in core-seconds',
    '# TYPE pod_cpu_usage_seconds_total counter',
    `pod_cpu_usage_seconds_total{namespace="dev",pod="api \\"x\\""} 0 ${ms}`,
    `pod_cpu_usage_seconds_total{namespace="prod",pod="web"} 3 ${ms}`,
    '# HELP pod_memory_working_set_bytes [STABLE] Current working set of the pod in bytes',
    '# TYPE pod_memory_working_set_bytes gauge',
    `pod_memory_working_set_bytes{namespace="prod",pod="web"} 6.7109864e+07 ${ms}`,
    '# HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise',
    '# TYPE resource_scrape_error gauge',
    'resource_scrape_error 0',
    '# HELP scrape_error [ALPHA] (Deprecated since 1.29.0) 1 if there was an error while getting container metrics, 0 otherwise',
    '# TYPE scrape_error gauge',
    'scrape_error 0',
    '',
  ].join('\n'));
});

test('renderResourceMetrics() of a failed summary has only the scrape errors, at 1', () => {
  assert.equal(renderResourceMetrics(undefined), [
    '# HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise',
    '# TYPE resource_scrape_error gauge',
    'resource_scrape_error 1',
    '# HELP scrape_error [ALPHA] (Deprecated since 1.29.0) 1 if there was an error while getting container metrics, 0 otherwise',
    '# TYPE scrape_error gauge',
    'scrape_error 1',
    '',
  ].join('\n'));
});
