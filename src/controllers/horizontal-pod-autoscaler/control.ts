// One HPA sync as upstream reconcileAutoscaler decides it, split around the one write the shell makes: planSync()
// says whether and where to scale (disabled at zero, outside min/max, or by the metrics and normalization), and
// syncResult() builds the status, events and history once the scale write succeeded, failed or was not needed.
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerStatus, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import { rfc3339 } from '../../util/index.js';
import { effectiveBehavior, normalizeDesiredReplicas, normalizeDesiredReplicasWithBehaviors, type NormalizeOptions } from './behavior.js';
import { computeReplicasForMetrics, type MetricsEnv, type ScaleState } from './compute-metrics.js';
import { hpaConditions, setConditions, type HpaEvent, type WantedCondition } from './conditions.js';
import type { ReplicaCalculatorOptions } from './replica-calculator.js';
import { recordRescale, type ScalingHistory } from './scaling-history.js';

export type SyncOptions = ReplicaCalculatorOptions & NormalizeOptions;

export interface SyncInput {
  /** The HPA as read from the cache; never mutated. */
  readonly hpa: HorizontalPodAutoscaler;
  readonly scale: ScaleState;
  /** This HPA's history from earlier syncs; undefined on its first sync since the controller started. */
  readonly history: ScalingHistory | undefined;
  readonly nowMs: number;
}

export interface SyncEnv extends MetricsEnv {
  readonly options?: SyncOptions;
}

export interface SyncPlan {
  /** The target's spec.replicas. */
  readonly currentReplicas: number;
  /** The replica count to write to the target's scale when `rescale`. */
  readonly desiredReplicas: number;
  readonly rescale: boolean;
  /** For the SuccessfulRescale / FailedRescale event: "<metric> above target", "All metrics below target", ... */
  readonly rescaleReason: string;
  readonly conditions: HorizontalPodAutoscalerCondition[];
  readonly currentMetrics: MetricStatus[];
  /** Events to record whatever the outcome (failed metrics). */
  readonly events: HpaEvent[];
  readonly history: ScalingHistory;
  readonly metricTimestampMs?: number;
  /** The metrics gave no count: no scale write; the status is written and the sync retried with this error. */
  readonly metricsError?: string;
  /** Some metrics were invalid but the valid ones decided: the sync still returns this error after its writes. */
  readonly partialError?: string;
}

export type ScaleOutcome = { readonly kind: 'none' } | { readonly kind: 'rescaled' } | { readonly kind: 'failed'; readonly error: string };

export interface SyncResult {
  /** The new status; write it when it differs semantically from the old one (upstream updateStatusIfNeeded). */
  readonly status: HorizontalPodAutoscalerStatus;
  readonly events: HpaEvent[];
  readonly history: ScalingHistory;
  /** The sync's error: log it and requeue with backoff. */
  readonly error?: string;
}

const reference = (hpa: HorizontalPodAutoscaler): string => `${hpa.spec?.scaleTargetRef.kind ?? ''}/${hpa.metadata?.namespace ?? ''}/${hpa.spec?.scaleTargetRef.name ?? ''}`;

/** upstream recordInitialRecommendation: the first sync remembers the current count, so it cannot scale down at once. */
function initialHistory(history: ScalingHistory | undefined, currentReplicas: number, nowMs: number): ScalingHistory {
  return history ?? { recommendations: [{ recommendation: currentReplicas, timestampMs: nowMs }], scaleUpEvents: [], scaleDownEvents: [] };
}

/** Everything upstream reconcileAutoscaler decides before it updates the target's scale. */
export async function planSync(input: SyncInput, env: SyncEnv): Promise<SyncPlan> {
  const { hpa, nowMs } = input;
  const now = rfc3339(new Date(nowMs));
  const currentReplicas = input.scale.specReplicas;
  const minReplicas = hpa.spec?.minReplicas ?? 1;
  const maxReplicas = hpa.spec?.maxReplicas ?? 0;
  let history = initialHistory(input.history, currentReplicas, nowMs);
  const wanted: WantedCondition[] = [hpaConditions.succeededGetScale()];
  const base = { currentReplicas, history, currentMetrics: [] as MetricStatus[], events: [] as HpaEvent[] };
  const finish = (extra: Partial<SyncPlan> & { desiredReplicas: number; rescaleReason: string }): SyncPlan => ({
    ...base, history, rescale: extra.desiredReplicas !== currentReplicas, ...extra, conditions: setConditions(hpa.status?.conditions, wanted, now),
  });

  if (currentReplicas === 0 && minReplicas !== 0) {
    wanted.push(hpaConditions.scalingDisabled());
    return finish({ desiredReplicas: 0, rescaleReason: '', rescale: false });
  }
  if (currentReplicas > maxReplicas) return finish({ desiredReplicas: maxReplicas, rescaleReason: 'Current number of replicas above Spec.MaxReplicas' });
  if (currentReplicas < minReplicas) return finish({ desiredReplicas: minReplicas, rescaleReason: 'Current number of replicas below Spec.MinReplicas' });

  const evaluation = await computeReplicasForMetrics({ namespace: hpa.metadata?.namespace ?? '', metrics: hpa.spec?.metrics ?? [], scale: input.scale, nowMs }, env);
  wanted.push(...evaluation.conditions);
  const metrics = { currentMetrics: evaluation.statuses, events: evaluation.events, ...(evaluation.timestampMs !== undefined ? { metricTimestampMs: evaluation.timestampMs } : {}) };
  if (evaluation.replicas === undefined) {
    const metricsError = evaluation.error ?? '';
    return finish({ ...metrics, desiredReplicas: currentReplicas, rescaleReason: '', rescale: false, metricsError, events: [...evaluation.events, { type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: metricsError }] });
  }
  const proposed = evaluation.replicas;
  const rescaleReason = proposed > currentReplicas ? `${evaluation.metricName} above target` : proposed < currentReplicas ? 'All metrics below target' : '';
  const normalizeInput = { currentReplicas, desiredReplicas: proposed, minReplicas, maxReplicas, history, nowMs };
  const normalized = hpa.spec?.behavior === undefined
    ? normalizeDesiredReplicas(normalizeInput, env.options)
    : normalizeDesiredReplicasWithBehaviors({ ...normalizeInput, behavior: hpa.spec.behavior }, env.options);
  wanted.push(...normalized.conditions);
  history = { ...history, recommendations: normalized.recommendations };
  return finish({ ...metrics, desiredReplicas: normalized.desiredReplicas, rescaleReason, ...(evaluation.error !== undefined ? { partialError: evaluation.error } : {}) });
}

