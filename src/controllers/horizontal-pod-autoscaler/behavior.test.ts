// Tables for normalization, ported from upstream horizontal_test.go: TestScalingWithRules (policies, periods,
// selectPolicy, min/max), TestNormalizeDesiredReplicasWithBehavior and TestNormalizeDesiredReplicas (stabilization
// windows and the recommendation history), TestConvertDesiredReplicasWithRules (no behavior).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2.js';
import {
  effectiveBehavior, limitByBehaviorRate, limitByRules, normalizeDesiredReplicas, normalizeDesiredReplicasWithBehaviors, scaleDownLimit, scaleUpLimit,
  stabilizeRecommendation, stabilizeRecommendationWithBehaviors,
} from './behavior.js';
import type { ScaleEvent, ScalingHistory, TimestampedRecommendation } from './scaling-history.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const empty: ScalingHistory = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };

/** upstream generateScalingRules: selectPolicy Max, a Pods and/or a Percent policy (0 = absent). */
function rules(pods: number, podsPeriod: number, percent: number, percentPeriod: number, stabilizationWindowSeconds: number): HPAScalingRules {
  const policies = [
    ...(pods !== 0 ? [{ type: 'Pods', value: pods, periodSeconds: podsPeriod }] : []),
    ...(percent !== 0 ? [{ type: 'Percent', value: percent, periodSeconds: percentPeriod }] : []),
  ];
  return { stabilizationWindowSeconds, selectPolicy: 'Max', ...(policies.length > 0 ? { policies } : {}) };
}

/** upstream generateEventsUniformDistribution: events spread over the last `periodSeconds`, one per segment centre. */
function spread(changes: number[], periodSeconds: number): ScaleEvent[] {
  const segment = periodSeconds / changes.length;
  return changes.map((replicaChange, i) => ({ replicaChange, outdated: false, timestampMs: NOW - Math.trunc(periodSeconds - segment * (i + 1) + segment / 2) * 1000 }));
}

