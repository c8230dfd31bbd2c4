// The pod worker over the fake runtime (no root): state-in/state-out tables of what a pod's containers do and
// what the worker makes of it — restart policy, init order, crash-loop back-off, graceful termination.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Container, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { FakeClock, silentLogger } from '../../util/index.js';
import type { ContainerStatus } from '../runtime/container-runtime.js';
import { fakeProgram, FakeRuntime, type FakeBehaviour } from '../runtime/fake/fake-runtime.js';
import { allCapabilities } from './capabilities.js';
import { PodWorker, type PodWorkerDeps } from './pod-worker.js';

/** What a test can see of a run: the statuses posted, the events, the runtime's calls, whether the pod was deleted. */
class Harness {
  readonly clock = new FakeClock(Date.UTC(2026, 0, 1));
  readonly runtime = new FakeRuntime({ clock: this.clock });
  readonly statuses: PodStatus[] = [];
  readonly events: string[] = [];
  deleted = false;
  worker!: PodWorker;
  constructor(readonly dir: string) {}

  start(pod: Pod, extra: Partial<PodWorkerDeps> = {}, held?: ContainerStatus[]): void {
    const deps: PodWorkerDeps = {
      api: { writeStatus: async (_pod, status) => { this.statuses.push(status); }, deletePod: async () => { this.deleted = true; } },
      recorder: { event: (obj, type, reason, message) => { this.events.push(`${type} ${reason} ${message}${'fieldPath' in obj && obj.fieldPath ? ` (${String(obj.fieldPath)})` : ''}`); } },
      clock: this.clock, logger: silentLogger, runtime: this.runtime,
      images: { ensure: async (c) => { if (c.image?.startsWith('missing')) throw new Error('not found'); return { root: join(this.dir, 'image'), record: { reference: 'docker.io/library/busybox:latest', manifestDigest: 'sha256:abc', manifest: { schemaVersion: 2, config: { mediaType: '', digest: '', size: 0 }, layers: [] }, config: {} } }; } },
      network: { attach: async () => '10.42.0.7', detach: async () => undefined },
      sources: { configMap: () => undefined, secret: () => undefined, claim: () => undefined, volume: () => undefined, token: async () => 'token', secrets: () => [] },
      node: () => ({ name: 'node-a', labels: {} }),
      run: async () => '', hostIP: '192.168.1.10', clusterDns: '10.42.0.1', hostResolvConf: 'nameserver 1.1.1.1\n',
      podsDir: join(this.dir, 'pods'), logsDir: join(this.dir, 'logs'), allocatable: { cpu: '2', memory: '4Gi' }, capabilities: allCapabilities,
      attachments: { use: async () => undefined, isAttached: () => true, release: () => undefined },
      staticPodWanted: () => false, memoryWorkingSet: async () => 0, containerStarted: () => undefined,
      ...extra,
    };
    this.worker = new PodWorker(pod, deps, () => undefined);
    if (held) this.worker.adopt(held);
    this.worker.kick();
  }

