// One pod on this node, from admission to removal (kubelet's pod worker): the shell around the pod's sync.
// computePodActions (pod-sync.ts) decides; the steps carry it out — the sandbox (pod-sandbox.ts), volumes,
// container starts (container-start.ts) and stops (container-stop.ts), exits (container-exit.ts) — and every
// change of state posts the status. Probes, lifecycle hooks, eviction. Syncs are serialised.
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Container, LifecycleHandler, Pod, PodStatus, Secret } from 'kubernetes-types/core/v1.js';
import { attachableVolumes, attachMountTimeoutMessage, attachMountTimeoutMs, mirrorPodAnnotation, nodeAffinityCheckFailedMessage, volumeNodeAffinityConflicts, type NodeIdentity } from '../../api/index.js';
import type { EventRecorder } from '../../client/index.js';
import { errorMessage, rfc3339, type Clock, type Logger } from '../../util/index.js';
import type { CommandRunner } from '../runtime/exec.js';
import type { ContainerExit, ContainerRuntime, ContainerStatus, Sandbox } from '../runtime/container-runtime.js';
import type { LogRotation } from '../runtime/log-rotation.js';
import { terminatedState } from './container-exit.js';
import { startContainer, type ImageSource } from './container-start.js';
import { stopContainer } from './container-stop.js';
import { diskUsage } from './disk-usage.js';
import { execCaptured } from './exec-capture.js';
import type { EnvSources } from './env.js';
import { createPodSandbox, type PodNetwork } from './pod-sandbox.js';
import { computePodActions, type ContainerAction, type ContainerSyncState, type ObservedContainer } from './pod-sync.js';
import { crashLoopMessage, type BackoffEntry } from './restart.js';
import { podStatus, type ContainerRecord, type PodRecord } from './status.js';
import { planAdoption } from './pod-adoption.js';
import { PodVolumes, type VolumeSources, type PreparedVolume } from './volumes.js';
import { runLifecycleHandler, Prober, type ProbeResult } from './probes.js';
import { hardEvictionGraceSeconds, type PodUsage, type ReclaimResource } from './eviction.js';

export type { PodNetwork } from './pod-sandbox.js';

/** The worker's writes of its pod to the API. */
export interface PodApi {
  /** Writes the pod's status (a conflict is retried on a fresh read of the same pod; a pod gone is fine). */
  writeStatus(pod: Pod, status: PodStatus): Promise<void>;
  /** The kubelet's final delete of this pod object (grace 0, for exactly its uid); gone already is fine. */
  deletePod(pod: Pod): Promise<void>;
}

/** What the worker asks of the node's volume attachments (VolumeAttachments). */
export interface PodAttachments {
  use(podUid: string, uniqueNames: readonly string[]): Promise<void>;
  isAttached(uniqueName: string): boolean;
  release(podUid: string): void;
}

export interface PodWorkerDeps {
  api: PodApi;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  runtime: ContainerRuntime;
  images: ImageSource;
  network: PodNetwork;
  sources: VolumeSources & EnvSources & { secrets(namespace: string, names: readonly string[]): Secret[] };
  run: CommandRunner;
  hostIP: string;
  clusterDns: string;
  hostResolvConf: string;
  /** Pod directories (volumes, pod files, termination messages) are <podsDir>/<uid>. */
  podsDir: string;
  logsDir: string;
  allocatable: Record<string, string>;
  /** The capabilities the node may hand on to containers. */
  capabilities: readonly string[];
  /** Container log rotation (--container-log-max-size/-files), handed to the runtime; absent: none. */
  logRotation?: LogRotation | undefined;
  attachments: PodAttachments;
  /** This node's name and labels (what PersistentVolumes' node affinity is checked against before a mount). */
  node(): NodeIdentity;
  /** Whether the pod is the mirror of a static pod whose manifest is still there (unchanged). */
  staticPodWanted(pod: Pod): boolean;
  /** A running container's memory working set now (bytes): what eviction ranks by, as upstream's Summary API gives it. */
  memoryWorkingSet(containerId: string): Promise<number>;
  /** A container started (the stats collector takes its first sample at once, as cAdvisor does). */
  containerStarted(): void;
  /** Watches the objects the pod references (Secrets, ConfigMaps, claims, volumes); resolves once they are listed. */
  references?(pod: Pod): Promise<void>;
}

