// Event (events.k8s.io/v1): upstream strict validation of new-style events. Upstream validates the stored core
// Event, so error paths use core names (message, count, source, involvedObject) even for events.k8s.io requests.
import { invalid, isQualifiedName, required, root, validateObjectMeta, validateObjectMetaUpdate, type FieldError, type KindRules, type KubeObject } from '../../meta/index.js';
import { deepEqual, immutable, isRecord, rec, str } from '../../apps/v1/index.js';

const maxShortField = 128;
const maxNote = 1024;

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** upstream legacyValidateEvent (every event passes it), for an events.k8s.io request. */
function validateLegacy(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = str(rec(obj.metadata)['namespace']);
  const regardingNs = str(rec(obj['regarding'])['namespace']);
  const nsPath = root('involvedObject', 'namespace');
  if (!isSet(obj['eventTime'])) {
    if (regardingNs === '' ? ns !== '' && ns !== 'default' : ns !== regardingNs) errs.push(invalid(nsPath, regardingNs, 'does not match event.namespace'));
    return errs;
  }
  if (regardingNs === '' && ns !== 'default' && ns !== 'kube-system') errs.push(invalid(nsPath, regardingNs, 'does not match event.namespace'));
  const controller = str(obj['reportingController']);
  if (controller === '') errs.push(required(root('reportingController')));
  for (const m of isQualifiedName(controller)) errs.push(invalid(root('reportingController'), controller, m));
  for (const f of ['reportingInstance', 'action', 'reason']) {
    const v = str(obj[f]);
    if (v === '') errs.push(required(root(f)));
    if (v.length > maxShortField) errs.push(invalid(root(f), '', `can have at most ${maxShortField} characters`));
  }
  if (str(obj['note']).length > maxNote) errs.push(invalid(root('message'), '', `can have at most ${maxNote} characters`));
  return errs;
}

function validateSeries(obj: KubeObject): FieldError[] {
  const series = obj['series'];
  if (!isRecord(series)) return [];
  const errs: FieldError[] = [];
  const count = series['count'];
  if (typeof count !== 'number' || count < 2) errs.push(invalid(root('series.count'), '', 'should be at least 2'));
  if (!isSet(series['lastObservedTime'])) errs.push(required(root('series.lastObservedTime')));
  return errs;
}

function validateEvent(obj: KubeObject): FieldError[] {
  const errs = [...validateLegacy(obj), ...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateSeries(obj)];
  if (!isSet(obj['eventTime'])) errs.push(required(root('eventTime')));
  const type = str(obj['type']);
  if (type !== 'Normal' && type !== 'Warning') errs.push(invalid(root('type'), '', `has invalid value: ${type}`));
  for (const [f, core] of [['deprecatedFirstTimestamp', 'firstTimestamp'], ['deprecatedLastTimestamp', 'lastTimestamp'], ['deprecatedCount', 'count']] as const) {
    if (isSet(obj[f]) && obj[f] !== 0) errs.push(invalid(root(core), '', 'needs to be unset'));
  }
  const src = rec(obj['deprecatedSource']);
  if (isSet(src['component']) || isSet(src['host'])) errs.push(invalid(root('source'), '', 'needs to be unset'));
  return errs;
}

/** [events.k8s.io name, core name (the upstream error path)] of the fields an update may not change. */
const immutableFields = [
  ['regarding', 'involvedObject'], ['reason', 'reason'], ['note', 'message'], ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'], ['deprecatedLastTimestamp', 'lastTimestamp'], ['deprecatedCount', 'count'],
  ['type', 'type'], ['eventTime', 'eventTime'], ['action', 'action'], ['related', 'related'],
  ['reportingController', 'reportingController'], ['reportingInstance', 'reportingInstance'],
] as const;

function validateEventUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateLegacy(obj), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
  if (!deepEqual(obj['series'], old['series'])) errs.push(...validateSeries(obj));
  for (const [f, core] of immutableFields) errs.push(...immutable(obj[f], old[f], root(core)));
  return errs;
}

export const eventRules: KindRules = { validate: validateEvent, validateUpdate: validateEventUpdate };
