import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { podCells } from './pod-cells.js';

const now = new Date('2024-06-01T12:00:00Z');
const ago = (sec: number): string => new Date(now.getTime() - sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const running = (name: string, o: Partial<ContainerStatus> = {}): ContainerStatus =>
  ({ name, image: 'nginx', imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: ago(50) } }, ...o });
const waiting = (name: string, reason?: string, o: Partial<ContainerStatus> = {}): ContainerStatus =>
  ({ name, image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: reason === undefined ? {} : { reason } }, ...o });
const terminated = (name: string, exitCode: number, extra: { reason?: string; signal?: number } = {}, o: Partial<ContainerStatus> = {}): ContainerStatus =>
  ({ name, image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode, ...extra } }, ...o });
const cond = (type: string, status: string, reason?: string): PodCondition => (reason === undefined ? { type, status } : { type, status, reason });

interface PodOptions {
  containers?: string[];
  init?: { name: string; sidecar?: boolean }[];
  phase?: string;
  reason?: string;
  statuses?: ContainerStatus[];
  initStatuses?: ContainerStatus[];
  conditions?: PodCondition[];
  deleting?: boolean;
}

function pod(o: PodOptions): Pod {
  const p: Pod = {
    metadata: { name: 'web-0', namespace: 'default', creationTimestamp: ago(3 * 3600 + 31 * 60), ...(o.deleting ? { deletionTimestamp: ago(5) } : {}) },
    spec: { containers: (o.containers ?? ['web']).map((name) => ({ name, image: 'nginx' })), nodeName: 'node-1' },
    status: { phase: o.phase ?? 'Running', podIPs: [{ ip: '10.42.0.7' }], conditions: o.conditions ?? [] },
  };
  if (o.init && p.spec) p.spec.initContainers = o.init.map((c) => (c.sidecar ? { name: c.name, restartPolicy: 'Always' } : { name: c.name }));
  if (o.reason !== undefined && p.status) p.status.reason = o.reason;
  if (o.statuses && p.status) p.status.containerStatuses = o.statuses;
  if (o.initStatuses && p.status) p.status.initContainerStatuses = o.initStatuses;
  return p;
}

const crashed = { restartCount: 3, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(130) } } };

