import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computePodActions, type ContainerSyncState, type PodPlan, type PodSyncState } from './pod-sync.js';

const nowMs = 1_000_000;
const none = (key: string, o: Partial<ContainerSyncState> = {}): ContainerSyncState => ({ key, observed: { kind: 'none' }, ...o });
const running = (key: string): ContainerSyncState => ({ key, observed: { kind: 'running' } });
/** Exited `agoMs` before now. */
const exited = (key: string, exitCode: number, agoMs: number, o: Partial<ContainerSyncState> = {}): ContainerSyncState => ({ key, observed: { kind: 'exited', exitCode, finishedAtMs: nowMs - agoMs }, ...o });
const entry = (delayMs: number, lastRestartAgoMs: number) => ({ delayMs, lastRestartMs: nowMs - lastRestartAgoMs });

interface SyncCase {
  name: string;
  state: Partial<PodSyncState>;
  want: PodPlan;
}

const ready = { sandboxReady: true, volumesReady: true };
const run = (actions: Extract<PodPlan, { kind: 'run' }>['actions'], extra: { wakeAfterMs?: number; createSandbox?: boolean; prepareVolumes?: boolean } = {}): PodPlan =>
  ({ kind: 'run', createSandbox: extra.createSandbox ?? false, prepareVolumes: extra.prepareVolumes ?? false, actions, ...(extra.wakeAfterMs !== undefined ? { wakeAfterMs: extra.wakeAfterMs } : {}) });
const start = (key: string, restart = false, backoff?: { delayMs: number; lastRestartMs: number }) => ({ kind: 'start' as const, key, restart, ...(backoff ? { backoff } : {}) });

