// From the metrics' recommendation to the replica count to set (upstream horizontal.go normalizeDesiredReplicas
// and normalizeDesiredReplicasWithBehaviors): stabilization windows over past recommendations, scaling policies
// over past scale events, min/max replicas, and the AbleToScale / ScalingLimited conditions that explain it. Pure.
import type { HPAScalingRules, HorizontalPodAutoscalerBehavior } from 'kubernetes-types/autoscaling/v2.js';
import { defaultScaleDownRules, defaultScaleUpRules } from '../../api/autoscaling/v2/index.js';
import { hpaConditions, type WantedCondition } from './conditions.js';
import { replicasChangePerPeriod, reuseOrAppend, type ScaleEvent, type ScalingHistory, type TimestampedRecommendation } from './scaling-history.js';

/** --horizontal-pod-autoscaler-downscale-stabilization (upstream default 5 min). */
export const defaultDownscaleStabilizationWindowMs = 5 * 60_000;

const maxInt32 = 2 ** 31 - 1;
const minInt32 = -(2 ** 31);

export interface NormalizeInput {
  /** The target's spec.replicas. */
  readonly currentReplicas: number;
  /** The metrics' recommendation before any normalization. */
  readonly desiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly history: ScalingHistory;
  readonly nowMs: number;
}

export interface NormalizeOptions {
  readonly downscaleStabilizationWindowMs?: number;
}

export interface Normalized {
  readonly desiredReplicas: number;
  /** The recommendation history with this sync's unstabilized recommendation recorded. */
  readonly recommendations: TimestampedRecommendation[];
  /** AbleToScale then ScalingLimited, to set in this order. */
  readonly conditions: readonly WantedCondition[];
}

export interface EffectiveBehavior {
  readonly scaleUp: HPAScalingRules & { stabilizationWindowSeconds: number; selectPolicy: string };
  readonly scaleDown: HPAScalingRules & { stabilizationWindowSeconds: number; selectPolicy: string };
}

function fill(given: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  if (given === undefined) return defaults;
  return {
    ...defaults,
    ...(given.selectPolicy !== undefined ? { selectPolicy: given.selectPolicy } : {}),
    ...(given.stabilizationWindowSeconds !== undefined ? { stabilizationWindowSeconds: given.stabilizationWindowSeconds } : {}),
    ...(given.policies !== undefined ? { policies: given.policies } : {}),
  };
}

/**
 * The rules the controller applies (upstream GenerateHPAScale{Up,Down}Rules plus maybeInitScaleDownStabilizationWindow):
 * unset parts take the API defaults, and an unset scale-down window takes the controller's downscale window.
 */
export function effectiveBehavior(behavior: HorizontalPodAutoscalerBehavior, options?: NormalizeOptions): EffectiveBehavior {
  const up = fill(behavior.scaleUp, defaultScaleUpRules());
  const down = fill(behavior.scaleDown, defaultScaleDownRules());
  const downWindowS = Math.trunc((options?.downscaleStabilizationWindowMs ?? defaultDownscaleStabilizationWindowMs) / 1000);
  return {
    scaleUp: { ...up, stabilizationWindowSeconds: up.stabilizationWindowSeconds ?? 0, selectPolicy: up.selectPolicy ?? 'Max' },
    scaleDown: { ...down, stabilizationWindowSeconds: down.stabilizationWindowSeconds ?? downWindowS, selectPolicy: down.selectPolicy ?? 'Max' },
  };
}

/** upstream stabilizeRecommendation (no behavior): the highest recommendation within the downscale window. */
export function stabilizeRecommendation(input: NormalizeInput, options?: NormalizeOptions): { recommendation: number; recommendations: TimestampedRecommendation[] } {
  const cutoff = input.nowMs - (options?.downscaleStabilizationWindowMs ?? defaultDownscaleStabilizationWindowMs);
  let recommendation = input.desiredReplicas;
  for (const r of input.history.recommendations) if (r.timestampMs >= cutoff) recommendation = Math.max(recommendation, r.recommendation);
  const recommendations = reuseOrAppend(input.history.recommendations, (r) => r.timestampMs < cutoff, { recommendation: input.desiredReplicas, timestampMs: input.nowMs });
  return { recommendation, recommendations };
}

