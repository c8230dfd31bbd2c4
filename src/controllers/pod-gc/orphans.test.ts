import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { orphanedStatus } from './orphans.js';

const now = '2026-01-01T00:00:00Z';
const pod = (phase: string, conditions: { type: string; status: string }[] = []): Pod => ({ metadata: { name: 'p' }, spec: { nodeName: 'gone', containers: [] }, status: { phase, conditions } });

test('orphanedStatus() fails a running pod with DisruptionTarget DeletionByPodGC, replacing an older DisruptionTarget', () => {
  assert.deepEqual(orphanedStatus(pod('Running', [{ type: 'Ready', status: 'True' }, { type: 'DisruptionTarget', status: 'False' }]), now), {
    phase: 'Failed',
    conditions: [{ type: 'Ready', status: 'True' }, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: now }],
  });
  assert.equal(orphanedStatus(pod('Pending'), now)?.phase, 'Failed');
});

test('orphanedStatus() leaves a finished pod as it is', () => {
  assert.equal(orphanedStatus(pod('Succeeded'), now), undefined);
  assert.equal(orphanedStatus(pod('Failed'), now), undefined);
});