interface Live {
  id: string;
  startedAt: Date;
  exited: Promise<ContainerExit>;
  ready: boolean;
  startupDone: boolean;
  prober?: Prober;
}

/** Pods on this node, keyed by uid; each runs its own sync loop. */
export class PodWorker {
  readonly uid: string;
  #pod: Pod;
  readonly #deps: PodWorkerDeps;
  readonly #log: Logger;
  #sandbox: Sandbox | undefined;
  #podIP: string | undefined;
  #volumes: Map<string, PreparedVolume> | undefined;
  readonly #volumeHost: PodVolumes;
  readonly #records = new Map<string, ContainerRecord>();
  readonly #live = new Map<string, Live>();
  readonly #backoff = new Map<string, BackoffEntry>();
  readonly #pullBackoff = new Map<string, { untilMs: number; delayMs: number }>();
  readonly #startTime: string;
  #syncing: Promise<void> = Promise.resolve();
  #queued = false;
  #timer: Disposable | undefined;
  #lastStatus = '';
  #killing: Promise<void> | undefined;
  #done = false;
  /** The eviction message once the kubelet evicted the pod under node pressure. */
  #evicted: string | undefined;
  /** Deleted and stopped: the last status is terminal. */
  #deleted = false;
  /** Since when the pod waits for its volumes to be attached to this node (undefined: not waiting). */
  #attachWaitSinceMs: number | undefined;
  /** Failed MountVolume.NodeAffinity checks so far (their retry backs off). */
  #mountAttempts = 0;
  #tokenTimer: Disposable | undefined;
  readonly #onGone: () => void;
  /** Exits being recorded (termination message read, container removed). */
  readonly #recording = new Set<Promise<void>>();
  /** The agent stopped (release()): the runtime's containers are left alone. */
  #released = false;

  constructor(pod: Pod, deps: PodWorkerDeps, onGone: () => void) {
    this.uid = pod.metadata!.uid!;
    this.#pod = pod;
    this.#deps = deps;
    this.#onGone = onGone;
    this.#log = deps.logger.with({ pod: `${pod.metadata?.namespace}/${pod.metadata?.name}` });
    this.#volumeHost = new PodVolumes({ sandboxDir: this.#podDir, sources: deps.sources, run: deps.run, nowMs: () => deps.clock.nowMs() });
    this.#startTime = pod.status?.startTime ?? rfc3339(deps.clock.now());
    const waiting = (c: Container): ContainerRecord => ({ name: c.name, image: c.image ?? '', imageID: '', restartCount: 0, phase: { kind: 'waiting', reason: 'PodInitializing' } });
    for (const c of pod.spec?.initContainers ?? []) this.#records.set(`init/${c.name}`, waiting(c));
    for (const c of pod.spec?.containers ?? []) this.#records.set(c.name, { ...waiting(c), phase: { kind: 'waiting', reason: (pod.spec?.initContainers ?? []).length ? 'PodInitializing' : 'ContainerCreating' } });
  }

