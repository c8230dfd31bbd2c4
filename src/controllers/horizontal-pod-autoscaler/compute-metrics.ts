// Every metric of an HPA together (upstream horizontal.go computeReplicasForMetrics and validateAndParseSelector):
// the target's selector checked, each metric evaluated, the largest proposal taken, and invalid metrics handled
// (all invalid, or any invalid while the valid ones would scale down: no count). Pure apart from the injected lookups.
import type { MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseLabelSelector, type LabelSelector } from '../../api/index.js';
import { hpaConditions, type HpaEvent, type WantedCondition } from './conditions.js';
import { computeReplicasForMetric } from './metric-status.js';
import type { MetricsSource, TargetPods } from './metrics-source.js';
import type { ReplicaCalculatorOptions } from './replica-calculator.js';

/** The target's scale subresource as read this sync. */
export interface ScaleState {
  readonly specReplicas: number;
  readonly statusReplicas: number;
  /** status.selector, the label selector string of the target's pods. */
  readonly selector: string;
}

export interface MetricsInput {
  readonly namespace: string;
  readonly metrics: readonly MetricSpec[];
  readonly scale: ScaleState;
  readonly nowMs: number;
}

export interface MetricsEnv {
  readonly source: MetricsSource;
  readonly pods: TargetPods;
  readonly options?: ReplicaCalculatorOptions;
}

export interface MetricsEvaluation {
  /** The largest proposal; undefined when the metrics give no count (upstream's -1). */
  readonly replicas: number | undefined;
  /** The metric behind `replicas`, as in "<name> above target" and ValidMetricFound's message. */
  readonly metricName: string;
  readonly timestampMs: number | undefined;
  /** One entry per metric spec, in order; a failed metric leaves an empty entry ({ type: '' }) as upstream does. */
  readonly statuses: MetricStatus[];
  /** ScalingActive: ValidMetricFound, or the first invalid metric's / the selector's reason. */
  readonly conditions: WantedCondition[];
  readonly events: HpaEvent[];
  /** "invalid metrics (n invalid out of m), first error is: ..." or the selector's error. */
  readonly error?: string;
}

type SelectorCheck = { selector: LabelSelector; pods: readonly Pod[] } | { problem: MetricsEvaluation };

function selectorProblem(eventReason: string, condition: WantedCondition, message: string): SelectorCheck {
  return { problem: { replicas: undefined, metricName: '', timestampMs: undefined, statuses: [], conditions: [condition], events: [{ type: 'Warning', reason: eventReason, message }], error: message } };
}

/** upstream validateAndParseSelector: a selector is required, must parse, and its pods must belong to this HPA alone. */
export function checkTargetSelector(selector: string, pods: TargetPods): SelectorCheck {
  if (selector === '') return selectorProblem('SelectorRequired', hpaConditions.missingSelector(), 'selector is required');
  let parsed: LabelSelector;
  try {
    parsed = parseLabelSelector(selector);
  } catch (err) {
    const message = `couldn't convert selector into a corresponding internal selector object: ${err instanceof Error ? err.message : String(err)}`;
    return selectorProblem('InvalidSelector', hpaConditions.badSelector('InvalidSelector', message), message);
  }
  const matched = pods.list(parsed);
  const hpas = [...pods.controllingHpas(matched)].sort();
  if (hpas.length > 1) {
    const message = `pods by selector ${selector} are controlled by multiple HPAs: [${hpas.join(' ')}]`;
    return selectorProblem('AmbiguousSelector', hpaConditions.badSelector('AmbiguousSelector', message), message);
  }
  return { selector: parsed, pods: matched };
}

/** upstream computeReplicasForMetrics. Lookups run one metric after the other, in spec order. */
export async function computeReplicasForMetrics(input: MetricsInput, env: MetricsEnv): Promise<MetricsEvaluation> {
  const target = checkTargetSelector(input.scale.selector, env.pods);
  if ('problem' in target) return target.problem;
  const ctx = {
    namespace: input.namespace, specReplicas: input.scale.specReplicas, statusReplicas: input.scale.statusReplicas,
    selector: target.selector, pods: target.pods, nowMs: input.nowMs, source: env.source, ...(env.options ? { options: env.options } : {}),
  };
  const statuses: MetricStatus[] = [];
  const events: HpaEvent[] = [];
  let replicas = 0;
  let metricName = '';
  let timestampMs: number | undefined;
  let invalid = 0;
  let firstInvalid: { condition: WantedCondition; error: string } | undefined;
  for (const spec of input.metrics) {
    const outcome = await computeReplicasForMetric(spec, ctx);
    if (!outcome.ok) {
      statuses.push({ type: '' });
      events.push(...outcome.events);
      firstInvalid ??= { condition: outcome.condition, error: outcome.error };
      invalid++;
      continue;
    }
    statuses.push(outcome.status);
    if (replicas === 0 || outcome.replicas > replicas) {
      replicas = outcome.replicas;
      metricName = outcome.metricName;
      timestampMs = outcome.timestampMs;
    }
  }
  const error = firstInvalid ? `invalid metrics (${invalid} invalid out of ${input.metrics.length}), first error is: ${firstInvalid.error}` : undefined;
  if (input.metrics.length === 0) {
    // Unreachable after API defaulting (an HPA without metrics gets cpu at 80 %); upstream would set an empty condition.
    return { replicas: undefined, metricName: '', timestampMs: undefined, statuses, conditions: [], events, error: 'the HPA has no metrics to scale on' };
  }
  // All invalid, or some invalid while the rest would scale down: a missing metric might have said otherwise.
  if (firstInvalid && (invalid >= input.metrics.length || replicas < input.scale.specReplicas)) {
    return { replicas: undefined, metricName: '', timestampMs: undefined, statuses, conditions: [firstInvalid.condition], events, ...(error ? { error } : {}) };
  }
  return { replicas, metricName, timestampMs, statuses, conditions: [hpaConditions.validMetricFound(metricName)], events, ...(error ? { error } : {}) };
}
