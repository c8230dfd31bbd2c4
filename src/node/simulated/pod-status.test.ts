import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { containerCreatingStatus, decidePodAction, runningStatus } from './pod-status.js';

const t0 = Date.UTC(2026, 10, 22, 10);
const pod = (o: { phase?: string; ready?: boolean; started?: number; annotations?: Record<string, string>; deleting?: boolean; delay?: number } = {}): Pod => ({
  metadata: { name: 'p', uid: 'u', ...(o.annotations ? { annotations: o.annotations } : {}), ...(o.deleting ? { deletionTimestamp: '2026-11-22T10:00:00Z' } : {}) },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox', ...(o.delay ? { readinessProbe: { initialDelaySeconds: o.delay, exec: { command: ['true'] } } } : {}) }] },
  status: {
    phase: o.phase ?? 'Pending',
    ...(o.started !== undefined ? { startTime: new Date(o.started).toISOString() } : {}),
    ...(o.ready !== undefined ? { conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False' }] } : {}),
  },
});

test('decidePodAction() walks the kubelet sequence', () => {
  const opts = { nowMs: t0, defaultReadyMs: 0 };
  assert.deepEqual(decidePodAction(pod(), opts), { kind: 'create' });
  const creating = { ...pod(), status: containerCreatingStatus(pod(), { now: '2026-11-22T10:00:00Z', hostIP: '10.41.0.1' }) };
  assert.equal(creating.status.phase, 'Pending');
  assert.deepEqual(creating.status.containerStatuses!.map((c) => c.state), [{ waiting: { reason: 'ContainerCreating' } }]);
  assert.deepEqual(decidePodAction(creating, opts), { kind: 'start' });
  assert.deepEqual(decidePodAction(pod({ annotations: { 'skiff.io/simulate-phase': 'Failed' } }), opts), { kind: 'fail' });
  assert.deepEqual(decidePodAction(pod({ phase: 'Running', ready: true }), opts), { kind: 'none' });
  assert.deepEqual(decidePodAction(pod({ phase: 'Running', ready: false, started: t0 - 1000, delay: 3 }), opts), { kind: 'wait', ms: 2000 });
  assert.deepEqual(decidePodAction(pod({ phase: 'Running', ready: false, started: t0 - 5000, delay: 3 }), opts), { kind: 'ready' });
  assert.deepEqual(decidePodAction(pod({ phase: 'Running', ready: false, annotations: { 'skiff.io/simulate-ready': 'false' } }), opts), { kind: 'none' });
  assert.deepEqual(decidePodAction(pod({ phase: 'Running', ready: true, deleting: true }), opts), { kind: 'delete' });
  assert.deepEqual(decidePodAction(pod({ phase: 'Failed' }), opts), { kind: 'none' });
});

test('decidePodAction() stops a running pod stopMs after the deletion was seen, within the grace period', () => {
  const deleting = (grace: number, phase = 'Running'): Pod => ({
    metadata: { name: 'p', uid: 'u', deletionGracePeriodSeconds: grace, deletionTimestamp: new Date(t0 + grace * 1000).toISOString() },
    spec: { containers: [{ name: 'c' }] }, status: { phase },
  });
  const at = (nowMs: number) => ({ nowMs, defaultReadyMs: 0, stopMs: 500, deletionSeenMs: t0 - 100 });
  assert.deepEqual(decidePodAction(deleting(30), at(t0)), { kind: 'wait', ms: 400 });
  assert.deepEqual(decidePodAction(deleting(30), at(t0 + 400)), { kind: 'delete' });
  assert.deepEqual(decidePodAction(deleting(0), at(t0)), { kind: 'delete' });
  assert.deepEqual(decidePodAction(deleting(30, 'Pending'), at(t0)), { kind: 'delete' });
});

test('runningStatus() reports upstream conditions and container states', () => {
  const st = runningStatus(pod(), { now: '2026-11-22T10:00:00Z', ready: false, podIP: '10.42.1.2', hostIP: '10.41.0.1' });
  assert.equal(st.phase, 'Running');
  assert.deepEqual(st.conditions!.map((c) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=False', 'ContainersReady=False', 'PodScheduled=True']);
  assert.equal(st.conditions![2]!.message, 'containers with unready status: [c]');
  assert.deepEqual(st.containerStatuses![0]!.state, { running: { startedAt: '2026-11-22T10:00:00Z' } });
  assert.deepEqual(st.podIPs, [{ ip: '10.42.1.2' }]);
});