  get pod(): Pod { return this.#pod; }

  /**
   * Takes over what an earlier agent process left of this pod (kubelet restart): the runtime's containers of the
   * pod are watched as if started here (their ids, start times and attempts — the restart counts — go on), and
   * containers the runtime no longer holds continue from the status the API has (restart count, last state,
   * how they ended). Called once, before the first sync; the sync then finds the sandbox again and starts only
   * what is not running.
   */
  adopt(held: readonly ContainerStatus[]): void {
    const plan = planAdoption({ keys: [...this.#records.keys()], status: this.#pod.status, held, runtimeName: this.#deps.runtime.name, now: rfc3339(this.#deps.clock.now()) });
    for (const id of plan.remove) void this.#deps.runtime.removeContainer(id).catch(() => undefined);
    for (const [key, a] of plan.containers) {
      const r = this.#records.get(key)!;
      if (a.restartCount !== undefined) r.restartCount = a.restartCount;
      if (a.imageID !== undefined) r.imageID = a.imageID;
      if (a.last) r.last = a.last;
      if (a.phase) r.phase = a.phase;
      const { container } = this.#specOf(key);
      if (a.watch && container) this.#watch(key, container, a.watch.id, a.watch.startedAt, a.watch.initial);
    }
  }

  /** The agent stops: this worker lets go of the pod and leaves its containers, sandbox and volumes as they are. */
  release(): void {
    this.#released = true;
    this.#done = true;
    this.#timer?.[Symbol.dispose]();
    this.#tokenTimer?.[Symbol.dispose]();
    for (const live of this.#live.values()) live.prober?.stop();
  }

  /** The pod's IP once its sandbox has one. */
  get podIP(): string | undefined { return this.#podIP; }
  /** The host paths of the pod's volumes by name, once they are ready. */
  get volumePaths(): ReadonlyMap<string, string> {
    return new Map([...(this.#volumes ?? new Map<string, PreparedVolume>())].map(([name, v]) => [name, v.path]));
  }
  /** The pod's network namespace file, once its sandbox exists. */
  get networkNamespace(): string | undefined { return this.#sandbox?.namespaces.network; }

  get #podDir(): string {
    return join(this.#deps.podsDir, this.uid);
  }

  update(pod: Pod): void {
    const metadataChanged = JSON.stringify([pod.metadata?.labels, pod.metadata?.annotations]) !== JSON.stringify([this.#pod.metadata?.labels, this.#pod.metadata?.annotations]);
    // A static pod's new mirror (another API object for the same running pod) gets the status posted afresh.
    if (pod.metadata?.uid !== this.#pod.metadata?.uid) this.#lastStatus = '';
    this.#pod = pod;
    if (metadataChanged) this.refreshVolumes();
    this.kick();
  }

  /** Whether the pod may be evicted: running here, not finished, not already evicted, not a static pod. */
  get evictable(): boolean {
    const phase = this.#pod.status?.phase;
    return !this.#done && this.#evicted === undefined && this.#live.size > 0 && phase !== 'Succeeded' && phase !== 'Failed' && !this.#pod.metadata?.annotations?.[mirrorPodAnnotation];
  }

  /** The pod's start time (status.startTime once posted). */
  get startTime(): string { return this.#startTime; }

  /** The containers running now (app and init containers), as the runtime started them. */
  runningContainers(): { name: string; id: string; startedAt: Date }[] {
    return [...this.#live].map(([key, l]) => ({ name: this.#specOf(key).container.name, id: l.id, startedAt: l.startedAt }));
  }

  /** What the pod uses now, per container and for the pod itself (its volumes' and logs' disk), in bytes. */
  async usage(resource: ReclaimResource): Promise<PodUsage> {
    // A container's disk is its writable layer and its logs (upstream); emptyDirs count for the pod.
    const containers = await Promise.all([...this.#live].map(async ([key, l]) => {
      const name = this.#specOf(key).container.name;
      if (resource === 'memory') return { name, bytes: await this.#deps.memoryWorkingSet(l.id).catch(() => 0) };
      const logs = await diskUsage(this.#deps.run, join(this.#logDir(), name));
      return { name, bytes: await this.#deps.runtime.writableLayerBytes(l.id) + logs };
    }));
    const podBytes = resource === 'memory' ? 0 : await diskUsage(this.#deps.run, join(this.#podDir, 'volumes'));
    return { pod: this.#pod, containers, podBytes };
  }

  /**
   * Evicts the pod under node pressure (upstream's hard eviction): the Evicted event, its containers stopped
   * within a second, the Failed/Evicted status, and its emptyDir volumes removed to give the disk back.
   */
  evict(message: string): Promise<void> {
    this.#evicted = message;
    const done = this.#syncing.then(async () => {
      this.#event('Warning', 'Evicted', message);
      await this.#stopAll(hardEvictionGraceSeconds);
      await this.#postStatus();
      await this.#volumeHost.teardown();
    });
    this.#syncing = done.catch(() => undefined);
    return done;
  }

  /** Whether a volume of the pod projects that ConfigMap or Secret. */
  uses(kind: 'configMap' | 'secret', namespace: string, name: string): boolean {
    if (this.#pod.metadata?.namespace !== namespace) return false;
    return (this.#pod.spec?.volumes ?? []).some((v) => (kind === 'configMap' ? v.configMap?.name : v.secret?.secretName) === name
      || (v.projected?.sources ?? []).some((src) => (kind === 'configMap' ? src.configMap?.name : src.secret?.name) === name));
  }

  /** Rewrites the file volumes (configMap, secret, downwardAPI, projected) from the current objects, in turn with syncs. */
  refreshVolumes(): void {
    if (this.#done) return;
    this.#syncing = this.#syncing.then(async () => {
      if (!this.#volumes || this.#done) return;
      try {
        await this.#volumeHost.refresh(this.#pod);
      } catch (e: unknown) {
        this.#log.warn('volume refresh failed', { error: errorMessage(e) });
      }
      this.#scheduleTokenRefresh();
    });
  }

  /** Projected tokens are renewed before they expire: a refresh when the first one is due (at least a minute apart). */
  #scheduleTokenRefresh(): void {
    const due = this.#volumeHost.nextTokenRefreshMs;
    this.#tokenTimer?.[Symbol.dispose]();
    this.#tokenTimer = undefined;
    if (due === undefined || this.#done) return;
    this.#tokenTimer = this.#deps.clock.setTimeout(() => this.refreshVolumes(), Math.max(60_000, due - this.#deps.clock.nowMs()));
  }

  /** Runs sync once more after the current one (coalesced). */
  kick(): void {
    if (this.#done || this.#queued) return;
    this.#queued = true;
    this.#syncing = this.#syncing.then(async () => {
      this.#queued = false;
      // Torn down meanwhile (a sync queued by a container's exit while the pod was terminating).
      if (this.#done) return;
      try {
        await this.#sync();
      } catch (e: unknown) {
        this.#log.warn('pod sync failed', { error: errorMessage(e) });
        this.#later(2000);
      }
    });
  }

  /** Resolves once the syncs queued so far, and the exits being recorded, are done (tests). */
  async settled(): Promise<void> {
    for (;;) {
      const syncing = this.#syncing;
      await Promise.all([syncing, ...this.#recording]);
      if (syncing === this.#syncing && this.#recording.size === 0) return;
    }
  }

  #later(ms: number): void {
    this.#timer?.[Symbol.dispose]();
    this.#timer = this.#deps.clock.setTimeout(() => this.kick(), ms);
  }

  /**
   * Upstream's MountVolume.NodeAffinity check: a bound PersistentVolume whose node affinity excludes this node is
   * never mounted here. The pod stays ContainerCreating, a FailedMount event per attempt (500 ms doubling to 2m2s).
   */
  #volumesMountableHere(pod: Pod): boolean {
    const conflicts = volumeNodeAffinityConflicts(pod, this.#deps.node(), this.#deps.sources);
    if (conflicts.length === 0) { this.#mountAttempts = 0; return true; }
    for (const pv of conflicts) this.#event('Warning', 'FailedMount', nodeAffinityCheckFailedMessage(pv));
    this.#later(Math.min(122_000, 500 * 2 ** Math.min(this.#mountAttempts++, 8)));
    return false;
  }

  /**
   * Reports the pod's attachable volumes in use and checks that the attach/detach controller attached them
   * here. While one is missing the pod stays ContainerCreating; after upstream's wait (2m3s) a FailedMount
   * event says which, and the wait starts over. A node update wakes the pod (waitingForAttach).
   */
  async #volumesAttached(pod: Pod): Promise<boolean> {
    const needed = attachableVolumes(pod, this.#deps.sources);
    if (needed.length === 0) return true;
    try {
      await this.#deps.attachments.use(this.uid, needed.map((v) => v.uniqueName));
    } catch (e: unknown) {
      this.#log.warn('volumesInUse not reported', { error: errorMessage(e) });
      this.#later(1000);
      return false;
    }
    const unattached = needed.filter((v) => !this.#deps.attachments.isAttached(v.uniqueName)).map((v) => v.podVolume);
    const nowMs = this.#deps.clock.nowMs();
    if (unattached.length === 0) { this.#attachWaitSinceMs = undefined; return true; }
    this.#attachWaitSinceMs ??= nowMs;
    if (nowMs - this.#attachWaitSinceMs >= attachMountTimeoutMs) {
      this.#event('Warning', 'FailedMount', attachMountTimeoutMessage(unattached, unattached));
      this.#attachWaitSinceMs = nowMs;
    }
    await this.#postStatus();
    this.#later(Math.min(5000, this.#attachWaitSinceMs + attachMountTimeoutMs - nowMs));
    return false;
  }

  /** True while the pod waits for the controller to attach a volume to this node. */
  get waitingForAttach(): boolean {
    return this.#attachWaitSinceMs !== undefined;
  }

  #event(type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void {
    const pod = this.#pod;
    this.#deps.recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata ?? {}, ...(container ? { fieldPath: container } : {}) }, type, reason, message);
  }

  #specOf(key: string): { container: Container; init: boolean } {
    const init = key.startsWith('init/');
    const name = init ? key.slice(5) : key;
    const list = init ? this.#pod.spec?.initContainers ?? [] : this.#pod.spec?.containers ?? [];
    return { container: list.find((c) => c.name === name)!, init };
  }

  /** A container as the sync sees it: running, exited (also while it waits in CrashLoopBackOff), or neither. */
  #observed(key: string): ObservedContainer {
    const r = this.#records.get(key)!;
    if (this.#live.has(key) || r.phase.kind === 'running') return { kind: 'running' };
    const t = r.phase.kind === 'terminated' ? r.phase.terminated : r.phase.reason === 'CrashLoopBackOff' ? r.last : undefined;
    return t ? { kind: 'exited', exitCode: t.exitCode, finishedAtMs: Date.parse(t.finishedAt) } : { kind: 'none' };
  }

  #syncState(key: string): ContainerSyncState {
    const backoff = this.#backoff.get(key);
    const pull = this.#pullBackoff.get(key);
    return { key, observed: this.#observed(key), ...(backoff ? { backoff } : {}), ...(pull ? { pullRetryAtMs: pull.untilMs } : {}) };
  }

  async #sync(): Promise<void> {
    const pod = this.#pod;
    // A mirror pod deleted while its manifest stays: the static pod runs on; the mirror goes at once and the
    // static pod source makes a new one (upstream's kubelet runs static pods from the file, not the API).
    if (pod.metadata?.deletionTimestamp && this.#deps.staticPodWanted(pod)) {
      await this.#deps.api.deletePod(pod);
      return;
    }
    const phase = pod.status?.phase;
    const plan = computePodActions({
      restartPolicy: pod.spec?.restartPolicy,
      deleted: pod.metadata?.deletionTimestamp !== undefined,
      finished: phase === 'Succeeded' || phase === 'Failed' || this.#evicted !== undefined,
      sandboxReady: this.#sandbox !== undefined,
      volumesReady: this.#volumes !== undefined,
      init: (pod.spec?.initContainers ?? []).map((c) => this.#syncState(`init/${c.name}`)),
      containers: (pod.spec?.containers ?? []).map((c) => this.#syncState(c.name)),
      nowMs: this.#deps.clock.nowMs(),
    });
    switch (plan.kind) {
      case 'terminate':
        await this.#terminate();
        return;
      case 'stopAll':
        await this.#stopAll(0);
        this.#deps.attachments.release(this.uid);
        await this.#postStatus(); // the containers' final states, once their exits are recorded
        return;
      case 'run':
        break;
    }
    if (plan.createSandbox && !await this.#createSandbox()) return;
    if (plan.prepareVolumes && !await this.#prepareVolumes(pod)) return;
    let wake = plan.wakeAfterMs ?? Infinity;
    for (const action of plan.actions) {
      const retryMs = await this.#act(action);
      if (retryMs !== undefined) wake = Math.min(wake, retryMs);
    }
    await this.#postStatus();
    if (wake !== Infinity) this.#later(wake);
  }

  async #createSandbox(): Promise<boolean> {
    try {
      const { sandbox, podIP } = await createPodSandbox(this.#deps, this.#pod, this.#podDir);
      this.#podIP = podIP;
      this.#sandbox = sandbox;
    } catch (e: unknown) {
      this.#event('Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${errorMessage(e)}`);
      await this.#postStatus();
      this.#later(5000);
      return false;
    }
    await this.#postStatus();
    return true;
  }

  async #prepareVolumes(pod: Pod): Promise<boolean> {
    await this.#deps.references?.(pod);
    if (!this.#volumesMountableHere(pod)) return false;
    if (!await this.#volumesAttached(pod)) return false;
    try {
      this.#volumes = await this.#volumeHost.prepare(pod);
      this.#scheduleTokenRefresh();
      return true;
    } catch (e: unknown) {
      this.#event('Warning', 'FailedMount', `MountVolume.SetUp failed: ${errorMessage(e)}`);
      this.#later(2000);
      return false;
    }
  }

  /** Carries out one container action; returns when to look again, if it asks for that. */
  async #act(action: ContainerAction): Promise<number | undefined> {
    const r = this.#records.get(action.key)!;
    if (action.kind === 'backOff') {
      if (r.phase.kind === 'terminated') r.last = r.phase.terminated;
      const pod = this.#pod;
      r.phase = { kind: 'waiting', reason: 'CrashLoopBackOff', message: crashLoopMessage(action.delayMs, r.name, { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', uid: this.uid }) };
      this.#event('Warning', 'BackOff', `Back-off restarting failed container ${r.name} in pod ${this.#podDesc}`, this.#fieldPath(action.key));
      return undefined;
    }
    if (action.backoff) this.#backoff.set(action.key, action.backoff);
    return this.#start(action.key, action.restart);
  }

  #fieldPath(key: string): string {
    const { container, init } = this.#specOf(key);
    return `spec.${init ? 'initContainers' : 'containers'}{${container.name}}`;
  }

  #logDir(): string {
    const pod = this.#pod;
    return join(this.#deps.logsDir, `${pod.metadata?.namespace}_${pod.metadata?.name}_${this.uid}`);
  }

  #logPath(name: string, restartCount: number): string {
    return join(this.#logDir(), name, `${restartCount}.log`);
  }

  #terminationPath(key: string, restartCount: number): string {
    return join(this.#podDir, 'termination', `${key.replace('/', '-')}-${restartCount}`);
  }

  /** The log file of a container's current (or, with previous, its last) run, for kubectl logs. */
  logFile(name: string, previous: boolean): string | undefined {
    const r = this.#records.get(name) ?? this.#records.get(`init/${name}`);
    if (!r) return undefined;
    const ran = r.phase.kind === 'running' || r.phase.kind === 'terminated';
    const n = previous ? r.restartCount - 1 : (ran ? r.restartCount : r.restartCount - 1);
    if (n < 0) return undefined;
    const path = this.#logPath(name, n);
    return existsSync(path) ? path : undefined;
  }

  /** The runtime's id of the running container of that name (an app or init container), for exec and attach. */
  containerId(name: string): string | undefined {
    return (this.#live.get(name) ?? this.#live.get(`init/${name}`))?.id;
  }

  /** Starts the container; returns when to try again after a failure. restart: a previous run ended (counted). */
  async #start(key: string, restart: boolean): Promise<number | undefined> {
    const { container } = this.#specOf(key);
    const r = this.#records.get(key)!;
    const pod = this.#pod;
    const fieldPath = this.#fieldPath(key);
    const previous = r.phase.kind === 'terminated' ? r.phase.terminated : r.last;
    if (restart) { r.restartCount++; if (previous) r.last = previous; }
    const outcome = await startContainer({
      runtime: this.#deps.runtime, images: this.#deps.images, sources: this.#deps.sources, allocatable: this.#deps.allocatable,
      capabilities: this.#deps.capabilities, logRotation: this.#deps.logRotation, nowMs: () => this.#deps.clock.nowMs(), event: (type, reason, message, at) => this.#event(type, reason, message, at),
    }, {
      pod, container, key, fieldPath, attempt: r.restartCount, sandbox: this.#sandbox!, volumes: this.#volumes ?? new Map(), podDir: this.#podDir,
      logPath: this.#logPath(container.name, r.restartCount), terminationFile: this.#terminationPath(key, r.restartCount), pullBackoff: this.#pullBackoff.get(key),
    });
    if (outcome.kind !== 'started') {
      if (restart) r.restartCount--;
      if (outcome.kind === 'pullFailed') this.#pullBackoff.set(key, outcome.pullBackoff);
      else r.imageID = outcome.imageID;
      r.phase = { kind: 'waiting', ...outcome.waiting };
      return outcome.kind === 'pullFailed' ? outcome.pullBackoff.delayMs : outcome.retryMs;
    }
    this.#pullBackoff.delete(key);
    r.imageID = outcome.imageID;
    const started = outcome.status;
    this.#watch(key, container, started.id, started.startedAt);
    // postStart runs before the container counts as running; a failed hook kills it (restartPolicy decides).
    const postStart = container.lifecycle?.postStart;
    if (postStart) {
      const hook = await this.#runHook(postStart, container, started.id, 10 * 60_000);
      if (!hook.ok) {
        this.#event('Warning', 'FailedPostStartHook', hook.message, fieldPath);
        await this.#deps.runtime.stopContainer(started.id, { gracePeriodMs: 0 }).catch(() => undefined);
      }
    }
    return undefined;
  }

  /** Records a started container as running, probes it, and records its exit when it ends. */
  #watch(key: string, container: Container, id: string, startedAtDate: Date, initial?: { ready: boolean; started: boolean }): void {
    const r = this.#records.get(key)!;
    const fieldPath = this.#fieldPath(key);
    const containerID = `${this.#deps.runtime.name}://${id}`;
    const startedAt = rfc3339(startedAtDate);
    const restartCount = r.restartCount;
    const live: Live = { id, startedAt: startedAtDate, exited: this.#deps.runtime.waitContainer(id), ready: initial?.ready ?? !container.readinessProbe, startupDone: initial?.started ?? !container.startupProbe };
    this.#live.set(key, live);
    this.#deps.containerStarted();
    r.phase = { kind: 'running', startedAt, containerID, ready: live.ready && !key.startsWith('init/'), started: live.startupDone };
    if (!key.startsWith('init/') && (container.readinessProbe || container.livenessProbe || container.startupProbe)) {
      live.prober = new Prober({
        container, podIP: () => this.#podIP, clock: this.#deps.clock, exec: (cmd, timeoutMs) => execCaptured(this.#deps.runtime, { id, command: cmd, timeoutMs, clock: this.#deps.clock }), ...(initial ? { initial } : {}),
        onChange: (state) => {
          live.ready = state.ready;
          live.startupDone = state.started;
          if (r.phase.kind === 'running') r.phase = { ...r.phase, ready: state.ready, started: state.started };
          this.kick();
        },
        onLivenessFailure: (message) => {
          this.#event('Warning', 'Unhealthy', message, fieldPath);
          this.#event('Normal', 'Killing', `Container ${container.name} failed liveness probe, will be restarted`, fieldPath);
          void this.#stopContainer(key, container.livenessProbe?.terminationGracePeriodSeconds ?? this.#pod.spec?.terminationGracePeriodSeconds ?? 30);
        },
        onProbeFailure: (message) => this.#event('Warning', 'Unhealthy', message, fieldPath),
      });
      live.prober.start();
    }
    void live.exited.then((exit) => {
      if (this.#released) return;
      const recorded = (async () => {
        live.prober?.stop();
        const terminated = await terminatedState(container, exit, { containerID, startedAt, terminationFile: this.#terminationPath(key, restartCount), logPath: this.#logPath(container.name, restartCount) });
        this.#live.delete(key);
        r.phase = { kind: 'terminated', terminated };
        await this.#deps.runtime.removeContainer(id).catch((e: unknown) => this.#log.warn('container cleanup failed', { error: errorMessage(e) }));
        this.kick();
      })().finally(() => this.#recording.delete(recorded));
      this.#recording.add(recorded);
    }, (e: unknown) => {
      if (this.#released) return;
      // The runtime lost the container: it counts as gone (the sync starts it again by policy).
      this.#log.warn('container exit not known', { error: errorMessage(e) });
      live.prober?.stop();
      this.#live.delete(key);
      r.phase = { kind: 'waiting', reason: 'ContainerCreating' };
      this.kick();
    });
  }

  /** A postStart or preStop handler against the running container. */
  #runHook(handler: LifecycleHandler, container: Container, id: string, timeoutMs: number): Promise<ProbeResult> {
    return runLifecycleHandler(handler, {
      container, podIP: () => this.#podIP, clock: this.#deps.clock, exec: (cmd, ms) => execCaptured(this.#deps.runtime, { id, command: cmd, timeoutMs: ms, clock: this.#deps.clock }), podDesc: this.#podDesc, timeoutMs,
    });
  }

  /** name_namespace(uid), as kubelet names the pod in events. */
  get #podDesc(): string {
    return `${this.#pod.metadata?.name}_${this.#pod.metadata?.namespace}(${this.uid})`;
  }

  async #postStatus(): Promise<void> {
    const pod = this.#pod;
    const record: PodRecord = {
      sandboxReady: this.#sandbox !== undefined,
      hostIP: this.#deps.hostIP,
      ...(this.#podIP ? { podIP: this.#podIP } : {}),
      startTime: this.#startTime,
      init: (pod.spec?.initContainers ?? []).map((c) => this.#records.get(`init/${c.name}`)!),
      containers: (pod.spec?.containers ?? []).map((c) => this.#records.get(c.name)!),
      ...(this.#evicted !== undefined ? { evicted: this.#evicted } : {}),
      ...(this.#deleted ? { deleted: true } : {}),
    };
    const status = podStatus(pod, record, rfc3339(this.#deps.clock.now()));
    const text = JSON.stringify(status);
    if (text === this.#lastStatus) return;
    this.#lastStatus = text;
    await this.#deps.api.writeStatus(pod, status);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') this.#pod = { ...pod, status };
  }

  async #stopContainer(key: string, graceSeconds: number): Promise<void> {
    const live = this.#live.get(key);
    if (!live) return;
    const { container } = this.#specOf(key);
    live.prober?.stop();
    await stopContainer({
      runtime: this.#deps.runtime, nowMs: () => this.#deps.clock.nowMs(), runHook: (h, c, id, ms) => this.#runHook(h, c, id, ms),
      event: (type, reason, message, at) => this.#event(type, reason, message, at),
    }, { id: live.id, container, graceSeconds, fieldPath: this.#fieldPath(key) }).catch((e: unknown) => this.#log.warn('container not stopped', { error: errorMessage(e) }));
    await live.exited.catch(() => undefined);
  }

  async #stopAll(graceSeconds: number): Promise<void> {
    if (!this.#killing) {
      const keys = [...this.#live.keys()];
      for (const key of keys) this.#event('Normal', 'Killing', `Stopping container ${this.#specOf(key).container.name}`, this.#fieldPath(key));
      this.#killing = Promise.all(keys.map((k) => this.#stopContainer(k, graceSeconds))).then(() => undefined).finally(() => { this.#killing = undefined; });
    }
    await this.#killing;
    // The exit handlers record the terminations (registered before the stops resolved) before the status is computed.
    while (this.#recording.size > 0) await Promise.all([...this.#recording]);
  }

  async #terminate(): Promise<void> {
    const pod = this.#pod;
    const grace = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    await this.#stopAll(grace);
    // The final status first (terminal phase, the containers' exits): a pod kept by finalizers (a Job's
    // tracking finalizer) shows how it ended, as upstream's kubelet reports it.
    this.#deleted = true;
    await this.#postStatus().catch((e: unknown) => this.#log.warn('final pod status not written', { error: errorMessage(e) }));
    await this.teardown();
    this.#done = true;
    this.#timer?.[Symbol.dispose]();
    await this.#deps.api.deletePod(pod);
    this.#onGone();
  }

  /** Stops everything and releases the pod's resources on this node (the pod is gone, or the agent stops). */
  async teardown(): Promise<void> {
    this.#done = true;
    this.#timer?.[Symbol.dispose]();
    this.#tokenTimer?.[Symbol.dispose]();
    for (const live of this.#live.values()) live.prober?.stop();
    await Promise.all([...this.#live.values()].map(async (l) => {
      await this.#deps.runtime.stopContainer(l.id, { gracePeriodMs: 0 }).catch(() => undefined);
      await l.exited.catch(() => undefined);
    }));
    await this.#volumeHost.teardown();
    this.#deps.attachments.release(this.uid);
    await this.#deps.network.detach(this.uid);
    await this.#deps.runtime.removeSandbox(this.uid);
    await fs.rm(this.#podDir, { recursive: true, force: true });
  }
}
