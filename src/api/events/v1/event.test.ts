import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from './conversion.js';
import { eventRules } from './event.js';

const eventMeta = { name: 'web-0.1798a7c0b3f1', namespace: 'default' };
const eventsV1: KubeObject = {
  apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: eventMeta,
  eventTime: '2026-11-22T11:30:00.000000Z', reportingController: 'statefulset-controller', reportingInstance: 'skiff-server',
  action: 'Create', reason: 'SuccessfulCreate', type: 'Normal', note: 'create Pod web-0 in StatefulSet web successful',
  regarding: { kind: 'StatefulSet', namespace: 'default', name: 'web', apiVersion: 'apps/v1' },
};

test('eventRules.validate() accepts a complete events.k8s.io event', () => {
  assert.deepEqual(eventRules.validate?.(eventsV1), []);
});

test('eventRules.validate() requires eventTime, reporting fields, action and reason, with core field paths', () => {
  const bad: KubeObject = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, type: 'Info', deprecatedCount: 3 };
  assert.deepEqual((eventRules.validate?.(bad) ?? []).map(errorString), [
    'eventTime: Required value',
    'type: Invalid value: "": has invalid value: Info',
    'count: Invalid value: "": needs to be unset',
  ]);
  const noReporting: KubeObject = { ...eventsV1, reportingController: 'bad controller!', reportingInstance: '', action: '', reason: 'x'.repeat(129) };
  assert.deepEqual((eventRules.validate?.(noReporting) ?? []).map(errorString), [
    `reportingController: Invalid value: "bad controller!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    'reportingInstance: Required value',
    'action: Required value',
    'reason: Invalid value: "": can have at most 128 characters',
  ]);
  assert.equal(errorString((eventRules.validate?.({ ...eventsV1, reportingController: '' }) ?? [])[0] ?? { type: 'InternalError', field: '' }), 'reportingController: Required value');
  assert.deepEqual((eventRules.validate?.({ ...eventsV1, note: 'x'.repeat(1025) }) ?? []).map(errorString), ['message: Invalid value: "": can have at most 1024 characters']);
  assert.deepEqual((eventRules.validate?.({ ...eventsV1, metadata: { name: 'e', namespace: 'apps' }, regarding: { kind: 'Node', name: 'n1' } }) ?? []).map(errorString), ['involvedObject.namespace: Invalid value: "": does not match event.namespace']);
});

test('eventRules.validateUpdate() allows series updates but not a new reason or note', () => {
  const series = { ...eventsV1, series: { count: 2, lastObservedTime: '2026-11-22T11:31:00.000000Z' } };
  assert.deepEqual(eventRules.validateUpdate?.(series, eventsV1), []);
  assert.deepEqual((eventRules.validateUpdate?.({ ...eventsV1, series: { count: 1 } }, eventsV1) ?? []).map(errorString), ['series.count: Invalid value: "": should be at least 2', 'series.lastObservedTime: Required value']);
  assert.deepEqual((eventRules.validateUpdate?.({ ...eventsV1, reason: 'Other', note: 'n' }, eventsV1) ?? []).map(errorString), ['reason: Invalid value: "Other": field is immutable', 'message: Invalid value: "n": field is immutable']);
});

test('eventsV1ToCoreEvent() and coreEventToEventsV1() rename fields both ways', () => {
  const core = eventsV1ToCoreEvent(eventsV1);
  assert.deepEqual(core, {
    apiVersion: 'v1', kind: 'Event', metadata: eventMeta,
    eventTime: '2026-11-22T11:30:00.000000Z', reportingComponent: 'statefulset-controller', reportingInstance: 'skiff-server',
    action: 'Create', reason: 'SuccessfulCreate', type: 'Normal', message: 'create Pod web-0 in StatefulSet web successful',
    involvedObject: { kind: 'StatefulSet', namespace: 'default', name: 'web', apiVersion: 'apps/v1' },
  });
  assert.deepEqual(coreEventToEventsV1(core), eventsV1);
  const legacy: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'x', namespace: 'default' }, count: 3, firstTimestamp: 'a', lastTimestamp: 'b', source: { component: 'kubelet' }, series: { count: 2, lastObservedTime: 'c', state: 'Ongoing' } };
  assert.deepEqual(coreEventToEventsV1(legacy), {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'x', namespace: 'default' },
    deprecatedCount: 3, deprecatedFirstTimestamp: 'a', deprecatedLastTimestamp: 'b', deprecatedSource: { component: 'kubelet' }, series: { count: 2, lastObservedTime: 'c' },
  });
});
