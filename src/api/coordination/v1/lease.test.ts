import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { leaseRules } from './lease.js';

const lease = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1', namespace: 'kube-node-lease' }, spec });

test('leaseRules.validate() accepts a node heartbeat lease', () => {
  assert.deepEqual(leaseRules.validate?.(lease({ holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2026-11-22T11:30:00.000000Z' })), []);
});

test('leaseRules.validate() rejects non-positive durations and negative transitions', () => {
  assert.deepEqual((leaseRules.validate?.(lease({ leaseDurationSeconds: 0, leaseTransitions: -1 })) ?? []).map(errorString), [
    'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
  ]);
  assert.deepEqual((leaseRules.validate?.(lease({ preferredHolder: 'b' })) ?? []).map((e) => e.field), ['spec.strategy']);
});