  /**
   * Lets the worker finish what it is doing (syncs, exits, file writes) without moving the clock: until its syncs
   * have run and nothing changed for a few rounds. A sync that waits on the fake clock (a grace period) counts as
   * done once nothing else moves.
   */
  async settle(): Promise<void> {
    let quiet = 0;
    let seen = '';
    while (quiet < 3) {
      const synced = await Promise.race([this.worker.settled().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20))]);
      await new Promise((r) => setTimeout(r, 2));
      const now = `${this.statuses.length} ${this.events.length} ${this.runtime.calls.length}`;
      quiet = now === seen && !this.runtime.exiting && (synced || this.runtime.stopping) ? quiet + 1 : 0;
      seen = now;
    }
  }

  /** Moves the fake clock in steps of at most a second, settling after each. */
  async advance(ms: number): Promise<void> {
    for (let left = ms; left > 0; left -= 1000) {
      this.clock.advance(Math.min(1000, left));
      await this.settle();
    }
  }

  /** The last status, one line per container: "web running restarts=0", "web waiting CrashLoopBackOff restarts=1 last=1". */
  get status(): string[] {
    const s = this.statuses.at(-1);
    const line = (c: NonNullable<PodStatus['containerStatuses']>[number]): string => {
      const state = c.state?.running ? 'running' : c.state?.terminated ? `terminated ${c.state.terminated.reason} ${c.state.terminated.exitCode}` : `waiting ${c.state?.waiting?.reason}`;
      return `${c.name} ${state} restarts=${c.restartCount}${c.lastState?.terminated ? ` last=${c.lastState.terminated.exitCode}` : ''}`;
    };
    return [`phase=${s?.phase}`, ...(s?.initContainerStatuses ?? []).map((c) => `init ${line(c)}`), ...(s?.containerStatuses ?? []).map(line)];
  }

  /** The runtime's calls without container ids and sandbox pod uids (stable across runs). */
  get calls(): string[] {
    return this.runtime.calls.map((c) => c.replace(/fake\d+/g, 'ID').replace(/ uid-1\//, ' ').replace(/ uid-1$/, ''));
  }
}

const program = (b: FakeBehaviour): string[] => fakeProgram(b);
const container = (name: string, b: FakeBehaviour, extra: Partial<Container> = {}): Container => ({ name, image: 'busybox', command: program(b), ...extra });

function pod(spec: Partial<NonNullable<Pod['spec']>>): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'uid-1' }, spec: { containers: [], ...spec } };
}

type Step =
  | { advance: number }
  | { delete: number }
  /** events: prefixes, in order (Pulled, Created and Started left out). */
  | { want: { status?: string[]; calls?: string[]; events?: string[]; deleted?: boolean } };

interface WorkerCase {
  name: string;
  pod: Pod;
  steps: Step[];
}

