// State-in/state-out tables for one HPA sync (planSync + syncResult), ported from upstream horizontal_test.go's
// controller cases: the HPA, the target's scale, its pods and what the metrics APIs answer go in; the scale
// decision, conditions, events, currentMetrics and the sync's error come out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerBehavior, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { matchesLabels } from '../../api/index.js';
import { deepFreeze } from '../../util/index.js';
import { failedGetScale, planSync, syncResult, type ScaleOutcome, type SyncInput } from './control.js';
import type { MetricsSource, TargetPods } from './metrics-source.js';
import type { ScalingHistory } from './scaling-history.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const TS = NOW - 5_000;
const options = { tolerance: 0.1, cpuInitializationPeriodMs: 2 * 60_000, delayOfInitialReadinessStatusMs: 10_000 };
const emptyHistory: ScalingHistory = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };

const pod = (i: number, o: { request?: string | null; ready?: boolean; phase?: string } = {}): Pod => {
  const start = new Date(NOW - 180_000).toISOString();
  return {
    metadata: { name: `test-pod-${i}`, namespace: 'test-namespace', labels: { name: 'test-pod' } },
    spec: { containers: [{ name: 'container1', resources: o.request === null ? {} : { requests: { cpu: o.request ?? '1.0' } } }] },
    status: { phase: o.phase ?? 'Running', startTime: start, conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: start }] },
  };
};
const pods = (n: number, request = '1.0'): Pod[] => Array.from({ length: n }, (_, i) => pod(i, { request }));

const cpu = (target: number): MetricSpec => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } });
const podsQps = (averageValue: string): MetricSpec => ({ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue } } });
const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' };
const objectQps = (target: { type: 'Value'; value: string } | { type: 'AverageValue'; averageValue: string }): MetricSpec => ({ type: 'Object', object: { describedObject: deployment, metric: { name: 'qps' }, target } });
const externalQps = (target: { type: 'Value'; value: string } | { type: 'AverageValue'; averageValue: string }): MetricSpec => ({ type: 'External', external: { metric: { name: 'qps', selector: {} }, target } });
const emptySelectorText = '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}';

/** What the metrics APIs answer: per-pod values, a single value, series, or an error message to throw. */
interface Answers { cpu?: number[] | string; qps?: number[] | string; object?: number | string; external?: number[] | string }

function source(a: Answers, calls: string[]): MetricsSource {
  const perPod = (v: number[] | string | undefined) => {
    if (typeof v === 'string' || v === undefined) throw new Error(v ?? 'no answer configured');
    return { metrics: Object.fromEntries(v.map((value, i) => [`test-pod-${i}`, { value, timestampMs: TS, windowMs: 60_000 }])), timestampMs: TS };
  };
  return {
    getResourceMetric: (resource, q) => (calls.push(`resource ${resource}${q.container ? `/${q.container}` : ''}`), perPod(a.cpu)),
    getRawMetric: async (name) => (calls.push(`pods ${name}`), perPod(a.qps)),
    getObjectMetric: (name, q) => {
      calls.push(`object ${q.objectRef.kind}/${q.objectRef.name} ${name}`);
      if (typeof a.object !== 'number') throw new Error(a.object ?? 'no answer configured');
      return { value: a.object, timestampMs: TS };
    },
    getExternalMetric: (name) => {
      calls.push(`external ${name}`);
      if (typeof a.external === 'string' || a.external === undefined) throw new Error(a.external ?? 'no answer configured');
      return { values: a.external, timestampMs: TS };
    },
  };
}

const targetPods = (list: Pod[], otherHpas: string[] = []): TargetPods => ({
  list: (sel) => list.filter((p) => matchesLabels(sel, p.metadata?.labels)),
  controllingHpas: (matched) => (matched.length > 0 ? ['test-namespace/test-hpa', ...otherHpas] : ['test-namespace/test-hpa']),
});