/**
 * upstream stabilizeRecommendationWithBehaviors: no higher than the lowest recommendation in the scale-up window,
 * no lower than the highest in the scale-down window; the current count when it lies between them.
 */
export function stabilizeRecommendationWithBehaviors(input: NormalizeInput, behavior: EffectiveBehavior): { recommendation: number; recommendations: TimestampedRecommendation[]; condition: WantedCondition } {
  const upCutoff = input.nowMs - behavior.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = input.nowMs - behavior.scaleDown.stabilizationWindowSeconds * 1000;
  let upRecommendation = input.desiredReplicas;
  let downRecommendation = input.desiredReplicas;
  for (const r of input.history.recommendations) {
    if (r.timestampMs > upCutoff) upRecommendation = Math.min(upRecommendation, r.recommendation);
    if (r.timestampMs > downCutoff) downRecommendation = Math.max(downRecommendation, r.recommendation);
  }
  const recommendation = Math.min(Math.max(input.currentReplicas, upRecommendation), downRecommendation);
  const recommendations = reuseOrAppend(
    input.history.recommendations,
    (r) => r.timestampMs < upCutoff && r.timestampMs < downCutoff,
    { recommendation: input.desiredReplicas, timestampMs: input.nowMs },
  );
  const condition = input.desiredReplicas >= input.currentReplicas ? hpaConditions.scaleUpStabilized() : hpaConditions.scaleDownStabilized();
  return { recommendation, recommendations, condition };
}

export interface Rates {
  readonly currentReplicas: number;
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
  readonly nowMs: number;
}

/** Replicas at the start of the policy's period: the changes made within it undone. */
function periodStart(periodSeconds: number, r: Rates): number {
  return r.currentReplicas - replicasChangePerPeriod(periodSeconds, r.scaleUpEvents, r.nowMs) + replicasChangePerPeriod(periodSeconds, r.scaleDownEvents, r.nowMs);
}

/**
 * upstream calculateScaleUpLimitWithScalingRules and calculateScaleDownLimitWithBehaviors: each policy proposes a
 * count from the start of its period; selectPolicy Max takes the largest change, Min the smallest, Disabled none.
 */
function policyLimit(rules: HPAScalingRules, rates: Rates, direction: 'up' | 'down'): number {
  if (rules.selectPolicy === 'Disabled') return rates.currentReplicas;
  const proposals = (rules.policies ?? []).map((p) => {
    const start = periodStart(p.periodSeconds, rates);
    if (p.type === 'Pods') return direction === 'up' ? start + p.value : start - p.value;
    // Up rounds up, or a small target could never grow; down truncates toward zero (Go's float to int32).
    return direction === 'up' ? Math.ceil(start * (1 + p.value / 100)) : Math.trunc(start * (1 - p.value / 100));
  });
  const highest = (direction === 'up') !== (rules.selectPolicy === 'Min');
  return highest ? Math.max(minInt32, ...proposals) : Math.min(maxInt32, ...proposals);
}

/** The most replicas the scale-up policies allow now. */
export const scaleUpLimit = (rules: HPAScalingRules, rates: Rates): number => policyLimit(rules, rates, 'up');

/** The fewest replicas the scale-down policies allow now. */
export const scaleDownLimit = (rules: HPAScalingRules, rates: Rates): number => policyLimit(rules, rates, 'down');

