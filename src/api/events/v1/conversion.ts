// core/v1 Event ⇔ events.k8s.io/v1 Event: both APIs serve the same stored (core) events; only field names differ.
import type { KubeObject } from '../../meta/index.js';

/** [events.k8s.io/v1 name, core/v1 name] for every renamed field. */
const renames: readonly (readonly [string, string])[] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
  ['reportingController', 'reportingComponent'],
];
const typeMeta = new Set(['apiVersion', 'kind']);

function rename(obj: KubeObject, pairs: readonly (readonly [string, string])[], apiVersion: string): KubeObject {
  const map = new Map(pairs);
  const out: KubeObject = { apiVersion, kind: 'Event' };
  for (const [k, v] of Object.entries(obj)) {
    if (typeMeta.has(k) || v === undefined) continue;
    out[map.get(k) ?? k] = structuredClone(v);
  }
  return out;
}

/** core/v1 (storage) → events.k8s.io/v1. Does not mutate its argument. */
export function coreEventToEventsV1(obj: KubeObject): KubeObject {
  const out = rename(obj, renames.map(([a, b]) => [b, a] as const), 'events.k8s.io/v1');
  // The core `series.state` field has no events.k8s.io counterpart.
  const series = out['series'];
  if (typeof series === 'object' && series !== null && !Array.isArray(series)) {
    const { state: _state, ...rest } = series as Record<string, unknown>;
    out['series'] = rest;
  }
  return out;
}

/** events.k8s.io/v1 → core/v1 (storage). Does not mutate its argument. */
export function eventsV1ToCoreEvent(obj: KubeObject): KubeObject {
  return rename(obj, renames, 'v1');
}