const cases: WorkerCase[] = [
  {
    name: 'restartPolicy Always: a crashing container restarts at once, then in CrashLoopBackOff 10 s doubling, counting every restart',
    pod: pod({ restartPolicy: 'Always', containers: [container('web', { runsMs: 1000, exitCode: 1 })] }),
    steps: [
      { want: { status: ['phase=Running', 'web running restarts=0'] } },
      { advance: 1000 },
      { want: { status: ['phase=Running', 'web running restarts=1 last=1'] } },
      { advance: 1000 },
      { want: { status: ['phase=Running', 'web waiting CrashLoopBackOff restarts=1 last=1'] } },
      { advance: 9000 },
      { want: { status: ['phase=Running', 'web waiting CrashLoopBackOff restarts=1 last=1'] } },
      { advance: 1000 },
      { want: { status: ['phase=Running', 'web running restarts=2 last=1'] } },
      { advance: 1000 },
      { want: { status: ['phase=Running', 'web waiting CrashLoopBackOff restarts=2 last=1'], calls: ['createSandbox', 'startContainer web', 'removeContainer ID', 'startContainer web', 'removeContainer ID', 'startContainer web', 'removeContainer ID'] } },
      { advance: 19_000 },
      { want: { status: ['phase=Running', 'web waiting CrashLoopBackOff restarts=2 last=1'] } },
      { advance: 1000 },
      { want: { status: ['phase=Running', 'web running restarts=3 last=1'] } },
    ],
  },
  {
    name: 'restartPolicy OnFailure: a container that exits 0 stays Completed and the pod Succeeds',
    pod: pod({ restartPolicy: 'OnFailure', containers: [container('job', { runsMs: 2000, exitCode: 0 })] }),
    steps: [{ advance: 2000 }, { advance: 30_000 }, { want: { status: ['phase=Succeeded', 'job terminated Completed 0 restarts=0'], calls: ['createSandbox', 'startContainer job', 'removeContainer ID'] } }],
  },
  {
    name: 'restartPolicy OnFailure: a failing container restarts',
    pod: pod({ restartPolicy: 'OnFailure', containers: [container('job', { runsMs: 2000, exitCode: 2 })] }),
    steps: [{ advance: 2000 }, { want: { status: ['phase=Running', 'job running restarts=1 last=2'] } }],
  },
  {
    name: 'restartPolicy Never: a failing container stays Error and the pod Fails',
    pod: pod({ restartPolicy: 'Never', containers: [container('job', { runsMs: 2000, exitCode: 3 })] }),
    steps: [{ advance: 2000 }, { advance: 60_000 }, { want: { status: ['phase=Failed', 'job terminated Error 3 restarts=0'], calls: ['createSandbox', 'startContainer job', 'removeContainer ID'] } }],
  },
  {
    name: 'init containers run one at a time in order, then the app containers together',
    pod: pod({ initContainers: [container('a', { runsMs: 1000 }), container('b', { runsMs: 1000 })], containers: [container('web', {}), container('side', {})] }),
    steps: [
      { want: { status: ['phase=Pending', 'init a running restarts=0', 'init b waiting PodInitializing restarts=0', 'web waiting PodInitializing restarts=0', 'side waiting PodInitializing restarts=0'] } },
      { advance: 1000 },
      { want: { status: ['phase=Pending', 'init a terminated Completed 0 restarts=0', 'init b running restarts=0', 'web waiting PodInitializing restarts=0', 'side waiting PodInitializing restarts=0'] } },
      { advance: 1000 },
      {
        want: {
          status: ['phase=Running', 'init a terminated Completed 0 restarts=0', 'init b terminated Completed 0 restarts=0', 'web running restarts=0', 'side running restarts=0'],
          calls: ['createSandbox', 'startContainer init/a', 'removeContainer ID', 'startContainer init/b', 'removeContainer ID', 'startContainer web', 'startContainer side'],
        },
      },
    ],
  },
  {
    name: 'a failed init container under restartPolicy Never fails the pod; the app containers never start',
    pod: pod({ restartPolicy: 'Never', initContainers: [container('a', { runsMs: 1000, exitCode: 1 }), container('b', {})], containers: [container('web', {})] }),
    steps: [{ advance: 1000 }, { advance: 30_000 }, { want: { status: ['phase=Failed', 'init a terminated Error 1 restarts=0', 'init b waiting PodInitializing restarts=0', 'web waiting PodInitializing restarts=0'], calls: ['createSandbox', 'startContainer init/a', 'removeContainer ID'] } }],
  },
  {
    name: 'a failed init container under restartPolicy Always is retried with back-off; nothing after it starts',
    pod: pod({ restartPolicy: 'Always', initContainers: [container('a', { runsMs: 1000, exitCode: 1 })], containers: [container('web', {})] }),
    steps: [
      { advance: 1000 },
      { want: { status: ['phase=Pending', 'init a running restarts=1 last=1', 'web waiting PodInitializing restarts=0'] } },
      { advance: 1000 },
      { want: { status: ['phase=Pending', 'init a waiting CrashLoopBackOff restarts=1 last=1', 'web waiting PodInitializing restarts=0'] } },
    ],
  },
  {
    name: 'deletion: SIGTERM, the grace period, then SIGKILL for a container that ignores SIGTERM; final status, then the delete',
    pod: pod({ terminationGracePeriodSeconds: 30, containers: [container('web', { ignoresTerm: true })] }),
    steps: [
      { delete: 30 },
      { advance: 29_000 },
      { want: { status: ['phase=Running', 'web running restarts=0'], deleted: false, calls: ['createSandbox', 'startContainer web', 'stopContainer ID grace=30000'] } },
      { advance: 1000 },
      { want: { status: ['phase=Failed', 'web terminated Error 137 restarts=0'], deleted: true, calls: ['createSandbox', 'startContainer web', 'stopContainer ID grace=30000', 'removeContainer ID', 'removeSandbox'] } },
    ],
  },
  {
    name: 'deletion: a container that honours SIGTERM stops at once (143)',
    pod: pod({ containers: [container('web', {})] }),
    steps: [{ delete: 30 }, { want: { status: ['phase=Failed', 'web terminated Error 143 restarts=0'], deleted: true } }],
  },
  {
    name: 'deletion: the preStop hook runs first, within the grace period; a failing one is an event and the stop goes on',
    pod: pod({ containers: [container('web', {}, { lifecycle: { preStop: { exec: { command: program({ stdout: ['bye'], exitCode: 1 }) } } } })] }),
    steps: [{ delete: 10 }, {
      want: {
        deleted: true,
        calls: ['createSandbox', 'startContainer web', `exec ID ${program({ stdout: ['bye'], exitCode: 1 }).join(' ')}`, 'stopContainer ID grace=10000', 'removeContainer ID', 'removeSandbox'],
        events: ['Normal Killing Stopping container web (spec.containers{web})', 'Warning FailedPreStopHook Exec lifecycle hook ('],
      },
    }],
  },
  {
    name: 'a container the runtime cannot create waits in CreateContainerError and is tried again after 5 s',
    pod: pod({ containers: [container('web', { startError: 'overlay mount failed' })] }),
    steps: [
      { want: { status: ['phase=Pending', 'web waiting CreateContainerError restarts=0'], events: ['Warning Failed Error: overlay mount failed (spec.containers{web})'] } },
      { advance: 5000 },
      { want: { calls: ['createSandbox', 'startContainer web', 'startContainer web'] } },
    ],
  },
  {
    name: 'an image that cannot be pulled: ErrImagePull, then ImagePullBackOff from 10 s doubling',
    pod: pod({ containers: [container('web', {}, { image: 'missing:1' })] }),
    steps: [
      { want: { status: ['phase=Pending', 'web waiting ErrImagePull restarts=0'], events: ['Warning Failed Failed to pull image "missing:1": not found', 'Warning Failed Error: ErrImagePull'] } },
      { advance: 10_000 },
      { want: { status: ['phase=Pending', 'web waiting ImagePullBackOff restarts=0'] } },
      { advance: 19_000 },
      { want: { events: ['Warning Failed Failed to pull image', 'Warning Failed Error: ErrImagePull', 'Warning Failed Failed to pull image', 'Warning BackOff Back-off pulling image "missing:1"'] } },
      { advance: 1000 },
      { want: { events: ['Warning Failed Failed to pull image', 'Warning Failed Error: ErrImagePull', 'Warning Failed Failed to pull image', 'Warning BackOff Back-off pulling image "missing:1"', 'Warning Failed Failed to pull image', 'Warning BackOff Back-off pulling image "missing:1"'], calls: ['createSandbox'] } },
    ],
  },
  {
    name: 'a failing postStart hook kills the container, and the restart policy brings it back into CrashLoopBackOff',
    pod: pod({ containers: [container('web', {}, { lifecycle: { postStart: { exec: { command: program({ exitCode: 1 }) } } } })] }),
    steps: [{
      want: {
        status: ['phase=Running', 'web waiting CrashLoopBackOff restarts=1 last=137'],
        calls: ['createSandbox', 'startContainer web', `exec ID ${program({ exitCode: 1 }).join(' ')}`, 'stopContainer ID grace=0', 'removeContainer ID', 'startContainer web', `exec ID ${program({ exitCode: 1 }).join(' ')}`, 'stopContainer ID grace=0', 'removeContainer ID'],
        events: ['Warning FailedPostStartHook', 'Warning FailedPostStartHook', 'Warning BackOff Back-off restarting failed container web in pod p_default(uid-1)'],
      },
    }],
  },
  {
    name: 'a failing liveness probe restarts the container with its grace period',
    pod: pod({ containers: [container('web', { ignoresTerm: true }, { livenessProbe: { exec: { command: program({ exitCode: 1 }) }, periodSeconds: 1, failureThreshold: 2, terminationGracePeriodSeconds: 3 } })] }),
    steps: [
      { advance: 2000 },
      { want: { status: ['phase=Running', 'web running restarts=0'], events: ['Warning Unhealthy Liveness probe failed', 'Warning Unhealthy Liveness probe failed', 'Warning Unhealthy Liveness probe failed', 'Normal Killing Container web failed liveness probe, will be restarted'], calls: ['createSandbox', 'startContainer web', 'exec ID /fake-program {"exitCode":1}', 'exec ID /fake-program {"exitCode":1}', 'stopContainer ID grace=3000'] } },
      { advance: 3000 },
      { want: { status: ['phase=Running', 'web running restarts=1 last=137'] } },
    ],
  },
];