interface Row {
  name: string;
  min?: number; max: number; spec: number; statusReplicas?: number; selector?: string;
  metrics: MetricSpec[]; behavior?: HorizontalPodAutoscalerBehavior;
  pods?: Pod[]; answers?: Answers; otherHpas?: string[];
  history?: ScalingHistory | 'first-sync';
  outcome?: ScaleOutcome;
  want: {
    desired: number; rescale: boolean; reason?: string;
    conditions: [string, string, string][];
    events?: [string, string, string][];
    currentMetrics?: MetricStatus[];
    error?: string;
    statusDesired?: number;
  };
}

const ok = (able: string, limited: string, metric = 'cpu resource utilization (percentage of request)'): [string, string, string][] => [
  ['AbleToScale', 'True', able], ['ScalingActive', 'True', `ValidMetricFound: the HPA was able to successfully calculate a replica count from ${metric}`], ['ScalingLimited', limited === 'DesiredWithinRange' ? 'False' : 'True', limited],
];
const rescaled = (n: number, reason: string): [string, string, string] => ['Normal', 'SuccessfulRescale', `New size: ${n}; reason: ${reason}`];
const cpuAbove = 'cpu resource utilization (percentage of request) above target';
const invalidCheddar = 'invalid metrics (1 invalid out of 2), first error is: unknown metric source type "CheddarCheese"';
const failedFor = 'failed to compute desired number of replicas based on listed metrics for ReplicationController/test-namespace/test-rc: ';
const noResourceMetrics = 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API';