// [name, pod, READY, STATUS, RESTARTS]
const cases: [string, Pod, string, string, string][] = [
  ['a running ready container', pod({ statuses: [running('web')], conditions: [cond('Ready', 'True')] }), '1/1', 'Running', '0'],
  ['a container still being created', pod({ phase: 'Pending', statuses: [waiting('web', 'ContainerCreating')] }), '0/1', 'ContainerCreating', '0'],
  ['a pending pod without statuses', pod({ phase: 'Pending' }), '0/1', 'Pending', '0'],
  ['a crash-looping container with the age of its last restart', pod({ statuses: [waiting('web', 'CrashLoopBackOff', crashed)] }), '0/1', 'CrashLoopBackOff', '3 (2m10s ago)'],
  ['restarts without a termination time', pod({ statuses: [running('web', { restartCount: 2 })] }), '1/1', 'Running', '2'],
  ['the first container state wins', pod({ containers: ['a', 'b'], statuses: [waiting('a', 'ImagePullBackOff'), waiting('b', 'CrashLoopBackOff')] }), '0/2', 'ImagePullBackOff', '0'],
  ['a main container killed by a signal', pod({ statuses: [terminated('web', 137, { signal: 9 })] }), '0/1', 'Signal:9', '0'],
  ['a main container that exited without a reason', pod({ statuses: [terminated('web', 2)] }), '0/1', 'ExitCode:2', '0'],
  ['the first of two init containers waiting', pod({ phase: 'Pending', init: [{ name: 'i1' }, { name: 'i2' }], initStatuses: [waiting('i1', 'PodInitializing'), waiting('i2')], statuses: [waiting('web', 'PodInitializing')] }), '0/1', 'Init:0/2', '0'],
  ['the second init container running', pod({ phase: 'Pending', init: [{ name: 'i1' }, { name: 'i2' }], initStatuses: [terminated('i1', 0, { reason: 'Completed' }), running('i2', { ready: false })] }), '0/1', 'Init:1/2', '0'],
  ['a failed init container with restarts', pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [terminated('i1', 1, { reason: 'Error' }, crashed)] }), '0/1', 'Init:Error', '3 (2m10s ago)'],
  ['an init container exiting without a reason', pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [terminated('i1', 3)] }), '0/1', 'Init:ExitCode:3', '0'],
  ['an init container killed by a signal', pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [terminated('i1', 137, { signal: 9 })] }), '0/1', 'Init:Signal:9', '0'],
  ['a crash-looping init container', pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [waiting('i1', 'CrashLoopBackOff', { restartCount: 4 })] }), '0/1', 'Init:CrashLoopBackOff', '4'],
  ['a completed pod', pod({ phase: 'Succeeded', statuses: [terminated('web', 0, { reason: 'Completed' })] }), '0/1', 'Completed', '0'],
  ['a completed container beside a running one, pod Ready', pod({ containers: ['job', 'proxy'], statuses: [terminated('job', 0, { reason: 'Completed' }), running('proxy')], conditions: [cond('Ready', 'True')] }), '1/2', 'Running', '0'],
  ['a completed container beside a running one, pod not Ready', pod({ containers: ['job', 'proxy'], statuses: [terminated('job', 0, { reason: 'Completed' }), running('proxy')], conditions: [cond('Ready', 'False')] }), '1/2', 'NotReady', '0'],
  ['a failed pod', pod({ phase: 'Failed', statuses: [terminated('web', 1, { reason: 'Error' })] }), '0/1', 'Error', '0'],
  ['an evicted pod', pod({ phase: 'Failed', reason: 'Evicted' }), '0/1', 'Evicted', '0'],
  ['a scheduling-gated pod', pod({ phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'SchedulingGated')] }), '0/1', 'SchedulingGated', '0'],
  ['a running pod being deleted', pod({ deleting: true, statuses: [running('web')] }), '1/1', 'Terminating', '0'],
  ['a succeeded pod being deleted', pod({ deleting: true, phase: 'Succeeded', statuses: [terminated('web', 0, { reason: 'Completed' })] }), '0/1', 'Completed', '0'],
  ['a pod of a lost node being deleted', pod({ deleting: true, reason: 'NodeLost', statuses: [running('web')] }), '1/1', 'Unknown', '0'],
  ['a started sidecar counted as ready with its restarts', pod({
    init: [{ name: 'mesh', sidecar: true }, { name: 'setup' }],
    initStatuses: [running('mesh', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(300) } } }), terminated('setup', 0, { reason: 'Completed' })],
    statuses: [running('web')], conditions: [cond('Initialized', 'True'), cond('Ready', 'True')],
  }), '2/2', 'Running', '1 (5m ago)'],
  ['a sidecar that has not started yet', pod({ phase: 'Pending', init: [{ name: 'mesh', sidecar: true }], initStatuses: [running('mesh', { started: false, ready: false })] }), '0/2', 'Init:0/1', '0'],
  ['init restarts dropped once initialized, main restarts counted', pod({
    init: [{ name: 'setup' }], initStatuses: [terminated('setup', 0, { reason: 'Completed' }, { restartCount: 2 })],
    statuses: [running('web', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(60) } } })], conditions: [cond('Initialized', 'True')],
  }), '1/1', 'Running', '1 (60s ago)'],
];

for (const [name, p, ready, status, restarts] of cases) {
  test(`podCells() prints ${name}`, () => {
    assert.deepEqual(podCells(p, now).slice(0, 5), ['web-0', ready, status, restarts, '3h31m']);
  });
}

test('podCells() fills the wide cells: IP, node, nominated node and readiness gates', () => {
  const p = pod({ statuses: [running('web')], conditions: [cond('example.com/lb', 'True'), cond('example.com/dns', 'False')] });
  assert.deepEqual(podCells(p, now).slice(5), ['10.42.0.7', 'node-1', '<none>', '<none>']);
  if (p.spec) p.spec.readinessGates = [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }];
  if (p.status) p.status.nominatedNodeName = 'node-2';
  assert.deepEqual(podCells(p, now).slice(5), ['10.42.0.7', 'node-1', 'node-2', '1/2']);
  const unscheduled: Pod = { metadata: { name: 'x' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } };
  assert.deepEqual(podCells(unscheduled, now), ['x', '0/1', 'Pending', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>']);
});