interface RateRow { name: string; current: number; desired: number; min: number; max: number; up?: HPAScalingRules; down?: HPAScalingRules; upEvents?: ScaleEvent[]; downEvents?: ScaleEvent[]; want: number; reason: string }
const rateRows: RateRow[] = [
  { name: 'keeps a desired count within range', current: 5, desired: 7, min: 3, max: 8, want: 7, reason: 'DesiredWithinRange' },
  { name: 'raises a desired count below minReplicas', current: 3, desired: 1, min: 2, max: 8, want: 2, reason: 'TooFewReplicas' },
  { name: 'allows 0 when minReplicas is 0', current: 1, desired: 0, min: 0, max: 10, want: 0, reason: 'DesiredWithinRange' },
  { name: 'stops at maxReplicas when it is below the rate limit', current: 20, desired: 1000, min: 1, max: 10, want: 10, reason: 'TooManyReplicas' },
  { name: 'stops at maxReplicas', current: 100, desired: 1000, min: 100, max: 150, want: 150, reason: 'TooManyReplicas' },
  { name: 'stops at a user Percent policy below maxReplicas', current: 3, desired: 1000, min: 1, max: 2000, up: rules(0, 0, 1, 60, 0), want: 4, reason: 'ScaleUpLimit' },
  { name: 'stops at a user Pods policy above minReplicas on scale-down', current: 1000, desired: 3, min: 3, max: 2000, down: rules(20, 60, 0, 0, 0), want: 980, reason: 'ScaleDownLimit' },
  { name: 'scales up by the default behavior (max of +4 and +100 %)', current: 10, desired: 50, min: 1, max: 1000, want: 20, reason: 'ScaleUpLimit' },
  { name: 'takes the larger Pods policy (selectPolicy Max)', current: 10, desired: 500, min: 1, max: 1000, up: rules(100, 60, 100, 60, 0), want: 110, reason: 'ScaleUpLimit' },
  { name: 'takes the larger Percent policy (selectPolicy Max)', current: 10, desired: 500, min: 1, max: 1000, up: rules(2, 60, 100, 60, 0), want: 20, reason: 'ScaleUpLimit' },
  { name: 'reaches the desired count under a large Pods policy', current: 10, desired: 50, min: 1, max: 1000, up: rules(100, 60, 0, 0, 0), want: 50, reason: 'DesiredWithinRange' },
  { name: 'reaches the desired count under a very large Pods policy', current: 10, desired: 50, min: 1, max: 1000, up: rules(10000, 60, 0, 0, 0), want: 50, reason: 'DesiredWithinRange' },
  { name: 'stops at the Pods policy', current: 10, desired: 50, min: 1, max: 1000, up: rules(30, 60, 0, 0, 0), want: 40, reason: 'ScaleUpLimit' },
  { name: 'stops at the Percent policy', current: 10, desired: 50, min: 1, max: 1000, up: rules(0, 0, 200, 60, 0), want: 30, reason: 'ScaleUpLimit' },
  { name: 'scales down by the larger Pods policy (selectPolicy Max)', current: 100, desired: 2, min: 1, max: 1000, down: rules(20, 60, 1, 60, 300), want: 80, reason: 'ScaleDownLimit' },
  { name: 'scales down by the larger Percent policy (selectPolicy Max)', current: 100, desired: 2, min: 1, max: 1000, down: rules(2, 60, 1, 60, 300), want: 98, reason: 'ScaleDownLimit' },
  { name: 'stops at minReplicas under a large Pods policy', current: 10, desired: 0, min: 1, max: 1000, down: rules(100, 60, 0, 0, 300), want: 1, reason: 'TooFewReplicas' },
  { name: 'stops at minReplicas under a large Percent policy', current: 10, desired: 2, min: 5, max: 1000, down: rules(0, 0, 100, 60, 300), want: 5, reason: 'TooFewReplicas' },
  { name: 'stops at the Pods policy on scale-down', current: 10, desired: 2, min: 1, max: 1000, down: rules(5, 60, 0, 0, 300), want: 5, reason: 'ScaleDownLimit' },
  { name: 'reaches the desired count within the Percent policy on scale-down', current: 10, desired: 5, min: 1, max: 1000, down: rules(0, 0, 50, 60, 300), want: 5, reason: 'DesiredWithinRange' },
  { name: 'stops at maxReplicas under a large Pods policy with past events', current: 100, desired: 500, min: 1, max: 200, up: rules(300, 60, 0, 0, 0), upEvents: spread([1, 5, 9], 120), want: 200, reason: 'TooManyReplicas' },
  { name: 'stops at maxReplicas under a large Percent policy with past events', current: 100, desired: 500, min: 1, max: 200, up: rules(0, 0, 10000, 60, 0), upEvents: spread([1, 5, 9], 120), want: 200, reason: 'TooManyReplicas' },
  { name: 'does not scale up when past scale-ups used the whole period allowance', current: 100, desired: 500, min: 1, max: 1000, up: rules(5, 120, 0, 0, 0), upEvents: spread([1, 5, 9], 120), want: 100, reason: 'ScaleUpLimit' },
  { name: 'counts past scale-ups against a Pods policy period', current: 100, desired: 500, min: 1, max: 1000, up: rules(150, 120, 0, 0, 0), upEvents: spread([1, 5, 9], 120), want: 235, reason: 'ScaleUpLimit' },
  { name: 'counts past scale-ups against a Percent policy period', current: 100, desired: 500, min: 1, max: 1000, up: rules(0, 0, 200, 120, 0), upEvents: spread([1, 5, 9], 120), want: 255, reason: 'ScaleUpLimit' },
  { name: 'counts past scale-ups and scale-downs for the period start (up)', current: 6, desired: 24, min: 1, max: 1000, up: rules(0, 0, 300, 300, 0), upEvents: spread([4], 120), downEvents: spread([2], 120), want: 16, reason: 'ScaleUpLimit' },
  { name: 'ignores events older than the default 15 s period on scale-down', current: 10, desired: 5, min: 1, max: 1000, downEvents: spread([1, 5, 9], 120), want: 5, reason: 'DesiredWithinRange' },
  { name: 'stops at minReplicas with past scale-down events (Pods)', current: 100, desired: 0, min: 1, max: 1000, down: rules(115, 120, 0, 0, 300), downEvents: spread([1, 5, 9], 120), want: 1, reason: 'TooFewReplicas' },
  { name: 'stops at minReplicas 5 with past scale-down events (Pods)', current: 100, desired: 0, min: 5, max: 1000, down: rules(130, 120, 0, 0, 300), downEvents: spread([1, 5, 9], 120), want: 5, reason: 'TooFewReplicas' },
  { name: 'stops at minReplicas with past scale-down events (100 % Percent)', current: 100, desired: 2, min: 5, max: 1000, down: rules(0, 0, 100, 120, 300), downEvents: spread([1, 5, 9], 120), want: 5, reason: 'TooFewReplicas' },
  { name: 'does not scale down when past scale-downs used the Pods allowance', current: 100, desired: 2, min: 1, max: 1000, down: rules(5, 120, 0, 0, 300), downEvents: spread([1, 5, 9], 120), want: 100, reason: 'ScaleDownLimit' },
  { name: 'counts past scale-downs against a Percent policy period (truncating)', current: 100, desired: 0, min: 1, max: 1000, down: rules(0, 0, 50, 120, 300), downEvents: spread([2, 4, 6], 120), want: 56, reason: 'ScaleDownLimit' },
  { name: 'counts past scale-ups and scale-downs for the period start (down)', current: 10, desired: 1, min: 1, max: 1000, down: rules(0, 0, 50, 180, 0), upEvents: spread([2], 120), downEvents: spread([4], 120), want: 6, reason: 'ScaleDownLimit' },
  { name: 'never scales up on a scale-down when past events exceed the allowance', current: 100, desired: 0, min: 1, max: 1000, down: rules(0, 0, 10, 120, 300), downEvents: spread([10, 10, 10], 120), want: 100, reason: 'ScaleDownLimit' },
  { name: 'reaches the desired count when the policy allows going below zero', current: 10, desired: 5, min: 1, max: 1000, down: rules(0, 0, 1000, 120, 300), downEvents: spread([10, 10, 10], 120), want: 5, reason: 'DesiredWithinRange' },
  { name: 'reads only events inside a single policy period (up)', current: 100, desired: 200, min: 1, max: 1000, up: rules(1000, 60, 0, 0, 0), upEvents: spread([8, 12, 9, 11], 120), want: 200, reason: 'DesiredWithinRange' },
  { name: 'reads events inside each of two policy periods (up, 120 s and 60 s)', current: 100, desired: 200, min: 1, max: 1000, up: rules(1000, 120, 100, 60, 0), upEvents: spread([8, 12, 9, 11], 120), want: 200, reason: 'DesiredWithinRange' },
  { name: 'reads events inside each of two policy periods (up, 30 s and 60 s)', current: 100, desired: 200, min: 1, max: 1000, up: rules(1000, 30, 100, 60, 0), upEvents: spread([8, 12, 9, 11], 120), want: 200, reason: 'DesiredWithinRange' },
  { name: 'reads only events inside a single policy period (down)', current: 100, desired: 5, min: 1, max: 1000, down: rules(1000, 60, 0, 0, 300), downEvents: spread([8, 12, 9, 11], 120), want: 5, reason: 'DesiredWithinRange' },
  { name: 'reads events inside each of two policy periods (down, 120 s and 60 s)', current: 100, desired: 5, min: 1, max: 1000, down: rules(1000, 120, 100, 60, 300), downEvents: spread([8, 12, 9, 11], 120), want: 5, reason: 'DesiredWithinRange' },
  { name: 'reads events inside each of two policy periods (down, 30 s and 60 s)', current: 100, desired: 5, min: 1, max: 1000, down: rules(1000, 30, 100, 60, 300), downEvents: spread([8, 12, 9, 11], 120), want: 5, reason: 'DesiredWithinRange' },
];
for (const r of rateRows) {
  test(`limitByBehaviorRate() ${r.name}`, () => {
    const behavior = effectiveBehavior({ ...(r.up ? { scaleUp: r.up } : {}), ...(r.down ? { scaleDown: r.down } : {}) });
    const history = { recommendations: [], scaleUpEvents: r.upEvents ?? [], scaleDownEvents: r.downEvents ?? [] };
    const got = limitByBehaviorRate({ currentReplicas: r.current, desiredReplicas: r.desired, minReplicas: r.min, maxReplicas: r.max, history, nowMs: NOW }, behavior);
    assert.deepEqual({ replicas: got.replicas, reason: got.condition.reason }, { replicas: r.want, reason: r.reason });
  });
}

