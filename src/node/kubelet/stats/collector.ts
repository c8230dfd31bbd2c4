// The real node's NodeStatsSource: samples the machine and the cgroup of every running container every 10 s
// (cAdvisor's housekeeping, a fixed interval here), keeps the last two samples of each (current containers
// only), and answers summaries from them.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { NodeStatsSource, PodReference, Summary, VolumeStats } from '../../../api/index.js';
import { volumeUsage } from '../../volumes/volume-images.js';
import { errorMessage, type Clock, type Logger } from '../../../util/index.js';
import type { CgroupReader } from './cgroup-reader.js';
import { buildSummary, type ContainerSamples, type Sample, type Samples } from './summary.js';

/** A container instance running on the node, as the kubelet knows it. */
export interface RunningContainer {
  /** The runtime's id of this instance (a restart is a new id). */
  id: string;
  name: string;
  /** Its cgroup, from the hierarchy's root. */
  cgroupPath: string;
  startedAt: Date;
  pod: PodReference & { startTime: string };
}

/** A persistent volume a pod on the node mounts: measured with statfs at every sample. */
export interface MountedVolume {
  podUid: string;
  name: string;
  pvcRef: { name: string; namespace: string };
  path: string;
}

export interface StatsCollectorOptions {
  nodeName: string;
  /** When the node started (RFC3339): the machine's boot. */
  startTime: string;
  clock: Clock;
  logger: Logger;
  reader: CgroupReader;
  /** The containers running now; asked at every sample. */
  containers: () => readonly RunningContainer[];
  /** The persistent volumes the pods mount; asked at every sample. */
  volumes?: () => readonly MountedVolume[];
  /** Called after each full sample with the volumes it measured. */
  sampled?: (volumes: readonly VolumeStats[]) => void;
  /** Default 10 s. */
  intervalMs?: number;
}

const shift = (samples: Samples | undefined, last: Sample): Samples => (samples ? { prev: samples.last, last } : { last });

export class StatsCollector implements NodeStatsSource, Disposable {
  readonly #o: StatsCollectorOptions & { intervalMs: number };
  #node: Samples | undefined;
  readonly #containers = new Map<string, { container: RunningContainer; samples: Samples }>();
  /** The last statfs of each pod's persistent volumes, by pod uid. */
  #volumes = new Map<string, VolumeStats[]>();
  /** Sampling runs one step at a time: a full sample, or a first sample of new containers. */
  #queue: Promise<void> = Promise.resolve();
  #fullSample: Promise<void> | undefined;
  #timer: Disposable | undefined;
  #stopped = false;

  constructor(options: StatsCollectorOptions) {
    const intervalMs = options.intervalMs ?? 10_000;
    if (!(intervalMs > 0)) throw new RangeError(`Cannot sample stats every ${intervalMs} ms: the interval must be positive`);
    this.#o = { ...options, intervalMs };
  }

  /** Samples now and then every interval until disposed. */
  start(): void {
    const tick = async (): Promise<void> => {
      await this.sample();
      if (!this.#stopped) this.#timer = this.#o.clock.setTimeout(() => { void tick(); }, this.#o.intervalMs);
    };
    void tick();
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(step).catch((e: unknown) => { this.#o.logger.warn('stats not sampled', { error: errorMessage(e) }); });
    this.#queue = run;
    return run;
  }

  /** Takes one sample of the machine and every running container (joins one not yet done). Never rejects. */
  sample(): Promise<void> {
    this.#fullSample ??= this.#enqueue(async () => {
      this.#fullSample = undefined;
      await this.#sampleMachine();
      const running = this.#o.containers();
      const ids = new Set(running.map((c) => c.id));
      // Only current containers are kept: an exited one's samples go with it.
      for (const id of this.#containers.keys()) if (!ids.has(id)) this.#containers.delete(id);
      await this.#sampleContainers(running);
      await this.#sampleVolumes();
      this.#o.sampled?.([...this.#volumes.values()].flat());
    });
    return this.#fullSample;
  }

  async #sampleVolumes(): Promise<void> {
    const byPod = new Map<string, VolumeStats[]>();
    for (const v of this.#o.volumes?.() ?? []) {
      try {
        const usage = await volumeUsage(v.path);
        const list = byPod.get(v.podUid) ?? [];
        list.push({ name: v.name, pvcRef: v.pvcRef, time: new Date(this.#o.clock.nowMs()).toISOString(), ...usage });
        byPod.set(v.podUid, list);
      } catch {
        // Unmounted between the listing and the read: left out of this sample.
      }
    }
    this.#volumes = byPod;
  }

  /**
   * Takes a first sample of the running containers not sampled yet (the kubelet calls it when it starts one), so
   * the next regular sample already gives them a rate, as cAdvisor watching cgroups being made does. Never rejects.
   */
  sampleNew(): Promise<void> {
    return this.#enqueue(() => this.#sampleContainers(this.#o.containers().filter((c) => !this.#containers.has(c.id))));
  }

  async #sampleMachine(): Promise<void> {
    try {
      const usage = await this.#o.reader.machine();
      this.#node = shift(this.#node, { timeMs: this.#o.clock.nowMs(), usage });
    } catch (e: unknown) {
      this.#o.logger.warn('node stats not sampled', { error: errorMessage(e) });
    }
  }

  async #sampleContainers(containers: readonly RunningContainer[]): Promise<void> {
    // One cgroup at a time, letting the event loop run in between: the agent may share its process with the API
    // server, which should not stall for a whole sample of a full node.
    for (const container of containers) {
      await nextTurn();
      try {
        const usage = await this.#o.reader.cgroup(container.cgroupPath);
        const samples = shift(this.#containers.get(container.id)?.samples, { timeMs: this.#o.clock.nowMs(), usage });
        this.#containers.set(container.id, { container, samples });
      } catch {
        // The container exited between the listing and the read: it is gone from this sample on.
        this.#containers.delete(container.id);
      }
    }
  }

  async summary(): Promise<Summary> {
    if (!this.#node) await this.sample();
    const node = this.#node;
    if (!node) throw new Error(`Cannot summarize the stats of node "${this.#o.nodeName}": the machine's cgroup could not be read`);
    const containers: ContainerSamples[] = [...this.#containers.values()].map(({ container: c, samples }) => ({
      ...samples, name: c.name, startTime: c.startedAt.toISOString(), pod: c.pod,
    }));
    return buildSummary({ ...node, nodeName: this.#o.nodeName, startTime: this.#o.startTime }, containers, this.#volumes);
  }

  [Symbol.dispose](): void {
    this.#stopped = true;
    this.#timer?.[Symbol.dispose]();
  }
}
