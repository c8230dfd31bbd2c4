import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { containerCreatingStatus, crashLoopDelayMs, decidePodAction, exitedStatus, failedStatus, rerunStatus, runningStatus, runTimeMs, terminatedStatus } from './pod-status.js';

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
  // A deleted pod first reports its terminal status (as upstream's kubelet), then goes.
  assert.deepEqual(decidePodAction(pod({ phase: 'Running', ready: true, deleting: true }), opts), { kind: 'terminate' });
  assert.deepEqual(decidePodAction(pod({ phase: 'Failed', deleting: true }), opts), { kind: 'delete' });
  assert.deepEqual(decidePodAction(pod({ phase: 'Failed' }), opts), { kind: 'none' });
});

test('decidePodAction() stops a running pod stopMs after the deletion was seen, within the grace period', () => {
  const deleting = (grace: number, phase = 'Running'): Pod => ({
    metadata: { name: 'p', uid: 'u', deletionGracePeriodSeconds: grace, deletionTimestamp: new Date(t0 + grace * 1000).toISOString() },
    spec: { containers: [{ name: 'c' }] }, status: { phase },
  });
  const at = (nowMs: number) => ({ nowMs, defaultReadyMs: 0, stopMs: 500, deletionSeenMs: t0 - 100 });
  assert.deepEqual(decidePodAction(deleting(30), at(t0)), { kind: 'wait', ms: 400 });
  assert.deepEqual(decidePodAction(deleting(30), at(t0 + 400)), { kind: 'terminate' });
  assert.deepEqual(decidePodAction(deleting(0), at(t0)), { kind: 'terminate' });
  assert.deepEqual(decidePodAction(deleting(30, 'Pending'), at(t0)), { kind: 'terminate' });
  assert.deepEqual(decidePodAction(deleting(30, 'Succeeded'), at(t0)), { kind: 'delete' });
});