test('scaleUpLimit() and scaleDownLimit() take the smallest change with selectPolicy Min', () => {
  const both: HPAScalingRules = { selectPolicy: 'Min', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }] };
  assert.equal(scaleUpLimit(both, { currentReplicas: 1, scaleUpEvents: [], scaleDownEvents: [], nowMs: NOW }), 2);
  assert.equal(scaleDownLimit(both, { currentReplicas: 5, scaleUpEvents: [], scaleDownEvents: [], nowMs: NOW }), 3);
});

test('limitByBehaviorRate() holds the count in a direction whose selectPolicy is Disabled', () => {
  const behavior = effectiveBehavior({ scaleUp: { selectPolicy: 'Disabled' }, scaleDown: { selectPolicy: 'Disabled' } });
  const base = { currentReplicas: 5, minReplicas: 1, maxReplicas: 10, history: empty, nowMs: NOW };
  assert.deepEqual(limitByBehaviorRate({ ...base, desiredReplicas: 8 }, behavior).replicas, 5);
  assert.equal(limitByBehaviorRate({ ...base, desiredReplicas: 8 }, behavior).condition.reason, 'ScaleUpLimit');
  assert.equal(limitByBehaviorRate({ ...base, desiredReplicas: 2 }, behavior).replicas, 5);
  assert.equal(limitByBehaviorRate({ ...base, desiredReplicas: 2 }, behavior).condition.reason, 'ScaleDownLimit');
});