for (const c of cases) {
  test(`PodWorker ${c.name}`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-pod-worker-'));
    const h = new Harness(dir);
    try {
      h.start(c.pod);
      await h.settle();
      for (const [i, step] of c.steps.entries()) {
        if ('advance' in step) await h.advance(step.advance);
        else if ('delete' in step) {
          h.worker.update({ ...h.worker.pod, metadata: { ...h.worker.pod.metadata, deletionTimestamp: h.clock.now().toISOString(), deletionGracePeriodSeconds: step.delete } });
          await h.settle();
        } else {
          const at = `step ${i}`;
          if (step.want.status) assert.deepEqual(h.status, step.want.status, at);
          if (step.want.calls) assert.deepEqual(h.calls, step.want.calls, at);
          if (step.want.events) {
            const events = h.events.filter((e) => !/ (Pulled|Created|Started) /.test(e));
            assert.deepEqual(events.map((e, j) => (e.startsWith(step.want.events?.[j] ?? '\0') ? step.want.events?.[j] : e)), step.want.events, at);
          }
          if (step.want.deleted !== undefined) assert.equal(h.deleted, step.want.deleted, at);
        }
      }
    } finally {
      await h.worker.teardown().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('PodWorker hands the node\'s container log rotation to the runtime with each container, and none without it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-pod-worker-'));
  const rotated = new Harness(dir);
  const plain = new Harness(dir);
  try {
    rotated.start(pod({ containers: [container('web', {})] }), { logRotation: { maxBytes: 1024, maxFiles: 3 } });
    plain.start({ ...pod({ containers: [container('web', {})] }), metadata: { name: 'q', namespace: 'default', uid: 'uid-2' } });
    await rotated.settle();
    await plain.settle();
    const configs = async (h: Harness): Promise<unknown[]> => (await h.runtime.listContainers()).map((c) => h.runtime.configOf(c.id)?.logRotation);
    assert.deepEqual(await configs(rotated), [{ maxBytes: 1024, maxFiles: 3 }]);
    assert.deepEqual(await configs(plain), [undefined]);
  } finally {
    await rotated.worker.teardown().catch(() => undefined);
    await plain.worker.teardown().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

/** What an earlier kubelet left: containers the runtime holds for the pod, and the pod's status as the API has it. */
interface AdoptionCase {
  name: string;
  pod: Pod;
  /** Runs against the runtime before the worker starts (containers of uid-1 in its sandbox). */
  held: (h: Harness, start: (name: string, b: FakeBehaviour, attempt: number) => Promise<string>) => Promise<void>;
  /** The API's status of the pod; `ID` in a containerID stands for the first held container's id. */
  apiStatus: PodStatus;
  advance?: number;
  want: { status: string[]; calls: string[]; sameContainer?: boolean; ready?: boolean };
}

const adoptionCases: AdoptionCase[] = [
  {
    name: 'a running container the runtime holds is adopted: not started again; its id, start, readiness and restart count go on',
    pod: pod({ containers: [container('web', {}, { readinessProbe: { exec: { command: program({ exitCode: 0 }) }, periodSeconds: 10 } })] }),
    held: async (_h, start) => { await start('web', {}, 2); },
    apiStatus: { phase: 'Running', containerStatuses: [{ name: 'web', image: 'busybox', imageID: 'sha256:abc', restartCount: 2, ready: true, started: true, containerID: 'fake://ID', state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2025-12-31T23:59:00Z', finishedAt: '2025-12-31T23:59:30Z', containerID: 'fake://old' } } }] },
    want: { status: ['phase=Running', 'web running restarts=2 last=1'], calls: ['createSandbox'], sameContainer: true, ready: true },
  },
  {
    name: 'a container that exited while no kubelet ran is recorded with its exit, removed, and restarted by the policy',
    pod: pod({ restartPolicy: 'Always', containers: [container('web', {})] }),
    held: async (h, start) => { await start('web', { runsMs: 0, exitCode: 3 }, 1); await new Promise((r) => setImmediate(r)); h.clock.advance(1); await new Promise((r) => setImmediate(r)); },
    apiStatus: { phase: 'Running', containerStatuses: [{ name: 'web', image: 'busybox', imageID: '', restartCount: 1, ready: true, containerID: 'fake://ID', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] },
    want: { status: ['phase=Running', 'web running restarts=2 last=3'], calls: ['createSandbox', 'removeContainer ID', 'startContainer web'] },
  },
  {
    name: 'a container the API reports running and the runtime no longer has (its process restarted) ends ContainerStatusUnknown (137) and restarts',
    pod: pod({ restartPolicy: 'Always', containers: [container('web', {})] }),
    held: async () => undefined,
    apiStatus: { phase: 'Running', containerStatuses: [{ name: 'web', image: 'busybox', imageID: '', restartCount: 4, ready: true, containerID: 'fake://gone', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] },
    want: { status: ['phase=Running', 'web running restarts=5 last=137'], calls: ['createSandbox', 'startContainer web'] },
  },
  {
    name: 'completed init containers stay completed and a held app container runs on: nothing starts',
    pod: pod({ initContainers: [container('setup', { runsMs: 0 })], containers: [container('web', {})] }),
    held: async (_h, start) => { await start('web', {}, 0); },
    apiStatus: {
      phase: 'Running',
      initContainerStatuses: [{ name: 'setup', image: 'busybox', imageID: '', restartCount: 0, ready: false, containerID: 'fake://init', state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', containerID: 'fake://init' } } }],
      containerStatuses: [{ name: 'web', image: 'busybox', imageID: '', restartCount: 0, ready: true, started: true, containerID: 'fake://ID', state: { running: { startedAt: '2026-01-01T00:00:02Z' } } }],
    },
    want: { status: ['phase=Running', 'init setup terminated Completed 0 restarts=0', 'web running restarts=0'], calls: ['createSandbox'], sameContainer: true },
  },
];

for (const c of adoptionCases) {
  test(`PodWorker adoption: ${c.name}`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-pod-adopt-'));
    const h = new Harness(dir);
    try {
      const sandbox = await h.runtime.createSandbox('uid-1');
      const ids: string[] = [];
      await c.held(h, async (name, b, attempt) => {
        const started = await h.runtime.startContainer(sandbox, {
          podUid: 'uid-1', name, attempt, imageRoot: '/', args: program(b), env: [], workingDir: '/', user: { uid: 0, gid: 0, additionalGids: [] }, hostname: 'p', readOnlyRoot: false,
          privileged: false, noNewPrivileges: false, capabilities: [], resources: { cpuShares: 2, cpuPeriod: 100_000 }, mounts: [], tty: false, stdin: false, stdinOnce: false,
          logPath: join(dir, 'logs', `default_p_uid-1`, name, `${attempt}.log`),
        });
        ids.push(started.id);
        return started.id;
      });
      const before = h.runtime.calls.length;
      const status = JSON.parse(JSON.stringify(c.apiStatus).replaceAll('fake://ID', `fake://${ids[0] ?? ''}`)) as PodStatus;
      const held = await h.runtime.listContainers();
      h.start({ ...c.pod, status }, {}, held);
      await h.settle();
      if (c.advance) await h.advance(c.advance);
      assert.deepEqual(h.status, c.want.status);
      assert.deepEqual(h.calls.slice(before), c.want.calls);
      const web = h.statuses.at(-1)?.containerStatuses?.find((s) => s.name === 'web');
      if (c.want.sameContainer) assert.equal(web?.containerID, `fake://${ids[0]}`);
      if (c.want.ready !== undefined) assert.equal(web?.ready, c.want.ready, 'readiness carries over, no flap');
    } finally {
      await h.worker.teardown().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('PodWorker release(): the agent stops, the containers run on and nothing is removed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-pod-release-'));
  const h = new Harness(dir);
  try {
    h.start(pod({ containers: [container('web', { runsMs: 5000 })] }));
    await h.settle();
    const calls = h.calls.length;
    h.worker.release();
    await h.advance(6000);
    assert.deepEqual(h.calls.slice(calls), [], 'the exit is left for the next kubelet to find');
    assert.deepEqual((await h.runtime.listContainers()).map((c) => c.state.kind), ['exited']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
