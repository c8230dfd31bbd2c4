// The kubelet of a real node: watches the pods bound to it (field selector spec.nodeName), runs a PodWorker
// per pod, and answers the streaming side (logs, exec) for the API server. ConfigMaps, Secrets, claims and
// volumes come from informers.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { connect } from 'node:net';
import { uptime } from 'node:os';
import type { Duplex } from 'node:stream';
import type { Pod, PodStatus, Secret, Service } from 'kubernetes-types/core/v1.js';
import { ApiError, badRequest, isNotFound, lookupResource, mirrorPodAnnotation, notFound, type ExecRequest, type LogRequest, type NodeCustomMetricsSource, type NodeStatsSource, type NodeStreams, type StreamProcess } from '../../api/index.js';
import { Informer, writeStatus, type ControllerContext, type EventRecorder } from '../../client/index.js';
import { rfc3339 } from '../../util/index.js';
import { cgroupVersion } from '../runtime/runc/cgroups.js';
import type { CommandRunner } from '../runtime/exec.js';
import type { ContainerRuntime, ContainerStatus } from '../runtime/container-runtime.js';
import { removeOrphans } from './leftovers.js';
import type { LogRotation } from '../runtime/log-rotation.js';
import { hostCapabilities } from './capabilities.js';
import { attachProcess, execProcess, readLog } from './streams.js';
import type { ImagePuller } from './image-puller.js';
import { PodWorker, type PodNetwork } from './pod-worker.js';
import { evictionMessage, rankForEviction, type ReclaimResource } from './eviction.js';
import type { VolumeAttachments } from './attachments.js';
import { connectInNamespace, ForwardError } from './port-forward.js';
import { FsCgroupReader, type CgroupReader } from './stats/cgroup-reader.js';
import { VolumeUsageReporter } from './volume-usage-reporter.js';
import { StatsCollector, type MountedVolume, type RunningContainer } from './stats/collector.js';
import { PodMetricsCollector, type ScrapablePod } from './custom-metrics/collector.js';
import { ReferencedObjects } from './referenced-objects.js';

const r = (group: string, plural: string) => lookupResource(group, 'v1', plural)!;

let socat: boolean | undefined;
const socatAvailable = (): boolean => (socat ??= (process.env['PATH'] ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, 'socat'))));

export interface KubeletOptions {
  nodeName: string;
  hostIP: string;
  clusterDns: string;
  logsDir: string;
  /** Pod directories: <podsDir>/<uid>. */
  podsDir: string;
  allocatable: Record<string, string>;
  runtime: ContainerRuntime;
  images: ImagePuller;
  network: PodNetwork;
  recorder: EventRecorder;
  run: CommandRunner;
  attachments: VolumeAttachments;
  /** This node's labels as the API has them (PersistentVolumes' node affinity is checked against them before a mount). */
  nodeLabels?: () => Record<string, string>;
  /** Whether the mirror pod's manifest (by config hash) is still in the static pod directory. */
  staticPodWanted?: (configHash: string) => boolean;
  /** A wanted static pod's mirror was deleted (the static pod source makes it again). */
  mirrorGone?: () => void;
  /** Where the CPU and memory of containers and of the machine are read (default: this machine's cgroups). */
  cgroups?: CgroupReader;
  /** How often the stats collector samples, and pods are scraped for their metrics (default 10 s). */
  statsIntervalMs?: number;
  /** kubelet's containerLogMaxSize/MaxFiles: the runtime rotates each container's log by them. Absent: no rotation. */
  containerLogRotation?: LogRotation | undefined;
}

/** The worker key of a pod: its uid, or for a static pod's mirror the manifest's hash (mirrors come and go). */
export function workerKey(pod: Pod): string {
  const hash = pod.metadata?.annotations?.[mirrorPodAnnotation];
  return hash ? `static/${hash}` : pod.metadata?.uid ?? '';
}

export class Kubelet implements AsyncDisposable, NodeStreams {
  readonly #workers = new Map<string, PodWorker>();
  readonly #pods: Informer<Pod>;
  readonly #stopped: Promise<void>[] = [];
  #refs: ReferencedObjects | undefined;

