import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus as ApiContainerStatus, PodStatus } from 'kubernetes-types/core/v1.js';
import type { ContainerStatus } from '../runtime/container-runtime.js';
import { planAdoption, statusUnknownMessage } from './pod-adoption.js';

const now = '2026-01-01T00:10:00Z';
const held = (name: string, id: string, attempt: number, kind: 'running' | 'exited' = 'running'): ContainerStatus =>
  ({ id, podUid: 'u', name, attempt, logPath: '', imageRoot: '/', startedAt: new Date('2026-01-01T00:00:00Z'), state: kind === 'running' ? { kind } : { kind, exit: { exitCode: 1, oomKilled: false, finishedAt: new Date('2026-01-01T00:05:00Z') } } });
const api = (name: string, s: Partial<ApiContainerStatus>): ApiContainerStatus => ({ name, image: 'busybox', imageID: 'sha256:img', restartCount: 0, ready: false, ...s });
const terminated = { exitCode: 2, reason: 'Error', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:00Z', containerID: 'runc://old' };

interface Row { name: string; keys: string[]; status?: PodStatus; held: ContainerStatus[]; want: { containers: Record<string, unknown>; remove?: string[] } }

const rows: Row[] = [
  { name: 'nothing held, no status: nothing to take over', keys: ['web'], held: [], want: { containers: {} } },
  {
    name: 'a held running container is watched with its attempt as the restart count; readiness carries over for the same container ID',
    keys: ['web'], held: [held('web', 'a1', 3)],
    status: { containerStatuses: [api('web', { restartCount: 3, ready: true, started: true, containerID: 'runc://a1', state: { running: {} }, lastState: { terminated } })] },
    want: { containers: { web: { restartCount: 3, imageID: 'sha256:img', last: terminated, watch: { id: 'a1', startedAt: new Date('2026-01-01T00:00:00Z'), initial: { ready: true, started: true } } } } },
  },
  {
    name: 'a held container the API did not report yet (started just before the kubelet stopped): no readiness carried',
    keys: ['web'], held: [held('web', 'a2', 4)],
    status: { containerStatuses: [api('web', { restartCount: 3, ready: true, containerID: 'runc://a1', state: { running: {} } })] },
    want: { containers: { web: { restartCount: 4, imageID: 'sha256:img', watch: { id: 'a2', startedAt: new Date('2026-01-01T00:00:00Z') } } } },
  },
  {
    name: 'several runs held: the latest is current, the older ones are removed',
    keys: ['web'], held: [held('web', 'old', 1, 'exited'), held('web', 'new', 2)],
    want: { containers: { web: { restartCount: 2, watch: { id: 'new', startedAt: new Date('2026-01-01T00:00:00Z') } } }, remove: ['old'] },
  },
  {
    name: 'an ended container the runtime no longer holds keeps its terminated state and count',
    keys: ['init/setup', 'web'], held: [held('web', 'w', 0)],
    status: { initContainerStatuses: [api('setup', { state: { terminated: { ...terminated, exitCode: 0, reason: 'Completed' } } })], containerStatuses: [api('web', { containerID: 'runc://w', state: { running: {} } })] },
    want: { containers: { 'init/setup': { restartCount: 0, imageID: 'sha256:img', phase: { kind: 'terminated', terminated: { ...terminated, exitCode: 0, reason: 'Completed' } } }, web: { restartCount: 0, imageID: 'sha256:img', watch: { id: 'w', startedAt: new Date('2026-01-01T00:00:00Z'), initial: { ready: false, started: true } } } } },
  },
  {
    name: 'CrashLoopBackOff with a last state continues waiting in back-off',
    keys: ['web'], held: [],
    status: { containerStatuses: [api('web', { restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } }, lastState: { terminated } })] },
    want: { containers: { web: { restartCount: 5, imageID: 'sha256:img', last: terminated, phase: { kind: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 40s' } } } },
  },
  {
    name: 'reported running, not held (the runtime process was restarted): ContainerStatusUnknown, 137',
    keys: ['web'], held: [],
    status: { containerStatuses: [api('web', { restartCount: 1, containerID: 'runc://gone', state: { running: { startedAt: '2026-01-01T00:02:00Z' } } })] },
    want: { containers: { web: { restartCount: 1, imageID: 'sha256:img', phase: { kind: 'terminated', terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: statusUnknownMessage, startedAt: '2026-01-01T00:02:00Z', finishedAt: now, containerID: 'runc://gone' } } } } },
  },
];

for (const row of rows) {
  test(`planAdoption: ${row.name}`, () => {
    const plan = planAdoption({ keys: row.keys, status: row.status, held: row.held, runtimeName: 'runc', now });
    assert.deepEqual(Object.fromEntries(plan.containers), row.want.containers);
    assert.deepEqual(plan.remove, row.want.remove ?? []);
  });
}