/** upstream convertDesiredReplicasWithBehaviorRate: the policies' limits and min/max, with the ScalingLimited reason. */
export function limitByBehaviorRate(input: NormalizeInput & { desiredReplicas: number }, behavior: EffectiveBehavior): { replicas: number; condition: WantedCondition } {
  const rates: Rates = { currentReplicas: input.currentReplicas, scaleUpEvents: input.history.scaleUpEvents, scaleDownEvents: input.history.scaleDownEvents, nowMs: input.nowMs };
  if (input.desiredReplicas > input.currentReplicas) {
    // Recent scale-ups may already use the whole allowance: never below the current count.
    const limit = Math.max(scaleUpLimit(behavior.scaleUp, rates), input.currentReplicas);
    const byRate = input.maxReplicas > limit;
    const allowed = byRate ? limit : input.maxReplicas;
    if (input.desiredReplicas > allowed) return { replicas: allowed, condition: byRate ? hpaConditions.scaleUpLimit() : hpaConditions.tooManyReplicas() };
  } else if (input.desiredReplicas < input.currentReplicas) {
    const limit = Math.min(scaleDownLimit(behavior.scaleDown, rates), input.currentReplicas);
    const byRate = input.minReplicas < limit;
    const allowed = byRate ? limit : input.minReplicas;
    if (input.desiredReplicas < allowed) return { replicas: allowed, condition: byRate ? hpaConditions.scaleDownLimit() : hpaConditions.tooFewReplicas() };
  }
  return { replicas: input.desiredReplicas, condition: hpaConditions.desiredWithinRange() };
}

/** upstream calculateScaleUpLimit: without behavior, at most double (and at least 4) per sync. */
export const legacyScaleUpLimit = (currentReplicas: number): number => Math.trunc(Math.max(2 * currentReplicas, 4));

/** upstream convertDesiredReplicasWithRules: min/max replicas and the legacy scale-up limit. */
export function limitByRules(input: { currentReplicas: number; desiredReplicas: number; minReplicas: number; maxReplicas: number }): { replicas: number; condition: WantedCondition } {
  const limit = legacyScaleUpLimit(input.currentReplicas);
  const byRate = input.maxReplicas > limit;
  const maximum = byRate ? limit : input.maxReplicas;
  if (input.desiredReplicas < input.minReplicas) return { replicas: input.minReplicas, condition: hpaConditions.tooFewReplicas() };
  if (input.desiredReplicas > maximum) return { replicas: maximum, condition: byRate ? hpaConditions.scaleUpLimit() : hpaConditions.tooManyReplicas() };
  return { replicas: input.desiredReplicas, condition: hpaConditions.desiredWithinRange() };
}

/** upstream normalizeDesiredReplicas: the HPA has no behavior. */
export function normalizeDesiredReplicas(input: NormalizeInput, options?: NormalizeOptions): Normalized {
  const { recommendation, recommendations } = stabilizeRecommendation(input, options);
  const able = recommendation !== input.desiredReplicas ? hpaConditions.scaleDownStabilized() : hpaConditions.readyForNewScale();
  const limited = limitByRules({ ...input, desiredReplicas: recommendation });
  return { desiredReplicas: limited.replicas, recommendations, conditions: [able, limited.condition] };
}

/** upstream normalizeDesiredReplicasWithBehaviors: stabilization windows, then the scaling policies. */
export function normalizeDesiredReplicasWithBehaviors(input: NormalizeInput & { behavior: HorizontalPodAutoscalerBehavior }, options?: NormalizeOptions): Normalized {
  const behavior = effectiveBehavior(input.behavior, options);
  const stabilized = stabilizeRecommendationWithBehaviors(input, behavior);
  const able = stabilized.recommendation !== input.desiredReplicas ? stabilized.condition : hpaConditions.readyForNewScale();
  const limited = limitByBehaviorRate({ ...input, desiredReplicas: stabilized.recommendation }, behavior);
  return { desiredReplicas: limited.replicas, recommendations: stabilized.recommendations, conditions: [able, limited.condition] };
}