  readonly #runtime: ContainerRuntime;
  readonly #stats: StatsCollector;
  /** The claims' usage on their status (skiff.io/VolumeUsage, what `kubectl describe pvc` shows). */
  readonly #usage: VolumeUsageReporter;
  readonly #customMetrics: PodMetricsCollector;

  private constructor(ctx: ControllerContext, pods: Informer<Pod>, options: KubeletOptions & { cgroups: CgroupReader }) {
    this.#pods = pods;
    this.#runtime = options.runtime;
    this.#usage = new VolumeUsageReporter({ client: ctx.client, clock: ctx.clock, logger: ctx.logger });
    this.#stats = new StatsCollector({
      nodeName: options.nodeName, startTime: rfc3339(new Date(ctx.clock.nowMs() - uptime() * 1000)), clock: ctx.clock, logger: ctx.logger,
      reader: options.cgroups, containers: () => this.#runningContainers(), volumes: () => this.#mountedVolumes(),
      sampled: (volumes) => { void this.#usage.report(volumes); }, ...(options.statsIntervalMs !== undefined ? { intervalMs: options.statsIntervalMs } : {}),
    });
    this.#customMetrics = new PodMetricsCollector({
      clock: ctx.clock, logger: ctx.logger, pods: () => this.#scrapablePods(), ...(options.statsIntervalMs !== undefined ? { intervalMs: options.statsIntervalMs } : {}),
    });
  }

  /** This node's CPU and memory (GET /stats/summary): sampled every 10 s from the containers' cgroups and the machine's. */
  get stats(): NodeStatsSource {
    return this.#stats;
  }

  /** Its pods' application metrics (GET /stats/custom): pods annotated prometheus.io/scrape, scraped every 10 s. */
  get customMetrics(): NodeCustomMetricsSource {
    return this.#customMetrics;
  }

  static async start(ctx: ControllerContext, options: KubeletOptions): Promise<Kubelet> {
    const pods = new Informer<Pod>({ client: ctx.client, resource: r('', 'pods'), fieldSelector: `spec.nodeName=${options.nodeName}`, clock: ctx.clock, logger: ctx.logger });
    const cgroups = options.cgroups ?? new FsCgroupReader({ version: cgroupVersion() });
    const kubelet = new Kubelet(ctx, pods, { ...options, cgroups });
    // A changed ConfigMap or Secret reaches the volumes of the pods that project it (upstream: within the
    // kubelet's sync period; here at once).
    const refs = new ReferencedObjects(ctx, (kind, namespace, name) => {
      for (const w of kubelet.#workers.values()) if (w.uses(kind, namespace, name)) w.refreshVolumes();
    });
    kubelet.#refs = refs;
    const services = ctx.informers.informerFor<Service>(r('', 'services'));
    services.start();
    await services.waitForSync();
    const hostResolvConf = ((): string => { try { return readFileSync('/etc/resolv.conf', 'utf8'); } catch { return ''; } })();
    const podResource = r('', 'pods');
    const api = {
      writeStatus: (pod: Pod, status: PodStatus) => writeStatus(ctx.client, podResource, pod as Pod & { metadata: { name: string } }, status),
      async deletePod(pod: Pod): Promise<void> {
        try {
          await ctx.client.delete(podResource, pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid ?? '' } });
        } catch (e: unknown) {
          if (!isNotFound(e)) throw e;
        }
      },
    };
    const deps = {
      api, clock: ctx.clock, logger: ctx.logger, recorder: options.recorder, runtime: options.runtime, images: options.images,
      network: options.network, run: options.run, hostIP: options.hostIP, clusterDns: options.clusterDns, hostResolvConf, logsDir: options.logsDir, podsDir: options.podsDir, capabilities: hostCapabilities(),
      logRotation: options.containerLogRotation,
      allocatable: options.allocatable, attachments: options.attachments,
      node: () => ({ name: options.nodeName, labels: options.nodeLabels?.() ?? {} }),
      memoryWorkingSet: async (id: string) => (await cgroups.cgroup(options.runtime.cgroupPathOf(id))).memory.workingSetBytes,
      containerStarted: () => { void kubelet.#stats.sampleNew(); },
      staticPodWanted: (pod: Pod) => { const hash = pod.metadata?.annotations?.[mirrorPodAnnotation]; return hash !== undefined && (options.staticPodWanted?.(hash) ?? false); },
      sources: {
        configMap: (ns: string, name: string) => refs.configMap(ns, name),
        secret: (ns: string, name: string) => refs.secret(ns, name),
        secrets: (ns: string, names: readonly string[]) => names.map((n) => refs.secret(ns, n)).filter((s): s is Secret => s !== undefined),
        claim: (ns: string, name: string) => refs.claim(ns, name),
        volume: (name: string) => refs.volume(name),
        services: (ns: string) => services.list().filter((svc) => svc.metadata?.namespace === ns),
        token: async (pod: Pod, serviceAccount: string, audiences: string[], expirationSeconds: number) => {
          const tr = await ctx.client.createSubresource(r('', 'serviceaccounts'), pod.metadata?.namespace ?? 'default', serviceAccount, 'token', {
            apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
            spec: { ...(audiences.length ? { audiences } : {}), expirationSeconds, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid: pod.metadata?.uid } },
          }) as { status?: { token?: string } };
          if (!tr.status?.token) throw new Error('the TokenRequest answered no token');
          return tr.status.token;
        },
      },
    };
    // What the runtime holds from before this process (a kubelet restart): adopted by the pods' workers.
    const held = new Map<string, ContainerStatus[]>();
    for (const c of await options.runtime.listContainers()) held.set(c.podUid, [...(held.get(c.podUid) ?? []), c]);
    const adopted: PodWorker[] = [];
    const onPod = (pod: Pod): void => {
      const key = workerKey(pod);
      if (!key) return;
      let w = kubelet.#workers.get(key);
      if (!w) {
        w = new PodWorker(pod, { ...deps, references: (p) => refs.track(key, p) }, () => { kubelet.#workers.delete(key); refs.untrack(key); });
        kubelet.#workers.set(key, w);
        // Restart counts and how containers ended continue from the API's status, with or without containers held.
        const mine = held.get(w.uid) ?? [];
        held.delete(w.uid);
        w.adopt(mine);
        if (mine.length) adopted.push(w);
        w.kick();
      } else {
        void refs.track(key, pod);
        w.update(pod);
      }
    };
    pods.addHandlers({
      onAdd: onPod,
      onUpdate: onPod,
      onDelete: (pod) => {
        const key = workerKey(pod);
        const w = kubelet.#workers.get(key);
        if (!w || w.pod.metadata?.uid !== pod.metadata?.uid) return;
        // A static pod's mirror is gone but its manifest stays: the pod runs on until the new mirror arrives.
        if (deps.staticPodWanted(pod)) { options.mirrorGone?.(); return; }
        // Deleted without this kubelet's final delete (force deletion): stop and clean up at once.
        kubelet.#workers.delete(key);
        refs.untrack(key);
        kubelet.#stopped.push(w.teardown().catch(() => undefined));
      },
    });
    pods.start();
    await pods.waitForSync();
    // Orphans: what the node holds for pods the API no longer has (deleted while the kubelet was down).
    const running = (uid: string): boolean => [...kubelet.#workers.values()].some((w) => w.uid === uid);
    const orphans = await removeOrphans(options.runtime, { podsDir: options.podsDir, run: options.run, detach: (uid) => options.network.detach(uid), networkOwners: () => options.network.owners?.() ?? [] }, running);
    if (orphans.length) ctx.logger.info('removed orphaned pods', { pods: orphans.join(', ') });
    // volumesInUse as the pods running here report it: written once the adopted pods have reported theirs, so
    // nothing they use is reported unused in between.
    void Promise.all(adopted.map((w) => w.settled())).then(() => options.attachments.sync())
      .catch((e: unknown) => ctx.logger.warn('volumesInUse not updated', { error: String(e) }));
    kubelet.#stats.start();
    kubelet.#customMetrics.start();
    return kubelet;
  }

  #runningContainers(): RunningContainer[] {
    return [...this.#workers.values()].flatMap((w) => {
      const meta = w.pod.metadata;
      const pod = { name: meta?.name ?? '', namespace: meta?.namespace ?? '', uid: meta?.uid ?? w.uid, startTime: w.startTime };
      return w.runningContainers().map((c) => ({ ...c, cgroupPath: this.#runtime.cgroupPathOf(c.id), pod }));
    });
  }

  /** The persistent volume claims of the pods whose volumes are ready, with their host paths. */
  #mountedVolumes(): MountedVolume[] {
    return [...this.#workers.values()].flatMap((w) => {
      const paths = w.volumePaths;
      const namespace = w.pod.metadata?.namespace ?? 'default';
      return (w.pod.spec?.volumes ?? []).flatMap((v) => {
        const path = paths.get(v.name);
        const claim = v.persistentVolumeClaim?.claimName;
        return path !== undefined && claim !== undefined ? [{ podUid: w.pod.metadata?.uid ?? w.uid, name: v.name, pvcRef: { name: claim, namespace }, path }] : [];
      });
    });
  }

  /** Pods with a running container and an address: the host reaches them on the pod bridge. */
  #scrapablePods(): ScrapablePod[] {
    return [...this.#workers.values()].flatMap((w) => (w.podIP !== undefined && w.runningContainers().length > 0 ? [{ pod: w.pod, podIP: w.podIP }] : []));
  }

  /**
   * The static pod manifests now present (by config hash): a static pod whose manifest went and whose mirror is
   * gone too has nothing left to delete it through, so it stops here.
   */
  staticPodsSynced(wanted: ReadonlySet<string>): void {
    for (const [key, w] of this.#workers) {
      if (!key.startsWith('static/') || wanted.has(key.slice(7)) || this.#pods.get(`${w.pod.metadata?.namespace}/${w.pod.metadata?.name}`)?.metadata?.uid === w.pod.metadata?.uid) continue;
      this.#workers.delete(key);
      this.#refs?.untrack(key);
      this.#stopped.push(w.teardown().catch(() => undefined));
    }
  }

  /**
   * Under node pressure (a hard threshold crossed): evicts the pod that ranks first for the resource (one per
   * check, as upstream). Returns the evicted pod's name, if any.
   */
  async evictOne(resource: ReclaimResource, thresholdBytes: number, availableBytes: number): Promise<string | undefined> {
    const candidates = [...this.#workers.values()].filter((w) => w.evictable);
    const usages = await Promise.all(candidates.map(async (w) => ({ w, u: await w.usage(resource) })));
    const first = rankForEviction(resource, usages.map((x) => x.u))[0];
    const chosen = usages.find((x) => x.u === first)?.w;
    if (!chosen || !first) return undefined;
    await chosen.evict(evictionMessage(resource, thresholdBytes, availableBytes, first));
    return chosen.pod.metadata?.name;
  }

  /** The node's volumesAttached changed: pods waiting for an attachment look again. */
  attachmentsChanged(): void {
    for (const w of this.#workers.values()) if (w.waitingForAttach) w.kick();
  }

  /** The API's pods bound to this node, as the kubelet's watch sees them. */
  pods(): Pod[] {
    return this.#pods.list();
  }

  #worker(namespace: string, name: string): PodWorker {
    for (const w of this.#workers.values()) if (w.pod.metadata?.namespace === namespace && w.pod.metadata?.name === name) return w;
    throw notFound({ group: '', resource: 'pods' }, name);
  }

  #containerName(w: PodWorker, container: string | undefined): string {
    const all = [...(w.pod.spec?.containers ?? []), ...(w.pod.spec?.initContainers ?? [])].map((c) => c.name);
    if (container) {
      if (!all.includes(container)) throw badRequest(`container ${container} is not valid for pod ${w.pod.metadata?.name}`);
      return container;
    }
    if ((w.pod.spec?.containers ?? []).length === 1) return w.pod.spec!.containers[0]!.name;
    throw badRequest(`a container name must be specified for pod ${w.pod.metadata?.name}, choose one of: [${(w.pod.spec?.containers ?? []).map((c) => c.name).join(' ')}]`);
  }

  /** The log path of a container (the previous run's with previous). */
  #logPath(w: PodWorker, container: string, previous: boolean): string {
    const path = w.logFile(container, previous);
    if (!path) {
      const name = w.pod.metadata?.name;
      if (previous) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
      throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
    }
    return path;
  }

  /** kubectl logs: the container's log; with follow, until the container stops or the client goes. */
  logs(namespace: string, name: string, request: LogRequest, signal: AbortSignal): AsyncIterable<string> {
    const w = this.#worker(namespace, name);
    const c = this.#containerName(w, request.container);
    const path = this.#logPath(w, c, request.previous);
    const id = w.containerId(c);
    const running = (): boolean => id !== undefined && w.containerId(c) === id;
    return readLog(path, { ...request, follow: request.follow && !request.previous }, running, signal);
  }

  checkExec(namespace: string, name: string, request: ExecRequest): void {
    const w = this.#worker(namespace, name);
    const c = this.#containerName(w, request.container);
    if (!w.containerId(c)) throw badRequest(`unable to upgrade connection: container not found ("${c}")`);
  }

  exec(namespace: string, name: string, request: ExecRequest): StreamProcess {
    const w = this.#worker(namespace, name);
    const c = this.#containerName(w, request.container);
    const id = w.containerId(c);
    if (!id) throw badRequest(`unable to upgrade connection: container not found ("${c}")`);
    return execProcess(this.#runtime.exec(id, request.command, { tty: request.tty, stdin: request.stdin }));
  }

  async attach(namespace: string, name: string, request: ExecRequest): Promise<StreamProcess> {
    const w = this.#worker(namespace, name);
    const c = this.#containerName(w, request.container);
    const id = w.containerId(c);
    const streams = id !== undefined ? await this.#runtime.attach(id) : undefined;
    if (!id || !streams) throw badRequest(`unable to upgrade connection: container not found ("${c}")`);
    const spec = w.pod.spec?.containers.find((x) => x.name === c);
    return attachProcess({ ...streams, exited: this.#runtime.waitContainer(id) }, request, spec?.stdinOnce ?? false, streams.takeEarlyOutput());
  }

  /**
   * A TCP connection to the pod's port for port-forward: to localhost inside the pod's network namespace, as
   * upstream. Without socat on the node it falls back to the pod IP (a loopback-only server is not reached).
   */
  async portForward(namespace: string, name: string, port: number): Promise<Duplex> {
    const w = this.#worker(namespace, name);
    const netns = w.networkNamespace;
    const ip = w.podIP;
    if (!netns || !ip) throw badRequest(`unable to forward port because pod is not running. Current status=${w.pod.status?.phase ?? 'Pending'}`);
    const failed = (where: string, reason: string): ApiError => new ApiError(500, 'InternalError', `error forwarding port ${port} to pod ${name}, uid ${w.uid}: failed to connect to ${where}: ${reason}`);
    if (socatAvailable()) {
      try {
        return await connectInNamespace(netns, port);
      } catch (e: unknown) {
        if (e instanceof ForwardError) throw failed(`localhost:${port} inside namespace "${netns}"`, e.message);
        throw e;
      }
    }
    return new Promise((resolve, reject) => {
      const conn = connect({ host: ip, port });
      conn.once('connect', () => { conn.off('error', reject); resolve(conn); });
      conn.once('error', (e: NodeJS.ErrnoException) => reject(failed(`${ip}:${port}`, e.code === 'ECONNREFUSED' ? 'connection refused' : e.message)));
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#stats[Symbol.dispose]();
    this.#customMetrics[Symbol.dispose]();
    await this.#pods[Symbol.asyncDispose]();
    // The pods run on (their containers are the runtime process's); the next kubelet adopts them.
    for (const w of this.#workers.values()) w.release();
    await Promise.all(this.#stopped);
    await this.#refs?.[Symbol.asyncDispose]();
  }
}
