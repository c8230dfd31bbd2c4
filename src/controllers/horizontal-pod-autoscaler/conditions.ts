// HorizontalPodAutoscaler status conditions and events: upstream's reasons and messages (horizontal.go), and
// setConditionInList (a new lastTransitionTime only when the status changes). Pure.
import type { HorizontalPodAutoscalerCondition } from 'kubernetes-types/autoscaling/v2.js';

export type HpaConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

/** A condition to set, without its transition time. */
export interface WantedCondition {
  readonly type: HpaConditionType;
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
}

/** An Event for the shell to record on the HPA (source component "horizontal-pod-autoscaler"). */
export interface HpaEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

const able = (status: 'True' | 'False', reason: string, message: string): WantedCondition => ({ type: 'AbleToScale', status, reason, message });
const active = (status: 'True' | 'False', reason: string, message: string): WantedCondition => ({ type: 'ScalingActive', status, reason, message });
const limited = (status: 'True' | 'False', reason: string, message: string): WantedCondition => ({ type: 'ScalingLimited', status, reason, message });

/** The conditions upstream sets, by reason. */
export const hpaConditions = {
  succeededGetScale: () => able('True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale"),
  failedGetScale: (err: string) => able('False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${err}`),
  readyForNewScale: () => able('True', 'ReadyForNewScale', 'recommended size matches current size'),
  scaleUpStabilized: () => able('True', 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation'),
  scaleDownStabilized: () => able('True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation'),
  succeededRescale: (replicas: number) => able('True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${replicas}`),
  failedUpdateScale: (err: string) => able('False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${err}`),
  scalingDisabled: () => active('False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero'),
  validMetricFound: (metric: string) => active('True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`),
  /** FailedGetResourceMetric, FailedGetContainerResourceMetric, FailedGetPodsMetric, FailedGetObjectMetric, FailedGetExternalMetric, InvalidMetricSourceType. */
  unableToCompute: (reason: string, err: string) => active('False', reason, `the HPA was unable to compute the replica count: ${err}`),
  missingSelector: () => active('False', 'InvalidSelector', "the HPA target's scale is missing a selector"),
  /** InvalidSelector (unparsable) and AmbiguousSelector carry the event's message. */
  badSelector: (reason: 'InvalidSelector' | 'AmbiguousSelector', message: string) => active('False', reason, message),
  desiredWithinRange: () => limited('False', 'DesiredWithinRange', 'the desired count is within the acceptable range'),
  tooManyReplicas: () => limited('True', 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'),
  tooFewReplicas: () => limited('True', 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'),
  scaleUpLimit: () => limited('True', 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'),
  scaleDownLimit: () => limited('True', 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate'),
} as const;

/**
 * upstream setConditionInList: replaces the condition of the same type (appends it when absent) and stamps
 * lastTransitionTime only when the status changes. Returns a new list; `list` is not mutated.
 */
export function setCondition(list: readonly HorizontalPodAutoscalerCondition[] | undefined, want: WantedCondition, nowIso: string): HorizontalPodAutoscalerCondition[] {
  const out = [...(list ?? [])];
  const i = out.findIndex((c) => c.type === want.type);
  const existing = i >= 0 ? out[i] : undefined;
  const lastTransitionTime = existing?.status === want.status ? existing.lastTransitionTime : nowIso;
  const next: HorizontalPodAutoscalerCondition = {
    type: want.type, status: want.status, ...(lastTransitionTime !== undefined ? { lastTransitionTime } : {}), reason: want.reason, message: want.message,
  };
  if (i >= 0) out[i] = next;
  else out.push(next);
  return out;
}

/** Applies several conditions in order (later ones of the same type win, as repeated upstream setCondition calls). */
export function setConditions(list: readonly HorizontalPodAutoscalerCondition[] | undefined, wants: readonly WantedCondition[], nowIso: string): HorizontalPodAutoscalerCondition[] {
  return wants.reduce<HorizontalPodAutoscalerCondition[]>((acc, w) => setCondition(acc, w, nowIso), [...(list ?? [])]);
}