const rec = (recommendation: number, agoS: number): TimestampedRecommendation => ({ recommendation, timestampMs: NOW - agoS * 1000 });
interface StabilizeRow { name: string; recs: TimestampedRecommendation[]; current: number; desired: number; up?: number; down?: number; want: number; stored?: number[] }
const stabilizeRows: StabilizeRow[] = [
  { name: 'records the first recommendation when scaling down', recs: [], current: 100, desired: 5, want: 5, stored: [5] },
  { name: 'keeps the highest recommendation of the scale-down window', recs: [rec(4, 120), rec(5, 60)], current: 100, desired: 3, down: 180, want: 5, stored: [4, 5, 3] },
  { name: 'keeps the lowest recommendation of the scale-up window', recs: [rec(4, 120), rec(5, 60)], current: 1, desired: 7, up: 300, want: 4, stored: [4, 5, 7] },
  { name: 'scales down freely when only the scale-up window is set', recs: [rec(1, 120), rec(2, 60)], current: 100, desired: 3, up: 300, want: 3, stored: [1, 2, 3] },
  { name: 'scales up freely when only the scale-down window is set', recs: [rec(4, 120), rec(5, 60)], current: 1, desired: 3, down: 300, want: 3, stored: [4, 5, 3] },
  { name: 'reuses the last obsolete slot on scale-down', recs: [rec(10, 600), rec(9, 540)], current: 100, desired: 3, want: 3, stored: [10, 3] },
  { name: 'reuses the last obsolete slot on scale-up', recs: [rec(10, 600), rec(9, 540)], current: 1, desired: 100, want: 100, stored: [10, 100] },
  { name: 'reuses an obsolete slot amid current ones (scale-down window)', recs: [rec(10, 600), rec(4, 60), rec(5, 120), rec(9, 540)], current: 100, desired: 3, down: 180, want: 5, stored: [10, 4, 5, 3] },
  { name: 'reuses only slots obsolete for both windows (scale-up window)', recs: [rec(10, 6000), rec(6, 60), rec(5, 120), rec(9, 180)], current: 1, desired: 100, up: 300, want: 5, stored: [100, 6, 5, 9] },
  { name: 'does not scale up when the recommendation goes down within both windows', recs: [rec(2, 6000), rec(3, 180)], current: 2, desired: 1, up: 300, down: 300, want: 2 },
  { name: 'does not scale down when the recommendation goes up within both windows', recs: [rec(2, 6000), rec(1, 180)], current: 2, desired: 3, up: 300, down: 300, want: 2 },
];
for (const r of stabilizeRows) {
  test(`stabilizeRecommendationWithBehaviors() ${r.name}`, () => {
    // upstream's table gives both windows explicitly, 0 when unset.
    const behavior = effectiveBehavior({ scaleUp: { stabilizationWindowSeconds: r.up ?? 0 }, scaleDown: { stabilizationWindowSeconds: r.down ?? 0 } });
    const got = stabilizeRecommendationWithBehaviors({ currentReplicas: r.current, desiredReplicas: r.desired, minReplicas: 1, maxReplicas: 1000, history: { ...empty, recommendations: r.recs }, nowMs: NOW }, behavior);
    assert.equal(got.recommendation, r.want);
    if (r.stored) assert.deepEqual(got.recommendations, r.stored.map((n, i) => (r.recs[i]?.recommendation === n ? r.recs[i] : { recommendation: n, timestampMs: NOW })));
  });
}

