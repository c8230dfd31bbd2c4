import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeEventRecorder } from './index.js';

test('FakeEventRecorder.event() keeps "<Type> <Reason> <message>" lines and the records, in order', () => {
  const recorder = new FakeEventRecorder();
  const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' } };
  recorder.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer');
  recorder.event(claim, 'Warning', 'ProvisioningFailed', 'no volume plugin matched');
  assert.deepEqual(recorder.events, ['Normal WaitForFirstConsumer waiting for first consumer', 'Warning ProvisioningFailed no volume plugin matched']);
  assert.deepEqual(recorder.records.map((r) => [r.obj, r.type, r.reason]), [[claim, 'Normal', 'WaitForFirstConsumer'], [claim, 'Warning', 'ProvisioningFailed']]);
});
