// One pod on this node, from admission to removal (kubelet's pod worker): the sandbox (namespaces, pod IP,
// /etc/hosts, resolv.conf), volumes, init containers one at a time, then the app containers; restarts by
// restartPolicy with crash-loop back-off; probes; graceful termination on deletion (SIGTERM, the grace
// period, SIGKILL), then the final delete. Syncs are serialised; every change of state posts the status.
import { promises as fs, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Container, LifecycleHandler, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { attachableVolumes, attachMountTimeoutMessage, attachMountTimeoutMs, isNotFound, lookupResource, mirrorPodAnnotation, nodeAffinityCheckFailedMessage, volumeNodeAffinityConflicts, type NodeIdentity } from '../../api/index.js';
import { writeStatus, type Client, type EventRecorder } from '../../client/index.js';
import { errorMessage, rfc3339, type Clock, type Logger } from '../../util/index.js';
import type { CommandRunner } from '../runtime/exec.js';
import type { RuncRuntime, SandboxNamespaces, StartedContainer } from '../runtime/runtime.js';
import { bindOptions, capabilitiesOf, hostCapabilities, mergeEnv, processArgs, resourcesOf, SpecError, userOf, type Mount } from '../runtime/oci-spec.js';
import { ContainerConfigError, resolveEnv, type EnvSources } from './env.js';
import { pulledMessage, ImageNeverPullError, type ImagePuller } from './image-puller.js';
import { hostsFile, podHostname, resolvConf } from './pod-files.js';
import { crashLoopMessage, decideRestart, initialBackoffMs, maxBackoffMs, type BackoffEntry } from './restart.js';
import { podStatus, type ContainerRecord, type PodRecord, type Terminated } from './status.js';
import { PodVolumes, type VolumeSources, type PreparedVolume } from './volumes.js';
import { runLifecycleHandler, Prober, type ProbeResult } from './probes.js';
import type { VolumeAttachments } from './attachments.js';
import { hardEvictionGraceSeconds, type PodUsage, type ReclaimResource } from './eviction.js';

const podResource = lookupResource('', 'v1', 'pods')!;

export interface PodNetwork {
  attach(podUid: string, netns: string): Promise<string>;
  detach(podUid: string): Promise<void>;
}

export interface PodWorkerDeps {
  client: Client;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  runtime: RuncRuntime;
  images: ImagePuller;
  network: PodNetwork;
  sources: VolumeSources & EnvSources & { secrets(namespace: string, names: readonly string[]): Secret[] };
  run: CommandRunner;
  hostIP: string;
  clusterDns: string;
  hostResolvConf: string;
  logsDir: string;
  allocatable: Record<string, string>;
  attachments: VolumeAttachments;
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
  started: StartedContainer;
  startedMs: number;
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
  #sandbox: SandboxNamespaces | undefined;
  #podIP: string | undefined;
  #volumes: Map<string, PreparedVolume> | undefined;
  readonly #volumeHost: PodVolumes;
  readonly #records = new Map<string, ContainerRecord>();
  readonly #live = new Map<string, Live>();
  readonly #backoff = new Map<string, BackoffEntry>();
  readonly #pullBackoff = new Map<string, { until: number; delayMs: number }>();
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

  constructor(pod: Pod, deps: PodWorkerDeps, onGone: () => void) {
    this.uid = pod.metadata!.uid!;
    this.#pod = pod;
    this.#deps = deps;
    this.#onGone = onGone;
    this.#log = deps.logger.with({ pod: `${pod.metadata?.namespace}/${pod.metadata?.name}` });
    this.#volumeHost = new PodVolumes({ sandboxDir: deps.runtime.sandboxDir(this.uid), sources: deps.sources, run: deps.run, nowMs: () => deps.clock.nowMs() });
    this.#startTime = pod.status?.startTime ?? rfc3339(deps.clock.now());
    const waiting = (c: Container): ContainerRecord => ({ name: c.name, image: c.image ?? '', imageID: '', restartCount: 0, phase: { kind: 'waiting', reason: 'PodInitializing' } });
    for (const c of pod.spec?.initContainers ?? []) this.#records.set(`init/${c.name}`, waiting(c));
    for (const c of pod.spec?.containers ?? []) this.#records.set(c.name, { ...waiting(c), phase: { kind: 'waiting', reason: (pod.spec?.initContainers ?? []).length ? 'PodInitializing' : 'ContainerCreating' } });
  }

  get pod(): Pod { return this.#pod; }

  /** The pod's IP once its sandbox has one. */
  get podIP(): string | undefined { return this.#podIP; }
  /** The pod's network namespace file, once its sandbox exists. */
  get networkNamespace(): string | undefined { return this.#sandbox?.network; }

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
    return [...this.#live].map(([key, l]) => ({ name: this.#specOf(key).container.name, id: l.started.id, startedAt: l.started.startedAt }));
  }

  /** What the pod uses now, per container and for the pod itself (its volumes' and logs' disk), in bytes. */
  async usage(resource: ReclaimResource): Promise<PodUsage> {
    // A container's disk is its writable layer and its logs (upstream); emptyDirs count for the pod.
    const containers = await Promise.all([...this.#live].map(async ([key, l]) => {
      const name = this.#specOf(key).container.name;
      if (resource === 'memory') return { name, bytes: await this.#deps.memoryWorkingSet(l.started.id).catch(() => 0) };
      const logs = await this.#deps.runtime.diskUsage(join(this.#logDir(), name));
      return { name, bytes: await this.#deps.runtime.writableLayerBytes(l.started.id) + logs };
    }));
    const podBytes = resource === 'memory' ? 0 : await this.#deps.runtime.diskUsage(join(this.#deps.runtime.sandboxDir(this.uid), 'volumes'));
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
      try {
        await this.#sync();
      } catch (e: unknown) {
        this.#log.warn('pod sync failed', { error: errorMessage(e) });
        this.#later(2000);
      }
    });
  }

  #later(ms: number): void {
    this.#timer?.[Symbol.dispose]();
    this.#timer = this.#deps.clock.setTimeout(() => this.kick(), ms);
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

  async #sync(): Promise<void> {
    const pod = this.#pod;
    if (pod.metadata?.deletionTimestamp) {
      // A mirror pod deleted while its manifest stays: the static pod runs on; the mirror goes at once and the
      // static pod source makes a new one (upstream's kubelet runs static pods from the file, not the API).
      if (this.#deps.staticPodWanted(pod)) {
        await this.#deleteFromApi(pod);
        return;
      }
      await this.#terminate();
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || this.#evicted !== undefined) {
      await this.#stopAll(0);
      this.#deps.attachments.release(this.uid);
      await this.#postStatus(); // the containers' final states, once their exits are recorded
      return;
    }
    if (!this.#sandbox) {
      try {
        const ns = await this.#deps.runtime.createSandbox(this.uid);
        this.#podIP = await this.#deps.network.attach(this.uid, ns.network);
        this.#sandbox = ns;
        await this.#writePodFiles();
      } catch (e: unknown) {
        this.#event('Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${errorMessage(e)}`);
        await this.#postStatus();
        this.#later(5000);
        return;
      }
      await this.#postStatus();
    }
    if (!this.#volumes) {
      await this.#deps.references?.(pod);
      if (!this.#volumesMountableHere(pod)) return;
      if (!await this.#volumesAttached(pod)) return;
      try {
        this.#volumes = await this.#volumeHost.prepare(pod);
        this.#scheduleTokenRefresh();
      } catch (e: unknown) {
        this.#event('Warning', 'FailedMount', `MountVolume.SetUp failed: ${errorMessage(e)}`);
        this.#later(2000);
        return;
      }
    }
    const nowMs = this.#deps.clock.nowMs();
    let wake = Infinity;
    // Init containers: one at a time, in order, each to a successful exit.
    for (const c of pod.spec?.initContainers ?? []) {
      const key = `init/${c.name}`;
      const r = this.#records.get(key)!;
      if (r.phase.kind === 'terminated' && r.phase.terminated.exitCode === 0) continue;
      if (r.phase.kind === 'running' || this.#live.has(key)) { await this.#postStatus(); return; }
      const policy = pod.spec?.restartPolicy === 'Never' ? 'Never' : 'OnFailure';
      const due = this.#restartDue(key, policy, nowMs);
      if (due === 'stay') { await this.#postStatus(); return; }
      if (typeof due === 'number') { await this.#postStatus(); this.#later(due); return; }
      await this.#start(key);
      await this.#postStatus();
      return;
    }
    for (const c of pod.spec?.containers ?? []) {
      const key = c.name;
      if (this.#live.has(key)) continue;
      const due = this.#restartDue(key, pod.spec?.restartPolicy, nowMs);
      if (due === 'stay') continue;
      if (typeof due === 'number') { wake = Math.min(wake, due); continue; }
      await this.#start(key);
    }
    await this.#postStatus();
    if (wake !== Infinity) this.#later(wake);
  }

  /** 'now' to start, a number of ms to wait (back-off), or 'stay' (finished for good). */
  #restartDue(key: string, policy: string | undefined, nowMs: number): 'now' | number | 'stay' {
    const r = this.#records.get(key)!;
    const pull = this.#pullBackoff.get(key);
    if (pull && pull.until > nowMs) return pull.until - nowMs;
    if (r.phase.kind !== 'terminated') return 'now';
    const t = r.phase.terminated;
    const finishedMs = Date.parse(t.finishedAt);
    const decision = decideRestart(policy, t.exitCode, this.#backoff.get(key), { nowMs, finishedMs, ranMs: finishedMs - Date.parse(t.startedAt) });
    if (decision.kind === 'stay') return 'stay';
    if (decision.kind === 'backoff') {
      const pod = this.#pod;
      r.last = t;
      r.phase = { kind: 'waiting', reason: 'CrashLoopBackOff', message: crashLoopMessage(decision.delayMs, r.name, { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', uid: this.uid }) };
      this.#event('Warning', 'BackOff', `Back-off restarting failed container ${r.name} in pod ${this.#podDesc}`, this.#fieldPath(key));
      return decision.ms;
    }
    this.#backoff.set(key, decision.next);
    return 'now';
  }

  #fieldPath(key: string): string {
    const { container, init } = this.#specOf(key);
    return `spec.${init ? 'initContainers' : 'containers'}{${container.name}}`;
  }

  async #writePodFiles(): Promise<void> {
    const dir = this.#deps.runtime.sandboxDir(this.uid);
    await fs.writeFile(join(dir, 'hosts'), hostsFile(this.#pod, this.#podIP));
    await fs.writeFile(join(dir, 'resolv.conf'), resolvConf(this.#pod, { clusterDns: this.#deps.clusterDns, host: this.#deps.hostResolvConf }));
    await fs.writeFile(join(dir, 'hostname'), `${podHostname(this.#pod)}\n`);
  }

  #logDir(): string {
    const pod = this.#pod;
    return join(this.#deps.logsDir, `${pod.metadata?.namespace}_${pod.metadata?.name}_${this.uid}`);
  }

  #logPath(name: string, restartCount: number): string {
    return join(this.#logDir(), name, `${restartCount}.log`);
  }

  /** The log file of a container's current (or, with previous, its last) run, for kubectl logs. */
  logFile(name: string, previous: boolean): string | undefined {
    const r = this.#records.get(name) ?? this.#records.get(`init/${name}`);
    if (!r) return undefined;
    const ran = r.phase.kind === 'running' || r.phase.kind === 'terminated';
    const n = previous ? (ran ? r.restartCount - 1 : r.restartCount - 1) : (ran ? r.restartCount : r.restartCount - 1);
    if (n < 0) return undefined;
    const path = this.#logPath(name, n);
    return existsSync(path) ? path : undefined;
  }

  containerId(name: string): string | undefined {
    return this.running(name)?.id;
  }

  /** The running container of that name (an app or init container), for exec and attach. */
  running(name: string): StartedContainer | undefined {
    return (this.#live.get(name) ?? this.#live.get(`init/${name}`))?.started;
  }

  /** What a stdinOnce container wrote before its first attach (once: later attaches get nothing). */
  takeEarlyOutput(name: string): { stream: 'stdout' | 'stderr'; data: Buffer }[] {
    return this.running(name)?.takeEarlyOutput() ?? [];
  }

  async #start(key: string): Promise<void> {
    const { container } = this.#specOf(key);
    const r = this.#records.get(key)!;
    const pod = this.#pod;
    const fieldPath = this.#fieldPath(key);
    const wasRun = r.phase.kind === 'terminated';
    if (wasRun && r.phase.kind === 'terminated') { r.last = r.phase.terminated; r.restartCount++; }
    // The image.
    let image;
    try {
      const secrets = this.#deps.sources.secrets(pod.metadata?.namespace ?? 'default', (pod.spec?.imagePullSecrets ?? []).map((s) => s.name ?? ''));
      image = await this.#deps.images.ensure(container, secrets, () => this.#event('Normal', 'Pulling', `Pulling image "${container.image}"`, fieldPath));
      if (image.pulledMs !== undefined) this.#event('Normal', 'Pulled', pulledMessage(container.image ?? '', image.pulledMs, image.record), fieldPath);
      else this.#event('Normal', 'Pulled', `Container image "${container.image}" already present on machine`, fieldPath);
      this.#pullBackoff.delete(key);
    } catch (e: unknown) {
      if (wasRun) r.restartCount--;
      const never = e instanceof ImageNeverPullError;
      const prev = this.#pullBackoff.get(key);
      const delayMs = prev ? Math.min(maxBackoffMs, prev.delayMs * 2) : initialBackoffMs;
      this.#pullBackoff.set(key, { until: this.#deps.clock.nowMs() + delayMs, delayMs });
      const reason = never ? 'ErrImageNeverPull' : prev ? 'ImagePullBackOff' : 'ErrImagePull';
      const message = never ? errorMessage(e) : prev ? `Back-off pulling image "${container.image}"` : `failed to pull and unpack image "${container.image}": ${errorMessage(e)}`;
      r.phase = { kind: 'waiting', reason, message };
      if (!never) this.#event('Warning', 'Failed', `Failed to pull image "${container.image}": ${errorMessage(e)}`, fieldPath);
      this.#event('Warning', prev && !never ? 'BackOff' : 'Failed', prev && !never ? `Back-off pulling image "${container.image}"` : `Error: ${reason}`, fieldPath);
      this.#later(delayMs);
      return;
    }
    r.imageID = `${image.record.reference.replace(/:[^:/]+$/, '')}@${image.record.manifestDigest}`;
    // The process, its environment, user and mounts.
    let started: StartedContainer;
    try {
      const env = resolveEnv(pod, container, this.#deps.sources, this.#deps.allocatable);
      const vars = new Map(env.map((e) => [e.name, e.value]));
      const readRootFile = (p: string): string | undefined => { try { return readFileSync(join(image.root, p), 'utf8'); } catch { return undefined; } };
      const passwd = readRootFile('etc/passwd');
      const group = readRootFile('etc/group');
      const spec = {
        args: processArgs(container, image.record.config, vars),
        env: mergeEnv(image.record.config, [{ name: 'HOSTNAME', value: podHostname(pod) }, ...env]),
        cwd: container.workingDir ?? image.record.config.config?.WorkingDir ?? '/',
        user: userOf(pod, container, image.record.config, { ...(passwd !== undefined ? { passwd } : {}), ...(group !== undefined ? { group } : {}) }),
        hostname: podHostname(pod),
        readOnlyRoot: container.securityContext?.readOnlyRootFilesystem ?? false,
        mounts: await this.#mountsOf(key, container, r.restartCount),
        resources: resourcesOf(container),
        capabilities: capabilitiesOf(container, hostCapabilities()),
        privileged: container.securityContext?.privileged ?? false,
        noNewPrivileges: container.securityContext?.allowPrivilegeEscalation === false,
        terminal: container.tty ?? false,
      };
      const logPath = this.#logPath(container.name, r.restartCount);
      await fs.mkdir(join(logPath, '..'), { recursive: true });
      const memory = spec.resources.memoryLimitBytes;
      started = await this.#deps.runtime.startContainer(this.#sandbox!, { podUid: this.uid, imageRoot: image.root, spec, logPath, stdin: container.stdin ?? false, keepEarlyOutput: (container.stdin ?? false) && (container.stdinOnce ?? false), ...(memory !== undefined ? { memoryLimitBytes: memory } : {}) });
    } catch (e: unknown) {
      if (wasRun) r.restartCount--;
      const reason = e instanceof ContainerConfigError ? 'CreateContainerConfigError' : 'CreateContainerError';
      r.phase = { kind: 'waiting', reason, message: errorMessage(e) };
      this.#event('Warning', 'Failed', `Error: ${errorMessage(e)}`, fieldPath);
      this.#later(e instanceof SpecError ? 10_000 : 5000);
      return;
    }
    this.#event('Normal', 'Created', `Created container ${container.name}`, fieldPath);
    this.#event('Normal', 'Started', `Started container ${container.name}`, fieldPath);
    // postStart runs before the container counts as running; a failed hook kills it (restartPolicy decides).
    const postStart = container.lifecycle?.postStart;
    if (postStart) {
      const hook = await this.#runHook(postStart, container, started.id, 10 * 60_000);
      if (!hook.ok) {
        this.#event('Warning', 'FailedPostStartHook', hook.message, fieldPath);
        await this.#deps.runtime.signal(started.id, 'KILL').catch(() => undefined);
      }
    }
    const containerID = `runc://${started.id}`;
    const startedAt = rfc3339(started.startedAt);
    const live: Live = { started, startedMs: started.startedAt.getTime(), ready: !container.readinessProbe, startupDone: !container.startupProbe };
    this.#live.set(key, live);
    this.#deps.containerStarted();
    r.phase = { kind: 'running', startedAt, containerID, ready: live.ready && !key.startsWith('init/'), started: live.startupDone };
    if (!key.startsWith('init/') && (container.readinessProbe || container.livenessProbe || container.startupProbe)) {
      live.prober = new Prober({
        container, podIP: () => this.#podIP, clock: this.#deps.clock, exec: (cmd, timeoutMs) => this.#execProbe(started.id, cmd, timeoutMs),
        onChange: (state) => {
          live.ready = state.ready;
          live.startupDone = state.started;
          if (r.phase.kind === 'running') r.phase = { ...r.phase, ready: state.ready, started: state.started };
          this.kick();
        },
        onLivenessFailure: (message) => {
          this.#event('Warning', 'Unhealthy', message, fieldPath);
          this.#event('Normal', 'Killing', `Container ${container.name} failed liveness probe, will be restarted`, fieldPath);
          void this.#stopContainer(key, container.livenessProbe?.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30);
        },
        onProbeFailure: (message) => this.#event('Warning', 'Unhealthy', message, fieldPath),
      });
      live.prober.start();
    }
    void started.exited.then(async (exit) => {
      live.prober?.stop();
      this.#live.delete(key);
      const terminationMessage = await this.#terminationMessage(key, container, r.restartCount, exit.exitCode);
      const terminated: Terminated = {
        exitCode: exit.exitCode, reason: exit.oomKilled ? 'OOMKilled' : exit.exitCode === 0 ? 'Completed' : 'Error',
        startedAt, finishedAt: rfc3339(exit.finishedAt), containerID,
        ...(terminationMessage ? { message: terminationMessage } : {}),
      };
      r.phase = { kind: 'terminated', terminated };
      await this.#deps.runtime.removeContainer(started.id).catch((e: unknown) => this.#log.warn('container cleanup failed', { error: errorMessage(e) }));
      this.kick();
    });
  }

  /** A postStart or preStop handler against the running container. */
  #runHook(handler: LifecycleHandler, container: Container, id: string, timeoutMs: number): Promise<ProbeResult> {
    return runLifecycleHandler(handler, {
      container, podIP: () => this.#podIP, clock: this.#deps.clock, exec: (cmd, ms) => this.#execProbe(id, cmd, ms), podDesc: this.#podDesc, timeoutMs,
    });
  }

  /** name_namespace(uid), as kubelet names the pod in events. */
  get #podDesc(): string {
    return `${this.#pod.metadata?.name}_${this.#pod.metadata?.namespace}(${this.uid})`;
  }

  async #execProbe(id: string, command: readonly string[], timeoutMs: number): Promise<{ exitCode: number; output: string }> {
    const child = this.#deps.runtime.exec(id, command, { tty: false, stdin: false });
    let output = '';
    child.stdout.on('data', (c: Buffer) => { if (output.length < 10_240) output += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { if (output.length < 10_240) output += c.toString('utf8'); });
    return new Promise((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve({ exitCode: -1, output: `command timed out after ${timeoutMs / 1000}s` }); }, timeoutMs);
      void child.exited.then((code) => { clearTimeout(timer); resolve({ exitCode: code, output }); });
    });
  }

  #terminationPath(key: string, restartCount: number): string {
    return join(this.#deps.runtime.sandboxDir(this.uid), 'termination', `${key.replace('/', '-')}-${restartCount}`);
  }

  async #terminationMessage(key: string, container: Container, restartCount: number, exitCode: number): Promise<string | undefined> {
    let text = (await fs.readFile(this.#terminationPath(key, restartCount), 'utf8').catch(() => '')).slice(0, 4096);
    if (!text && exitCode !== 0 && container.terminationMessagePolicy === 'FallbackToLogsOnError') {
      const { readLogFile, renderLogs } = await import('../runtime/cri-log.js');
      text = renderLogs(await readLogFile(this.#logPath(container.name, restartCount)), { tailLines: 80 }).slice(-2048);
    }
    return text || undefined;
  }

  async #mountsOf(key: string, container: Container, restartCount: number): Promise<Mount[]> {
    const dir = this.#deps.runtime.sandboxDir(this.uid);
    const mounts: Mount[] = [];
    const claimed = new Set((container.volumeMounts ?? []).map((m) => m.mountPath));
    const podFile = (name: string, destination: string): void => { if (!claimed.has(destination)) mounts.push({ destination, source: join(dir, name), options: bindOptions(false) }); };
    podFile('hosts', '/etc/hosts');
    podFile('resolv.conf', '/etc/resolv.conf');
    podFile('hostname', '/etc/hostname');
    const termination = this.#terminationPath(key, restartCount);
    await fs.mkdir(join(termination, '..'), { recursive: true });
    await fs.writeFile(termination, '', { mode: 0o666 });
    await fs.chmod(termination, 0o666);
    mounts.push({ destination: container.terminationMessagePath ?? '/dev/termination-log', source: termination, options: bindOptions(false) });
    for (const m of container.volumeMounts ?? []) {
      const v = this.#volumes?.get(m.name);
      if (!v) throw new ContainerConfigError(`volume "${m.name}" not found in the pod's volumes`);
      let source = v.path;
      if (m.subPath) {
        source = join(v.path, m.subPath);
        if (!existsSync(source)) await fs.mkdir(source, { recursive: true, mode: 0o755 });
      }
      mounts.push({ destination: m.mountPath, source, options: bindOptions(m.readOnly ?? v.readOnly) });
    }
    return mounts;
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
    await writeStatus(this.#deps.client, podResource, pod as Pod & { metadata: { name: string } }, status);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') this.#pod = { ...pod, status };
  }

  async #stopContainer(key: string, graceSeconds: number): Promise<void> {
    const live = this.#live.get(key);
    if (!live) return;
    const { container } = this.#specOf(key);
    live.prober?.stop();
    const deadline = this.#deps.clock.nowMs() + graceSeconds * 1000;
    const preStop = container.lifecycle?.preStop;
    if (preStop) {
      const hook = await this.#runHook(preStop, container, live.started.id, Math.max(1, deadline - this.#deps.clock.nowMs()));
      if (!hook.ok) this.#event('Warning', 'FailedPreStopHook', hook.message, this.#fieldPath(key));
    }
    await this.#deps.runtime.signal(live.started.id, 'TERM').catch(() => undefined);
    const left = Math.max(0, deadline - this.#deps.clock.nowMs());
    const exited = await Promise.race([live.started.exited.then(() => true), this.#deps.clock.sleep(left).then(() => false)]);
    if (!exited) {
      await this.#deps.runtime.signal(live.started.id, 'KILL').catch(() => undefined);
      await live.started.exited;
    }
  }

  async #stopAll(graceSeconds: number): Promise<void> {
    if (!this.#killing) {
      const keys = [...this.#live.keys()];
      for (const key of keys) this.#event('Normal', 'Killing', `Stopping container ${this.#specOf(key).container.name}`, this.#fieldPath(key));
      this.#killing = Promise.all(keys.map((k) => this.#stopContainer(k, graceSeconds))).then(() => undefined).finally(() => { this.#killing = undefined; });
    }
    await this.#killing;
    // Let the exit handlers record the terminations before the status is computed.
    await new Promise((r) => setImmediate(r));
  }

  async #terminate(): Promise<void> {
    const pod = this.#pod;
    const grace = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    await this.#stopAll(grace);
    while (this.#live.size > 0) await new Promise((r) => setTimeout(r, 20));
    // The final status first (terminal phase, the containers' exits): a pod kept by finalizers (a Job's
    // tracking finalizer) shows how it ended, as upstream's kubelet reports it.
    this.#deleted = true;
    await this.#postStatus().catch((e: unknown) => this.#log.warn('final pod status not written', { error: errorMessage(e) }));
    await this.teardown();
    this.#done = true;
    this.#timer?.[Symbol.dispose]();
    await this.#deleteFromApi(pod);
    this.#onGone();
  }

  /** The kubelet's final delete of this pod object (grace 0, for exactly this uid); gone already is fine. */
  async #deleteFromApi(pod: Pod): Promise<void> {
    try {
      await this.#deps.client.delete(podResource, pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid ?? this.uid } });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** Stops everything and releases the pod's resources on this node (the pod is gone, or the agent stops). */
  async teardown(): Promise<void> {
    this.#done = true;
    this.#timer?.[Symbol.dispose]();
    this.#tokenTimer?.[Symbol.dispose]();
    for (const live of this.#live.values()) live.prober?.stop();
    await Promise.all([...this.#live.values()].map(async (l) => { await this.#deps.runtime.signal(l.started.id, 'KILL').catch(() => undefined); await l.started.exited; }));
    await this.#volumeHost.teardown();
    this.#deps.attachments.release(this.uid);
    await this.#deps.network.detach(this.uid);
    await this.#deps.runtime.removeSandbox(this.uid);
  }
}
