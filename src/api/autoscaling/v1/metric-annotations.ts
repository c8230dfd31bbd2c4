// The legacy (v2beta1-like) metric shapes that autoscaling/v1 keeps in its autoscaling.alpha.kubernetes.io
// annotations, converted to and from the autoscaling/v2 MetricSpec/MetricStatus shapes.
import { rec } from '../../apps/v1/index.js';

type Obj = Record<string, unknown>;

/** Copies the defined entries of `from` (renamed by `pairs` [from, to]) into a new object. */
function pick(from: Obj, pairs: readonly (readonly [string, string])[]): Obj {
  const out: Obj = {};
  for (const [a, b] of pairs) if (from[a] !== undefined) out[b] = from[a];
  return out;
}

const sources = ['object', 'pods', 'resource', 'containerResource', 'external'] as const;

/** v2 MetricSpec → v1 annotation MetricSpec. */
export function metricSpecToV1(m: unknown): Obj {
  const spec = rec(m);
  const out: Obj = { type: spec['type'] };
  for (const s of sources) {
    const src = rec(spec[s]);
    if (spec[s] === undefined) continue;
    const metric = rec(src['metric']);
    const target = rec(src['target']);
    switch (s) {
      case 'object':
        out[s] = { target: src['describedObject'], ...pick(metric, [['name', 'metricName'], ['selector', 'selector']]), ...pick(target, [['value', 'targetValue'], ['averageValue', 'averageValue']]) };
        break;
      case 'pods':
        out[s] = { ...pick(metric, [['name', 'metricName'], ['selector', 'selector']]), ...pick(target, [['averageValue', 'targetAverageValue']]) };
        break;
      case 'external':
        out[s] = { ...pick(metric, [['name', 'metricName'], ['selector', 'metricSelector']]), ...pick(target, [['value', 'targetValue'], ['averageValue', 'targetAverageValue']]) };
        break;
      default:
        out[s] = { ...pick(src, [['name', 'name'], ['container', 'container']]), ...pick(target, [['averageUtilization', 'targetAverageUtilization'], ['averageValue', 'targetAverageValue']]) };
    }
  }
  return out;
}

/** v1 annotation MetricSpec → v2 MetricSpec (target types inferred as upstream does). */
export function metricSpecFromV1(m: unknown): Obj {
  const spec = rec(m);
  const out: Obj = { type: spec['type'] };
  for (const s of sources) {
    if (spec[s] === undefined) continue;
    const src = rec(spec[s]);
    const metric = pick(src, [['metricName', 'name'], [s === 'external' ? 'metricSelector' : 'selector', 'selector']]);
    switch (s) {
      case 'object':
        out[s] = { describedObject: src['target'], metric, target: { type: src['averageValue'] !== undefined ? 'AverageValue' : 'Value', ...pick(src, [['targetValue', 'value'], ['averageValue', 'averageValue']]) } };
        break;
      case 'pods':
        out[s] = { metric, target: { type: 'AverageValue', ...pick(src, [['targetAverageValue', 'averageValue']]) } };
        break;
      case 'external':
        out[s] = { metric, target: { type: src['targetAverageValue'] !== undefined ? 'AverageValue' : 'Value', ...pick(src, [['targetValue', 'value'], ['targetAverageValue', 'averageValue']]) } };
        break;
      default:
        out[s] = {
          ...pick(src, [['name', 'name'], ['container', 'container']]),
          target: { type: src['targetAverageUtilization'] !== undefined ? 'Utilization' : 'AverageValue', ...pick(src, [['targetAverageUtilization', 'averageUtilization'], ['targetAverageValue', 'averageValue']]) },
        };
    }
  }
  return out;
}

/** v2 MetricStatus → v1 annotation MetricStatus. */
export function metricStatusToV1(m: unknown): Obj {
  const st = rec(m);
  const out: Obj = { type: st['type'] };
  for (const s of sources) {
    if (st[s] === undefined) continue;
    const src = rec(st[s]);
    const metric = rec(src['metric']);
    const current = rec(src['current']);
    switch (s) {
      case 'object':
        out[s] = { target: src['describedObject'], ...pick(metric, [['name', 'metricName'], ['selector', 'selector']]), ...pick(current, [['value', 'currentValue'], ['averageValue', 'averageValue']]) };
        break;
      case 'pods':
        out[s] = { ...pick(metric, [['name', 'metricName'], ['selector', 'selector']]), ...pick(current, [['averageValue', 'currentAverageValue']]) };
        break;
      case 'external':
        out[s] = { ...pick(metric, [['name', 'metricName'], ['selector', 'metricSelector']]), ...pick(current, [['value', 'currentValue'], ['averageValue', 'currentAverageValue']]) };
        break;
      default:
        out[s] = { ...pick(src, [['name', 'name'], ['container', 'container']]), ...pick(current, [['averageUtilization', 'currentAverageUtilization'], ['averageValue', 'currentAverageValue']]) };
    }
  }
  return out;
}

/** v1 annotation MetricStatus → v2 MetricStatus. */
export function metricStatusFromV1(m: unknown): Obj {
  const st = rec(m);
  const out: Obj = { type: st['type'] };
  for (const s of sources) {
    if (st[s] === undefined) continue;
    const src = rec(st[s]);
    const metric = pick(src, [['metricName', 'name'], [s === 'external' ? 'metricSelector' : 'selector', 'selector']]);
    switch (s) {
      case 'object':
        out[s] = { describedObject: src['target'], metric, current: pick(src, [['currentValue', 'value'], ['averageValue', 'averageValue']]) };
        break;
      case 'pods':
        out[s] = { metric, current: pick(src, [['currentAverageValue', 'averageValue']]) };
        break;
      case 'external':
        out[s] = { metric, current: pick(src, [['currentValue', 'value'], ['currentAverageValue', 'averageValue']]) };
        break;
      default:
        out[s] = { ...pick(src, [['name', 'name'], ['container', 'container']]), current: pick(src, [['currentAverageUtilization', 'averageUtilization'], ['currentAverageValue', 'averageValue']]) };
    }
  }
  return out;
}