test('runningStatus() reports upstream conditions and container states', () => {
  const st = runningStatus(pod(), { now: '2026-11-22T10:00:00Z', ready: false, podIP: '10.42.1.2', hostIP: '10.41.0.1' });
  assert.equal(st.phase, 'Running');
  assert.deepEqual(st.conditions!.map((c) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=False', 'ContainersReady=False', 'PodScheduled=True']);
  assert.equal(st.conditions![2]!.message, 'containers with unready status: [c]');
  assert.deepEqual(st.containerStatuses![0]!.state, { running: { startedAt: '2026-11-22T10:00:00Z' } });
  assert.deepEqual(st.podIPs, [{ ip: '10.42.1.2' }]);
});

const runner = (o: { runTime: string; exitCode?: string; policy?: string; startedAgoMs: number }): Pod => {
  const p = pod({ annotations: { 'skiff.io/simulate-run-time': o.runTime, ...(o.exitCode ? { 'skiff.io/simulate-exit-code': o.exitCode } : {}) } });
  const running = { ...p, spec: { ...p.spec!, restartPolicy: o.policy ?? 'Never' } };
  return { ...running, status: runningStatus(running, { now: new Date(t0 - o.startedAgoMs).toISOString(), ready: true, podIP: '10.42.1.2', hostIP: '10.41.0.1' }) };
};

test('runTimeMs() reads Go durations and refuses malformed ones', () => {
  assert.equal(runTimeMs(pod({ annotations: { 'skiff.io/simulate-run-time': '1m30s' } })), 90_000);
  assert.equal(runTimeMs(pod({ annotations: { 'skiff.io/simulate-run-time': '250ms' } })), 250);
  assert.equal(runTimeMs(pod({ annotations: { 'skiff.io/simulate-run-time': 'soon' } })), undefined);
  assert.equal(runTimeMs(pod()), undefined);
});

test('decidePodAction() ends a run after simulate-run-time; exitedStatus() finishes or restarts by restartPolicy', () => {
  const opts = { nowMs: t0, defaultReadyMs: 0 };
  assert.deepEqual(decidePodAction(runner({ runTime: '10s', startedAgoMs: 4000 }), opts), { kind: 'wait', ms: 6000 });
  const done = runner({ runTime: '10s', startedAgoMs: 10_000 });
  assert.deepEqual(decidePodAction(done, opts), { kind: 'exit' });
  const ok = exitedStatus(done, { now: new Date(t0).toISOString() });
  assert.equal(ok.phase, 'Succeeded');
  assert.deepEqual(ok.containerStatuses!.map((c) => [c.state?.terminated?.exitCode, c.state?.terminated?.reason]), [[0, 'Completed']]);
  assert.deepEqual(ok.conditions!.filter((c) => c.type === 'Ready').map((c) => [c.status, c.reason]), [['False', 'PodCompleted']]);
  const failed = exitedStatus(runner({ runTime: '1s', exitCode: '3', startedAgoMs: 2000 }), { now: new Date(t0).toISOString() });
  assert.equal(failed.phase, 'Failed');
  assert.deepEqual(failed.containerStatuses!.map((c) => [c.state?.terminated?.exitCode, c.state?.terminated?.reason]), [[3, 'Error']]);
  // OnFailure with a failure: the container restarts after its back-off, keeping its count and last state.
  const crashed = runner({ runTime: '1s', exitCode: '1', policy: 'OnFailure', startedAgoMs: 2000 });
  const st = exitedStatus(crashed, { now: new Date(t0).toISOString() });
  assert.equal(st.phase, 'Running');
  assert.equal(st.containerStatuses![0]!.restartCount, 1);
  assert.equal(st.containerStatuses![0]!.state?.waiting?.reason, 'CrashLoopBackOff');
  const waiting = { ...crashed, status: st };
  assert.deepEqual(decidePodAction(waiting, opts), { kind: 'wait', ms: crashLoopDelayMs(1) });
  assert.deepEqual(decidePodAction(waiting, { ...opts, nowMs: t0 + crashLoopDelayMs(1) }), { kind: 'rerun' });
  const again = rerunStatus(waiting, { now: new Date(t0 + 10_000).toISOString() });
  assert.equal(again.containerStatuses![0]!.restartCount, 1);
  assert.deepEqual(again.containerStatuses![0]!.state, { running: { startedAt: new Date(t0 + 10_000).toISOString() } });
});

test('terminatedStatus() reports a deleted pod Failed with its containers killed', () => {
  const st = terminatedStatus(runner({ runTime: '1h', startedAgoMs: 1000 }), { now: new Date(t0).toISOString() });
  assert.equal(st.phase, 'Failed');
  assert.deepEqual(st.containerStatuses!.map((c) => [c.state?.terminated?.exitCode, c.state?.terminated?.reason]), [[143, 'Error']]);
  const never = terminatedStatus(pod(), { now: new Date(t0).toISOString() });
  assert.deepEqual(never.containerStatuses!.map((c) => c.state?.terminated?.reason), ['ContainerStatusUnknown']);
});

// The annotations are read on every change of the pod, as kwok's stages match the pod's current state.
const annotated = (annotations: Record<string, string>, o: { ready: boolean; runTime?: string } = { ready: true }): Pod => {
  const p = pod({ annotations: { ...annotations, ...(o.runTime ? { 'skiff.io/simulate-run-time': o.runTime } : {}) } });
  return { ...p, status: runningStatus(p, { now: new Date(t0 - 60_000).toISOString(), ready: o.ready, podIP: '10.42.1.2', hostIP: '10.41.0.1' }) };
};
const followCases: { name: string; pod: Pod; want: ReturnType<typeof decidePodAction> }[] = [
  { name: 'a Ready pod annotated simulate-ready "false" loses readiness', pod: annotated({ 'skiff.io/simulate-ready': 'false' }), want: { kind: 'unready' } },
  { name: 'a pod held unready stays so', pod: annotated({ 'skiff.io/simulate-ready': 'false' }, { ready: false }), want: { kind: 'none' } },
  { name: 'an unready pod whose annotation went away turns Ready', pod: annotated({}, { ready: false }), want: { kind: 'ready' } },
  { name: 'an unready pod annotated simulate-ready "true" turns Ready', pod: annotated({ 'skiff.io/simulate-ready': 'true' }, { ready: false }), want: { kind: 'ready' } },
  { name: 'a Ready pod with a run time in progress loses readiness too', pod: annotated({ 'skiff.io/simulate-ready': 'false' }, { ready: true, runTime: '1h' }), want: { kind: 'unready' } },
  { name: 'a running pod annotated simulate-phase Failed fails', pod: annotated({ 'skiff.io/simulate-phase': 'Failed' }), want: { kind: 'fail' } },
];
for (const c of followCases) test(`decidePodAction() ${c.name}`, () => assert.deepEqual(decidePodAction(c.pod, { nowMs: t0, defaultReadyMs: 0 }), c.want));

test('runningStatus() moves only the conditions whose status changes', () => {
  const ready = annotated({});
  const st = runningStatus(ready, { now: new Date(t0).toISOString(), ready: false, podIP: '10.42.1.2', hostIP: '10.41.0.1' });
  const since = new Date(t0 - 60_000).toISOString();
  assert.deepEqual(st.conditions!.map((c) => [c.type, c.status, c.lastTransitionTime]), [
    ['PodReadyToStartContainers', 'True', since], ['Initialized', 'True', since], ['Ready', 'False', new Date(t0).toISOString()],
    ['ContainersReady', 'False', new Date(t0).toISOString()], ['PodScheduled', 'True', since],
  ]);
  assert.deepEqual(st.containerStatuses!.map((c) => [c.ready, c.state?.running?.startedAt]), [[false, since]]);
});

test('failedStatus() of a running pod keeps its containers\' identity and turns readiness off', () => {
  const running = annotated({ 'skiff.io/simulate-phase': 'Failed' });
  const st = failedStatus(running, { now: new Date(t0).toISOString(), hostIP: '10.41.0.1' });
  assert.equal(st.phase, 'Failed');
  assert.deepEqual(st.containerStatuses!.map((c) => [c.containerID, c.ready, c.state?.terminated?.exitCode, c.state?.terminated?.startedAt]), [['simulated://u-c', false, 1, new Date(t0 - 60_000).toISOString()]]);
  assert.deepEqual(st.conditions!.filter((c) => c.type.endsWith('Ready') && c.type !== 'PodReadyToStartContainers').map((c) => [c.type, c.status, c.reason]), [['Ready', 'False', 'ContainersNotReady'], ['ContainersReady', 'False', 'ContainersNotReady']]);
});
