// Tables for the scale-event history, ported from upstream TestStoreScaleEvents: the change counted in a 60 s
// period before the store, and the events after it (outdated marking, slot reuse), for both directions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2.js';
import { recordRescale, replicasChangePerPeriod, storeScaleEvent, type ScaleEvent } from './scaling-history.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ev = (replicaChange: number, agoS: number, outdated = false): ScaleEvent => ({ replicaChange, timestampMs: NOW - agoS * 1000, outdated });
const rules = (pods: [number, number] | null, percent: [number, number] | null): HPAScalingRules => ({
  selectPolicy: 'Max',
  stabilizationWindowSeconds: 0,
  policies: [...(pods ? [{ type: 'Pods', value: pods[0], periodSeconds: pods[1] }] : []), ...(percent ? [{ type: 'Percent', value: percent[0], periodSeconds: percent[1] }] : [])],
});

const rows: { name: string; prev: ScaleEvent[]; rules?: HPAScalingRules; changeIn60s: number; want: [number, boolean][] }[] = [
  { name: 'stores nothing without behavior', prev: [], changeIn60s: 0, want: [] },
  { name: 'appends to an empty history with behavior', prev: [], rules: rules([10, 60], [100, 60]), changeIn60s: 0, want: [[5, false]] },
  { name: 'leaves an outdated entry alone without behavior', prev: [ev(7, 61)], changeIn60s: 0, want: [[7, false]] },
  { name: 'replaces an entry older than the longest period', prev: [ev(7, 61)], rules: rules([10, 60], [100, 60]), changeIn60s: 0, want: [[5, false]] },
  { name: 'keeps an entry inside the period and appends', prev: [ev(7, 58)], rules: rules([10, 60], [100, 60]), changeIn60s: 7, want: [[7, false], [5, false]] },
  { name: 'replaces the outdated one of two entries', prev: [ev(7, 61), ev(6, 59)], rules: rules([10, 60], null), changeIn60s: 6, want: [[5, false], [6, false]] },
  {
    name: 'marks every outdated entry and reuses the last one (periods 60 s and 30 s)',
    prev: [ev(8, 29), ev(6, 59), ev(7, 61), ev(9, 61)], rules: rules([10, 60], [100, 30]), changeIn60s: 14,
    want: [[8, false], [6, false], [7, true], [5, false]],
  },
  { name: 'appends when every entry is inside the longest period', prev: [ev(7, 58), ev(6, 59)], rules: rules([10, 120], [100, 30]), changeIn60s: 13, want: [[7, false], [6, false], [5, false]] },
];
for (const r of rows) {
  for (const direction of ['up', 'down'] as const) {
    test(`storeScaleEvent() ${r.name} (${direction})`, () => {
      assert.equal(replicasChangePerPeriod(60, r.prev, NOW), r.changeIn60s);
      const behavior = r.rules ? { scaleUp: r.rules, scaleDown: r.rules } : undefined;
      const history = { recommendations: [], scaleUpEvents: direction === 'up' ? r.prev : [], scaleDownEvents: direction === 'down' ? r.prev : [] };
      const next = recordRescale(history, behavior, { prev: 10, next: direction === 'up' ? 15 : 5, nowMs: NOW });
      const stored = direction === 'up' ? next.scaleUpEvents : next.scaleDownEvents;
      assert.deepEqual(stored.map((e) => [e.replicaChange, e.outdated]), r.want);
      assert.deepEqual(direction === 'up' ? next.scaleDownEvents : next.scaleUpEvents, []);
    });
  }
}

test('storeScaleEvent() stamps the new event with the current time and leaves its input alone', () => {
  const prev = Object.freeze([Object.freeze(ev(7, 61))]);
  const out = storeScaleEvent(prev, rules([1, 60], null), { replicaChange: 3, nowMs: NOW });
  assert.deepEqual(out, [{ replicaChange: 3, timestampMs: NOW, outdated: false }]);
  assert.deepEqual(prev, [ev(7, 61)]);
});