const legacyRows: { name: string; recs: TimestampedRecommendation[]; desired: number; want: number; length: number }[] = [
  { name: 'records the first recommendation', recs: [], desired: 5, want: 5, length: 1 },
  { name: 'keeps the highest recommendation of the last 5 minutes', recs: [rec(4, 120), rec(5, 60)], desired: 3, want: 5, length: 3 },
  { name: 'follows a recommendation above the recent ones', recs: [rec(1, 120), rec(2, 60)], desired: 3, want: 3, length: 3 },
  { name: 'ignores recommendations older than the window and reuses a slot', recs: [rec(10, 600), rec(9, 540)], desired: 3, want: 3, length: 2 },
  { name: 'keeps the highest recent recommendation amid old ones', recs: [rec(10, 600), rec(4, 60), rec(5, 120), rec(9, 540)], desired: 3, want: 5, length: 4 },
];
for (const r of legacyRows) {
  test(`stabilizeRecommendation() ${r.name}`, () => {
    const got = stabilizeRecommendation({ currentReplicas: 10, desiredReplicas: r.desired, minReplicas: 1, maxReplicas: 100, history: { ...empty, recommendations: r.recs }, nowMs: NOW });
    assert.deepEqual({ want: got.recommendation, length: got.recommendations.length }, { want: r.want, length: r.length });
  });
}