/** upstream setStatus / setCurrentReplicasAndMetricsInStatus: observedGeneration is not kept (upstream rebuilds the status without it). */
function status(hpa: HorizontalPodAutoscaler, plan: SyncPlan, fields: { desiredReplicas: number; lastScaleTime: string | undefined; conditions: HorizontalPodAutoscalerCondition[] }): HorizontalPodAutoscalerStatus {
  return {
    currentReplicas: plan.currentReplicas,
    desiredReplicas: fields.desiredReplicas,
    ...(fields.lastScaleTime !== undefined ? { lastScaleTime: fields.lastScaleTime } : {}),
    ...(plan.currentMetrics.length > 0 ? { currentMetrics: plan.currentMetrics } : {}),
    ...(fields.conditions.length > 0 ? { conditions: fields.conditions } : {}),
  };
}

/** The rest of upstream reconcileAutoscaler, given what happened to the scale write `plan` asked for. */
export function syncResult(input: SyncInput, plan: SyncPlan, outcome: ScaleOutcome): SyncResult {
  const { hpa } = input;
  const now = rfc3339(new Date(input.nowMs));
  const oldDesired = hpa.status?.desiredReplicas ?? 0;
  const oldScaleTime = hpa.status?.lastScaleTime;
  if (plan.metricsError !== undefined) {
    return {
      status: status(hpa, plan, { desiredReplicas: oldDesired, lastScaleTime: oldScaleTime, conditions: plan.conditions }),
      events: plan.events, history: plan.history,
      error: `failed to compute desired number of replicas based on listed metrics for ${reference(hpa)}: ${plan.metricsError}`,
    };
  }
  const partial = plan.partialError !== undefined ? { error: plan.partialError } : {};
  switch (outcome.kind) {
    case 'none':
      return { status: status(hpa, plan, { desiredReplicas: plan.currentReplicas, lastScaleTime: oldScaleTime, conditions: plan.conditions }), events: plan.events, history: plan.history, ...partial };
    case 'rescaled': {
      const conditions = setConditions(plan.conditions, [hpaConditions.succeededRescale(plan.desiredReplicas)], now);
      const behavior = hpa.spec?.behavior === undefined ? undefined : effectiveBehavior(hpa.spec.behavior);
      return {
        status: status(hpa, plan, { desiredReplicas: plan.desiredReplicas, lastScaleTime: now, conditions }),
        events: [...plan.events, { type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${plan.desiredReplicas}; reason: ${plan.rescaleReason}` }],
        history: recordRescale(plan.history, behavior, { prev: plan.currentReplicas, next: plan.desiredReplicas, nowMs: input.nowMs }),
        ...partial,
      };
    }
    case 'failed': {
      const conditions = setConditions(plan.conditions, [hpaConditions.failedUpdateScale(outcome.error)], now);
      return {
        status: status(hpa, plan, { desiredReplicas: oldDesired, lastScaleTime: oldScaleTime, conditions }),
        events: [...plan.events, { type: 'Warning', reason: 'FailedRescale', message: `New size: ${plan.desiredReplicas}; reason: ${plan.rescaleReason}; error: ${outcome.error}` }],
        history: plan.history,
        error: `failed to rescale ${reference(hpa)}: ${outcome.error}`,
      };
    }
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

/** upstream's answer when the target's scale cannot be read: the AbleToScale condition and a FailedGetScale event. */
export function failedGetScale(hpa: HorizontalPodAutoscaler, error: string, nowMs: number): { status: HorizontalPodAutoscalerStatus; events: HpaEvent[] } {
  const conditions = setConditions(hpa.status?.conditions, [hpaConditions.failedGetScale(error)], rfc3339(new Date(nowMs)));
  return { status: { ...(hpa.status ?? { desiredReplicas: 0 }), conditions }, events: [{ type: 'Warning', reason: 'FailedGetScale', message: error }] };
}