const cases: SyncCase[] = [
  // A new pod
  {
    name: 'a new pod gets its sandbox, its volumes and its first init container, nothing else',
    state: { sandboxReady: false, volumesReady: false, init: [none('init/a'), none('init/b')], containers: [none('web')] },
    want: run([start('init/a')], { createSandbox: true, prepareVolumes: true }),
  },
  {
    name: 'without init containers, every app container starts together',
    state: { ...ready, containers: [none('web'), none('sidecar')] },
    want: run([start('web'), start('sidecar')]),
  },
  // Init containers
  {
    name: 'init containers run in order: the next starts once the previous exited 0',
    state: { ...ready, init: [exited('init/a', 0, 5), none('init/b')], containers: [none('web')] },
    want: run([start('init/b')]),
  },
  {
    name: 'a running init container holds everything after it',
    state: { ...ready, init: [running('init/a'), none('init/b')], containers: [none('web')] },
    want: run([]),
  },
  {
    name: 'app containers start once every init container succeeded',
    state: { ...ready, init: [exited('init/a', 0, 50), exited('init/b', 0, 5)], containers: [none('web')] },
    want: run([start('web')]),
  },
  {
    name: 'a failed init container restarts at once the first time (policy Always → OnFailure for init)',
    state: { ...ready, restartPolicy: 'Always', init: [exited('init/a', 1, 5)], containers: [none('web')] },
    want: run([start('init/a', true, { delayMs: 10_000, lastRestartMs: nowMs })]),
  },
  {
    name: 'a failed init container in back-off waits, and the app containers with it',
    state: { ...ready, restartPolicy: 'OnFailure', init: [exited('init/a', 1, 4000, { backoff: entry(10_000, 5000) })], containers: [none('web')] },
    want: run([{ kind: 'backOff', key: 'init/a', delayMs: 10_000, waitMs: 6000 }], { wakeAfterMs: 6000 }),
  },
  {
    name: 'under restartPolicy Never a failed init container stays failed (the pod fails)',
    state: { ...ready, restartPolicy: 'Never', init: [exited('init/a', 1, 5), none('init/b')], containers: [none('web')] },
    want: run([]),
  },
  {
    name: 'an init container that succeeded is not run again under Always',
    state: { ...ready, restartPolicy: 'Always', init: [exited('init/a', 0, 5)], containers: [running('web')] },
    want: run([]),
  },
  // Restart policy
  ...([
    ['Always', 0, true], ['Always', 1, true], ['OnFailure', 0, false], ['OnFailure', 2, true], ['Never', 0, false], ['Never', 137, false], [undefined, 0, true],
  ] as const).map(([policy, code, restarts]): SyncCase => ({
    name: `restartPolicy ${policy ?? '(unset: Always)'}, exit ${code}: ${restarts ? 'restarts' : 'stays stopped'}`,
    state: { ...ready, restartPolicy: policy, containers: [exited('web', code, 5)] },
    want: run(restarts ? [start('web', true, { delayMs: 10_000, lastRestartMs: nowMs })] : []),
  })),
  // Crash-loop back-off
  {
    name: 'a second crash within the back-off waits the rest of it (CrashLoopBackOff)',
    state: { ...ready, containers: [exited('web', 1, 3000, { backoff: entry(10_000, 3100) })] },
    want: run([{ kind: 'backOff', key: 'web', delayMs: 10_000, waitMs: 7000 }], { wakeAfterMs: 7000 }),
  },
  {
    name: 'once the back-off has passed it restarts, and the next delay doubles',
    state: { ...ready, containers: [exited('web', 1, 10_000, { backoff: entry(10_000, 10_100) })] },
    want: run([start('web', true, { delayMs: 20_000, lastRestartMs: nowMs })]),
  },
  {
    name: 'the delay stops doubling at 5 minutes',
    state: { ...ready, containers: [exited('web', 1, 300_000, { backoff: entry(300_000, 300_500) })] },
    want: run([start('web', true, { delayMs: 300_000, lastRestartMs: nowMs })]),
  },
  {
    name: 'a container that ran over 10 minutes since its last restart starts again at 10 s',
    state: { ...ready, containers: [exited('web', 1, 5, { backoff: entry(160_000, 600_006) })] },
    want: run([start('web', true, { delayMs: 10_000, lastRestartMs: nowMs })]),
  },
  {
    name: 'several containers in back-off: one wake at the earliest end',
    state: { ...ready, containers: [exited('a', 1, 1000, { backoff: entry(20_000, 2000) }), exited('b', 1, 1000, { backoff: entry(10_000, 2000) }), running('c')] },
    want: run([{ kind: 'backOff', key: 'a', delayMs: 20_000, waitMs: 19_000 }, { kind: 'backOff', key: 'b', delayMs: 10_000, waitMs: 9000 }], { wakeAfterMs: 9000 }),
  },
  {
    name: 'an image pull back-off delays the start without a crash-loop state',
    state: { ...ready, containers: [none('web', { pullRetryAtMs: nowMs + 20_000 }), none('ok', { pullRetryAtMs: nowMs - 1 })] },
    want: run([start('ok')], { wakeAfterMs: 20_000 }),
  },
  // Terminal states
  {
    name: 'a deleted pod terminates whatever runs',
    state: { ...ready, deleted: true, finished: true, containers: [running('web')] },
    want: { kind: 'terminate' },
  },
  {
    name: 'a finished (or evicted) pod stops what runs and starts nothing',
    state: { ...ready, finished: true, containers: [exited('web', 1, 5)] },
    want: { kind: 'stopAll' },
  },
  // Adoption after an agent restart
  {
    name: 'containers the runtime lists as running are kept, not started again (adoption)',
    state: { ...ready, init: [exited('init/a', 0, 60_000)], containers: [running('web'), running('sidecar')] },
    want: run([]),
  },
  {
    name: 'an adopted pod whose container exited while the agent was away restarts it by policy',
    state: { ...ready, restartPolicy: 'Always', init: [exited('init/a', 0, 60_000)], containers: [running('web'), exited('sidecar', 2, 30_000)] },
    want: run([start('sidecar', true, { delayMs: 10_000, lastRestartMs: nowMs })]),
  },
];

for (const c of cases) {
  test(`computePodActions() ${c.name}`, () => {
    const state: PodSyncState = { restartPolicy: undefined, deleted: false, finished: false, sandboxReady: false, volumesReady: false, init: [], containers: [], nowMs, ...c.state };
    assert.deepEqual(computePodActions(state), c.want);
  });
}