const rulesRows: { name: string; current: number; desired: number; min: number; max: number; want: number; reason: string }[] = [
  { name: 'keeps a desired count within range', current: 5, desired: 7, min: 3, max: 8, want: 7, reason: 'DesiredWithinRange' },
  { name: 'raises a desired count below minReplicas', current: 3, desired: 1, min: 2, max: 8, want: 2, reason: 'TooFewReplicas' },
  { name: 'allows 0 within range when minReplicas is 0', current: 1, desired: 0, min: 0, max: 10, want: 0, reason: 'DesiredWithinRange' },
  { name: 'stops at maxReplicas below the scale-up limit', current: 20, desired: 1000, min: 1, max: 10, want: 10, reason: 'TooManyReplicas' },
  { name: 'stops at max(2 x current, 4) below maxReplicas', current: 3, desired: 1000, min: 1, max: 2000, want: 6, reason: 'ScaleUpLimit' },
  { name: 'allows 4 replicas from 1', current: 1, desired: 1000, min: 1, max: 2000, want: 4, reason: 'ScaleUpLimit' },
];
for (const r of rulesRows) {
  test(`limitByRules() ${r.name}`, () => {
    const got = limitByRules({ currentReplicas: r.current, desiredReplicas: r.desired, minReplicas: r.min, maxReplicas: r.max });
    assert.deepEqual({ replicas: got.replicas, reason: got.condition.reason }, { replicas: r.want, reason: r.reason });
  });
}

test('normalizeDesiredReplicas() applies the 300 s downscale window by default and says so', () => {
  const got = normalizeDesiredReplicas({ currentReplicas: 5, desiredReplicas: 2, minReplicas: 1, maxReplicas: 10, history: { ...empty, recommendations: [rec(5, 240)] }, nowMs: NOW });
  assert.equal(got.desiredReplicas, 5);
  assert.deepEqual(got.conditions.map((c) => [c.type, c.status, c.reason]), [['AbleToScale', 'True', 'ScaleDownStabilized'], ['ScalingLimited', 'False', 'DesiredWithinRange']]);
  const shorter = normalizeDesiredReplicas({ currentReplicas: 5, desiredReplicas: 2, minReplicas: 1, maxReplicas: 10, history: { ...empty, recommendations: [rec(5, 240)] }, nowMs: NOW }, { downscaleStabilizationWindowMs: 60_000 });
  assert.equal(shorter.desiredReplicas, 2);
  assert.deepEqual(shorter.conditions.map((c) => c.reason), ['ReadyForNewScale', 'DesiredWithinRange']);
});

test('normalizeDesiredReplicasWithBehaviors() takes an unset scale-down window from the controller option', () => {
  const input = { currentReplicas: 5, desiredReplicas: 2, minReplicas: 1, maxReplicas: 10, history: { ...empty, recommendations: [rec(5, 240)] }, nowMs: NOW, behavior: { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } };
  const held = normalizeDesiredReplicasWithBehaviors(input);
  assert.deepEqual({ replicas: held.desiredReplicas, reasons: held.conditions.map((c) => c.reason) }, { replicas: 5, reasons: ['ScaleDownStabilized', 'DesiredWithinRange'] });
  const limited = normalizeDesiredReplicasWithBehaviors(input, { downscaleStabilizationWindowMs: 60_000 });
  assert.deepEqual({ replicas: limited.desiredReplicas, reasons: limited.conditions.map((c) => [c.reason, c.status]) }, { replicas: 4, reasons: [['ReadyForNewScale', 'True'], ['ScaleDownLimit', 'True']] });
});

test('normalizeDesiredReplicasWithBehaviors() reports ScaleUpStabilized with the upstream message', () => {
  const got = normalizeDesiredReplicasWithBehaviors({ currentReplicas: 2, desiredReplicas: 6, minReplicas: 1, maxReplicas: 10, history: { ...empty, recommendations: [rec(3, 30)] }, nowMs: NOW, behavior: { scaleUp: { stabilizationWindowSeconds: 60 } } });
  assert.equal(got.desiredReplicas, 3);
  assert.deepEqual(got.conditions[0], { type: 'AbleToScale', status: 'True', reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' });
  assert.deepEqual(got.recommendations, [rec(3, 30), { recommendation: 6, timestampMs: NOW }]);
});