const rows: Row[] = [
  {
    name: 'scales up on cpu utilization (TestScaleUp)', min: 2, max: 6, spec: 3, metrics: [cpu(30)], answers: { cpu: [300, 500, 700] },
    want: {
      desired: 5, rescale: true, reason: cpuAbove, conditions: ok('SucceededRescale', 'DesiredWithinRange'), events: [rescaled(5, cpuAbove)],
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: '500m' } } }],
    },
  },
  {
    name: 'scales up on one container (TestScaleUpContainer)', min: 2, max: 6, spec: 3,
    metrics: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'container1', target: { type: 'Utilization', averageUtilization: 30 } } }],
    answers: { cpu: [300, 500, 700] },
    want: {
      desired: 5, rescale: true, reason: 'cpu container resource utilization (percentage of request) above target',
      conditions: ok('SucceededRescale', 'DesiredWithinRange', 'cpu container resource utilization (percentage of request)'),
      currentMetrics: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'container1', current: { averageUtilization: 50, averageValue: '500m' } } }],
    },
  },
  {
    name: 'scales up on cpu average value', min: 2, max: 6, spec: 3,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '300m' } } }], answers: { cpu: [300, 500, 700] },
    want: { desired: 5, rescale: true, reason: 'cpu resource above target', conditions: ok('SucceededRescale', 'DesiredWithinRange', 'cpu resource'), currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '500m' } } }] },
  },
  {
    name: 'scales up on a Pods metric (TestScaleUpCM)', min: 2, max: 6, spec: 3, metrics: [podsQps('15.0')], answers: { qps: [20000, 10000, 30000] },
    want: {
      desired: 4, rescale: true, reason: 'pods metric qps above target', conditions: ok('SucceededRescale', 'DesiredWithinRange', 'pods metric qps'),
      events: [rescaled(4, 'pods metric qps above target')], currentMetrics: [{ type: 'Pods', pods: { metric: { name: 'qps' }, current: { averageValue: '20' } } }],
    },
  },
  {
    name: 'scales up on an Object Value metric (TestScaleUpCMObject)', min: 2, max: 6, spec: 3, metrics: [objectQps({ type: 'Value', value: '15.0' })], answers: { object: 20000 },
    want: {
      desired: 4, rescale: true, reason: 'Deployment metric qps above target', conditions: ok('SucceededRescale', 'DesiredWithinRange', 'Deployment metric qps'),
      currentMetrics: [{ type: 'Object', object: { describedObject: deployment, metric: { name: 'qps' }, current: { value: '20' } } }],
    },
  },
  {
    name: 'scales up on an Object AverageValue metric, keeping describedObject (TestScaleUpPerPodCMObject)', min: 2, max: 6, spec: 3,
    metrics: [objectQps({ type: 'AverageValue', averageValue: '5' })], answers: { object: 20000 },
    want: {
      desired: 4, rescale: true, reason: 'Deployment metric qps above target', conditions: ok('SucceededRescale', 'DesiredWithinRange', 'Deployment metric qps'),
      currentMetrics: [{ type: 'Object', object: { describedObject: deployment, metric: { name: 'qps' }, current: { averageValue: '6667m' } } }],
    },
  },
  {
    name: 'scales up on an External Value metric, naming it with its Go-printed selector (TestScaleUpCMExternal)', min: 2, max: 6, spec: 3,
    metrics: [externalQps({ type: 'Value', value: '6666m' })], answers: { external: [8600] },
    want: {
      desired: 4, rescale: true, reason: `external metric qps(${emptySelectorText}) above target`,
      conditions: ok('SucceededRescale', 'DesiredWithinRange', `external metric qps(${emptySelectorText})`),
      currentMetrics: [{ type: 'External', external: { metric: { name: 'qps', selector: {} }, current: { value: '8600m' } } }],
    },
  },
  {
    name: 'scales up on an External AverageValue metric (TestScaleUpPerPodCMExternal)', min: 2, max: 6, spec: 3,
    metrics: [externalQps({ type: 'AverageValue', averageValue: '2150m' })], answers: { external: [8600] },
    want: {
      desired: 4, rescale: true, reason: `external metric qps(${emptySelectorText}) above target`, conditions: ok('SucceededRescale', 'DesiredWithinRange', `external metric qps(${emptySelectorText})`),
      currentMetrics: [{ type: 'External', external: { metric: { name: 'qps', selector: {} }, current: { averageValue: '2867m' } } }],
    },
  },
  {
    name: 'scales down with an empty recommendation history (TestScaleDown)', min: 2, max: 6, spec: 5, metrics: [cpu(50)], answers: { cpu: [100, 300, 500, 250, 250] },
    want: { desired: 3, rescale: true, reason: 'All metrics below target', conditions: ok('SucceededRescale', 'DesiredWithinRange'), events: [rescaled(3, 'All metrics below target')] },
  },
  {
    name: 'does not scale down on the first sync: the current size is the first recommendation (TestScaleDownStabilizeInitialSize)',
    min: 2, max: 6, spec: 5, metrics: [cpu(50)], answers: { cpu: [100, 300, 500, 250, 250] }, history: 'first-sync',
    want: { desired: 5, rescale: false, reason: 'All metrics below target', conditions: ok('ScaleDownStabilized', 'DesiredWithinRange'), events: [] },
  },
  {
    name: 'scales down by the default scale-down policy when a behavior is set (TestScaleDownWithScalingRules)', min: 2, max: 6, spec: 5, metrics: [cpu(50)],
    behavior: { scaleUp: { stabilizationWindowSeconds: 30, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } },
    answers: { cpu: [100, 300, 500, 250, 250] },
    want: { desired: 3, rescale: true, reason: 'All metrics below target', conditions: ok('SucceededRescale', 'DesiredWithinRange') },
  },
  {
    name: 'keeps the size within tolerance (TestTolerance)', min: 1, max: 5, spec: 3, metrics: [cpu(100)], pods: [pod(0, { request: '0.9' }), pod(1), pod(2, { request: '1.1' })],
    answers: { cpu: [1010, 1030, 1020] },
    want: { desired: 3, rescale: false, conditions: ok('ReadyForNewScale', 'DesiredWithinRange'), events: [] },
  },
  {
    name: 'stops at minReplicas (TestMinReplicas)', min: 2, max: 5, spec: 3, metrics: [cpu(90)], pods: [pod(0, { request: '0.9' }), pod(1), pod(2, { request: '1.1' })],
    answers: { cpu: [10, 95, 10] },
    want: { desired: 2, rescale: true, reason: 'All metrics below target', conditions: ok('SucceededRescale', 'TooFewReplicas') },
  },
  {
    name: 'scales to zero with minReplicas 0 (TestZeroMinReplicasDesiredZero)', min: 0, max: 5, spec: 3, metrics: [cpu(90)], answers: { cpu: [0, 0, 0] },
    want: { desired: 0, rescale: true, reason: 'All metrics below target', conditions: ok('SucceededRescale', 'DesiredWithinRange') },
  },
  {
    name: 'scales an Object metric down to zero with minReplicas 0 (TestScaleDownToZeroCMObject)', min: 0, max: 6, spec: 5, metrics: [objectQps({ type: 'Value', value: '20.0' })],
    answers: { object: 0 },
    want: { desired: 0, rescale: true, reason: 'All metrics below target', conditions: ok('SucceededRescale', 'DesiredWithinRange', 'Deployment metric qps') },
  },
  {
    name: 'does not scale a target at zero replicas (TestZeroReplicas)', min: 3, max: 5, spec: 0, metrics: [cpu(90)], pods: [],
    want: { desired: 0, rescale: false, conditions: [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', 'ScalingDisabled: scaling is disabled since the replica count of the target is zero']], events: [], statusDesired: 0 },
  },
  {
    name: 'raises a target below minReplicas without reading metrics (TestTooFewReplicas)', min: 3, max: 5, spec: 2, metrics: [cpu(90)],
    want: { desired: 3, rescale: true, reason: 'Current number of replicas below Spec.MinReplicas', conditions: [['AbleToScale', 'True', 'SucceededRescale']], events: [rescaled(3, 'Current number of replicas below Spec.MinReplicas')] },
  },
  {
    name: 'lowers a target above maxReplicas without reading metrics (TestTooManyReplicas)', min: 3, max: 5, spec: 10, metrics: [cpu(90)],
    want: { desired: 5, rescale: true, reason: 'Current number of replicas above Spec.MaxReplicas', conditions: [['AbleToScale', 'True', 'SucceededRescale']] },
  },
  {
    name: 'caps a scale-up without behavior at max(2 x current, 4) (TestUpscaleCap)', min: 1, max: 100, spec: 3, metrics: [cpu(10)], pods: pods(3, '0.1'),
    answers: { cpu: [100, 200, 300] },
    want: { desired: 6, rescale: true, reason: cpuAbove, conditions: ok('SucceededRescale', 'ScaleUpLimit') },
  },
  {
    name: 'caps a scale-up at maxReplicas below the legacy cap', min: 1, max: 5, spec: 3, metrics: [cpu(10)], pods: pods(3, '0.1'), answers: { cpu: [100, 200, 300] },
    want: { desired: 5, rescale: true, reason: cpuAbove, conditions: ok('SucceededRescale', 'TooManyReplicas') },
  },
  {
    name: 'scales up on the valid metric when another is invalid, and still reports the error (TestScaleUpOneMetricInvalid)', min: 2, max: 6, spec: 3,
    metrics: [cpu(30), { type: 'CheddarCheese' }], answers: { cpu: [300, 400, 500] },
    want: {
      desired: 4, rescale: true, reason: cpuAbove, conditions: ok('SucceededRescale', 'DesiredWithinRange'),
      events: [['Warning', 'InvalidMetricSourceType', 'unknown metric source type "CheddarCheese"'], rescaled(4, cpuAbove)],
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40, averageValue: '400m' } } }, { type: '' }],
      error: invalidCheddar,
    },
  },
  {
    name: 'does not scale down while a metric is invalid (TestScaleDownOneMetricInvalid)', min: 2, max: 6, spec: 5, metrics: [cpu(50), { type: 'CheddarCheese' }],
    answers: { cpu: [100, 300, 500, 250, 250] },
    want: {
      desired: 5, rescale: false, statusDesired: 5,
      conditions: [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', 'InvalidMetricSourceType: the HPA was unable to compute the replica count: unknown metric source type "CheddarCheese"']],
      events: [['Warning', 'InvalidMetricSourceType', 'unknown metric source type "CheddarCheese"'], ['Warning', 'FailedComputeMetricsReplicas', invalidCheddar]],
      error: `${failedFor}${invalidCheddar}`,
    },
  },
  {
    name: 'reports an empty resource metrics API as upstream words it (TestEmptyMetrics)', min: 2, max: 6, spec: 4, metrics: [cpu(100)], answers: { cpu: 'no metrics returned from resource metrics API' },
    want: {
      desired: 4, rescale: false, statusDesired: 4,
      conditions: [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', `FailedGetResourceMetric: the HPA was unable to compute the replica count: ${noResourceMetrics}`]],
      events: [['Warning', 'FailedGetResourceMetric', noResourceMetrics], ['Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${noResourceMetrics}`]],
      error: `${failedFor}invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${noResourceMetrics}`,
    },
  },
  {
    name: 'names the container, not the resource, when a ContainerResource metric fails', min: 2, max: 6, spec: 3,
    metrics: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'container1', target: { type: 'Utilization', averageUtilization: 30 } } }],
    answers: { cpu: 'container container1 not present in metrics for pod test-namespace/test-pod-0' },
    want: {
      desired: 3, rescale: false,
      conditions: [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', 'FailedGetContainerResourceMetric: the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: container container1 not present in metrics for pod test-namespace/test-pod-0']],
      error: `${failedFor}invalid metrics (1 invalid out of 1), first error is: failed to get container1 container metric value: failed to get cpu utilization: unable to get metrics for resource cpu: container container1 not present in metrics for pod test-namespace/test-pod-0`,
    },
  },
  {
    name: 'reports a container without a cpu request (TestEmptyCPURequest)', min: 1, max: 5, spec: 1, metrics: [cpu(100)], pods: [pod(0, { request: null })], answers: { cpu: [200] },
    want: {
      desired: 1, rescale: false,
      conditions: [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', 'FailedGetResourceMetric: the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container container1 of Pod test-pod-0']],
      error: `${failedFor}invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: missing request for cpu in container container1 of Pod test-pod-0`,
    },
  },
  {
    name: 'reports a failing custom metrics API for a Pods metric (TestConditionFailedGetMetrics)', min: 1, max: 100, spec: 3, metrics: [podsQps('15.0')], answers: { qps: 'something went wrong' },
    want: { desired: 3, rescale: false, conditions: [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', 'FailedGetPodsMetric: the HPA was unable to compute the replica count: unable to get metric qps: something went wrong']],
      error: `${failedFor}invalid metrics (1 invalid out of 1), first error is: failed to get pods metric value: unable to get metric qps: something went wrong` },
  },
  {
    name: 'reports a failing custom metrics API for an Object metric (TestConditionFailedGetMetrics)', min: 1, max: 100, spec: 3, metrics: [objectQps({ type: 'Value', value: '15.0' })], answers: { object: 'something went wrong' },
    want: {
      desired: 3, rescale: false,
      conditions: [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', 'FailedGetObjectMetric: the HPA was unable to compute the replica count: unable to get metric qps: Deployment on test-namespace some-deployment/something went wrong']],
      error: `${failedFor}invalid metrics (1 invalid out of 1), first error is: failed to get object metric value: unable to get metric qps: Deployment on test-namespace some-deployment/something went wrong`,
    },
  },
  {
    name: 'reports a failing external metrics API (TestConditionFailedGetMetrics)', min: 1, max: 100, spec: 3, metrics: [externalQps({ type: 'Value', value: '300m' })], answers: { external: 'something went wrong' },
    want: {
      desired: 3, rescale: false,
      conditions: [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', `FailedGetExternalMetric: the HPA was unable to compute the replica count: unable to get external metric test-namespace/qps/${emptySelectorText}: something went wrong`]],
      error: `${failedFor}invalid metrics (1 invalid out of 1), first error is: failed to get qps external metric value: failed to get external metric qps: unable to get external metric test-namespace/qps/${emptySelectorText}: something went wrong`,
    },
  },
  {
    name: 'requires a selector on the target scale (TestConditionInvalidSelectorMissing)', min: 1, max: 100, spec: 3, selector: '', metrics: [cpu(10)], answers: { cpu: [100, 200, 300] },
    want: {
      desired: 3, rescale: false, conditions: [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', "InvalidSelector: the HPA target's scale is missing a selector"]],
      events: [['Warning', 'SelectorRequired', 'selector is required'], ['Warning', 'FailedComputeMetricsReplicas', 'selector is required']],
      error: `${failedFor}selector is required`,
    },
  },
  {
    name: 'refuses pods that another HPA also controls (TestConditionAmbiguousSelectorWhenFullSelectorOverlapBetweenHPAs)', min: 2, max: 6, spec: 3, metrics: [cpu(30)],
    answers: { cpu: [300, 500, 700] }, otherHpas: ['test-namespace/test-hpa-2'],
    want: {
      desired: 3, rescale: false,
      conditions: [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', 'AmbiguousSelector: pods by selector name=test-pod are controlled by multiple HPAs: [test-namespace/test-hpa test-namespace/test-hpa-2]']],
      error: `${failedFor}pods by selector name=test-pod are controlled by multiple HPAs: [test-namespace/test-hpa test-namespace/test-hpa-2]`,
    },
  },
  {
    name: 'reports a failed scale update (TestConditionFailedUpdateScale)', min: 1, max: 5, spec: 3, metrics: [cpu(100)], pods: pods(3, '0.1'), answers: { cpu: [150, 150, 150] },
    outcome: { kind: 'failed', error: 'something went wrong' },
    want: {
      desired: 5, rescale: true, reason: cpuAbove, statusDesired: 3,
      conditions: [['AbleToScale', 'False', 'FailedUpdateScale: the HPA controller was unable to update the target scale: something went wrong'], ...ok('', 'DesiredWithinRange').slice(1)],
      events: [['Warning', 'FailedRescale', `New size: 5; reason: ${cpuAbove}; error: something went wrong`]],
      error: 'failed to rescale ReplicationController/test-namespace/test-rc: something went wrong',
    },
  },
];

const reasonAndMessage = (reason: string, message: string): string => (/^(SucceededGetScale|SucceededRescale|ReadyForNewScale|ScaleDownStabilized|ScaleUpStabilized|DesiredWithinRange|TooFewReplicas|TooManyReplicas|ScaleUpLimit|ScaleDownLimit)$/.test(reason) ? reason : `${reason}: ${message}`);

function inputOf(r: Row): SyncInput {
  const hpa: HorizontalPodAutoscaler = {
    metadata: { name: 'test-hpa', namespace: 'test-namespace' },
    spec: { scaleTargetRef: { apiVersion: 'v1', kind: 'ReplicationController', name: 'test-rc' }, minReplicas: r.min ?? 1, maxReplicas: r.max, metrics: r.metrics, ...(r.behavior ? { behavior: r.behavior } : {}) },
    status: { currentReplicas: r.spec, desiredReplicas: r.spec },
  };
  return deepFreeze({
    hpa, scale: { specReplicas: r.spec, statusReplicas: r.statusReplicas ?? r.spec, selector: r.selector ?? 'name=test-pod' },
    history: r.history === 'first-sync' ? undefined : (r.history ?? emptyHistory), nowMs: NOW,
  });
}

for (const r of rows) {
  test(`planSync() ${r.name}`, async () => {
    const input = inputOf(r);
    const calls: string[] = [];
    const env = { source: source(r.answers ?? {}, calls), pods: targetPods(r.pods ?? pods(r.spec), r.otherHpas), options };
    const plan = await planSync(input, env);
    const outcome: ScaleOutcome = plan.rescale ? (r.outcome ?? { kind: 'rescaled' }) : { kind: 'none' };
    const result = syncResult(input, plan, outcome);
    assert.deepEqual({ desired: plan.desiredReplicas, rescale: plan.rescale, reason: plan.rescaleReason }, { desired: r.want.desired, rescale: r.want.rescale, reason: r.want.reason ?? '' });
    assert.deepEqual((result.status.conditions ?? []).map((c) => [c.type, c.status, reasonAndMessage(c.reason ?? '', c.message ?? '')]), r.want.conditions);
    if (r.want.events) assert.deepEqual(result.events.map((e) => [e.type, e.reason, e.message]), r.want.events);
    if (r.want.currentMetrics) assert.deepEqual(result.status.currentMetrics, r.want.currentMetrics);
    assert.equal(result.error, r.want.error);
    const statusDesired = r.want.statusDesired ?? (plan.rescale && outcome.kind === 'rescaled' ? r.want.desired : r.spec);
    assert.equal(result.status.desiredReplicas, statusDesired);
    assert.equal(result.status.currentReplicas, r.spec);
    assert.equal(result.status.lastScaleTime, outcome.kind === 'rescaled' ? '2026-03-01T12:00:00Z' : undefined);
    if (r.spec < (r.min ?? 1) || r.spec > r.max) assert.deepEqual(calls, [], 'no metrics are read outside min/max');
  });
}

test('planSync() and syncResult() carry the history: a Pods policy of 1 per minute holds the second scale-up', async () => {
  const behavior: HorizontalPodAutoscalerBehavior = { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
  const row: Row = { name: '', min: 1, max: 10, spec: 3, metrics: [cpu(30)], behavior, want: { desired: 0, rescale: false, conditions: [] } };
  const env = { source: source({ cpu: [300, 500, 700] }, []), pods: targetPods(pods(3)), options };
  const first = inputOf(row);
  const plan1 = await planSync(first, env);
  assert.deepEqual([plan1.desiredReplicas, plan1.conditions.find((c) => c.type === 'ScalingLimited')?.reason], [4, 'ScaleUpLimit']);
  const after1 = syncResult(first, plan1, { kind: 'rescaled' });
  assert.deepEqual(after1.history.scaleUpEvents, [{ replicaChange: 1, timestampMs: NOW, outdated: false }]);

  // Ten seconds later the target has 4 replicas and the metrics still ask for more.
  const second = deepFreeze({ ...first, hpa: { ...first.hpa, status: after1.status }, scale: { ...first.scale, specReplicas: 4, statusReplicas: 4 }, history: after1.history, nowMs: NOW + 10_000 });
  const env2 = { ...env, source: source({ cpu: [300, 500, 700, 700] }, []), pods: targetPods(pods(4)) };
  const plan2 = await planSync(second, env2);
  assert.deepEqual([plan2.rescale, plan2.desiredReplicas, plan2.conditions.find((c) => c.type === 'ScalingLimited')?.reason], [false, 4, 'ScaleUpLimit']);
  // A minute after the first scale-up the allowance is back.
  const third = deepFreeze({ ...second, nowMs: NOW + 61_000, history: syncResult(second, plan2, { kind: 'none' }).history });
  const plan3 = await planSync(third, env2);
  assert.deepEqual([plan3.rescale, plan3.desiredReplicas], [true, 5]);
});

test('planSync() keeps a condition\'s lastTransitionTime while its status stays the same', async () => {
  const input = inputOf({ name: '', min: 2, max: 6, spec: 3, metrics: [cpu(30)], want: { desired: 0, rescale: false, conditions: [] } });
  const earlier = '2026-02-01T00:00:00Z';
  const hpa = { ...input.hpa, status: { desiredReplicas: 3, conditions: [{ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'old', lastTransitionTime: earlier }, { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', lastTransitionTime: earlier }] } };
  const plan = await planSync({ ...input, hpa }, { source: source({ cpu: [300, 500, 700] }, []), pods: targetPods(pods(3)), options });
  assert.deepEqual(plan.conditions.map((c) => [c.type, c.lastTransitionTime]), [['ScalingActive', earlier], ['AbleToScale', '2026-03-01T12:00:00Z'], ['ScalingLimited', '2026-03-01T12:00:00Z']]);
});

test('failedGetScale() sets AbleToScale False and keeps the rest of the status (TestConditionFailedGetScale)', () => {
  const input = inputOf({ name: '', min: 1, max: 100, spec: 3, metrics: [cpu(10)], want: { desired: 0, rescale: false, conditions: [] } });
  const got = failedGetScale(input.hpa, 'something went wrong', NOW);
  assert.deepEqual(got, {
    status: {
      currentReplicas: 3, desiredReplicas: 3,
      conditions: [{ type: 'AbleToScale', status: 'False', lastTransitionTime: '2026-03-01T12:00:00Z', reason: 'FailedGetScale', message: "the HPA controller was unable to get the target's current scale: something went wrong" }],
    },
    events: [{ type: 'Warning', reason: 'FailedGetScale', message: 'something went wrong' }],
  });
});
