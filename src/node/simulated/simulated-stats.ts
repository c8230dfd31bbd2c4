// What a simulated node "measures": each Running pod uses the CPU and memory its annotations say
// (skiff.io/simulate-cpu, skiff.io/simulate-memory; split evenly over its running containers), cumulative CPU
// grows at that rate, and the node uses the sum of its pods plus a small fixed base. No I/O: the pods and the
// clock come in.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity, type ContainerStats, type NodeStatsSource, type PodStats, type Summary } from '../../api/index.js';
import { rfc3339, type Clock } from '../../util/index.js';
import { podTotals } from '../kubelet/stats/summary.js';
import { RateCounter } from './rate-counter.js';

/** A pod's CPU use, a quantity ("250m", "1.5"); absent or malformed: 0. */
export const annSimulateCpu = 'skiff.io/simulate-cpu';
/** A pod's memory working set, a quantity ("64Mi"); absent or malformed: 0. */
export const annSimulateMemory = 'skiff.io/simulate-memory';

/** What a simulated node uses beside its pods (its kubelet and system daemons). */
export const simulatedNodeBase = { nanoCores: 50_000_000, bytes: 128 * 1024 * 1024 } as const;

const quantity = (text: string | undefined, unit: 'nano' | 'one'): number => {
  if (text === undefined) return 0;
  try {
    const q = parseQuantity(text);
    const n = unit === 'nano' ? Number(q.milliValue()) * 1e6 : Number(q.integerValue());
    return Number.isFinite(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
};

/** `total` split evenly over `n` parts, the remainder going to the first ones (integers summing to `total`). */
const split = (total: number, n: number): number[] => Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));

export interface SimulatedContainerUsage { name: string; startedAt: string; nanoCores: number; bytes: number; limitBytes?: number }

/** A Running pod's running containers and what each uses now, from the pod's annotations. Pure. */
export function simulatedUsage(pod: Pod): SimulatedContainerUsage[] {
  if (pod.status?.phase !== 'Running') return [];
  const running = (pod.status.containerStatuses ?? []).filter((s) => s.state?.running);
  const ann = pod.metadata?.annotations ?? {};
  const cpu = split(Math.round(quantity(ann[annSimulateCpu], 'nano')), running.length);
  const memory = split(Math.round(quantity(ann[annSimulateMemory], 'one')), running.length);
  return running.map((s, i) => {
    const limit = pod.spec?.containers.find((c) => c.name === s.name)?.resources?.limits?.['memory'];
    return { name: s.name, startedAt: s.state?.running?.startedAt ?? pod.status?.startTime ?? '', nanoCores: cpu[i] ?? 0, bytes: memory[i] ?? 0, ...(limit !== undefined ? { limitBytes: quantity(limit, 'one') } : {}) };
  });
}

interface Track { cpuNs: RateCounter; cumulativeNs: number }

export interface SimulatedNodeStatsOptions {
  nodeName: string;
  clock: Clock;
  /** When the node started (ms since the epoch); default: now. */
  startedMs?: number;
  /** The pods bound to this node now. */
  pods: () => readonly Pod[];
  /** The node's memory capacity in bytes. */
  capacityBytes: number;
}

/**
 * A simulated node's NodeStatsSource. Every summary is computed at the moment of the call (`time` is now); a
 * changed annotation counts from the first summary that sees it, and the counters stay monotonic: CPU used before
 * a change is kept, and the node keeps the CPU of pods that are gone.
 */
export class SimulatedNodeStats implements NodeStatsSource {
  readonly #o: SimulatedNodeStatsOptions;
  readonly #startMs: number;
  readonly #tracks = new Map<string, Track>();
  /** CPU of containers no longer running, which the node's counter keeps. */
  #departedNs = 0;

  constructor(options: SimulatedNodeStatsOptions) {
    this.#o = options;
    this.#startMs = options.startedMs ?? options.clock.nowMs();
  }

  /** The container's cumulative CPU now, folding in a rate change. */
  #cumulative(key: string, u: SimulatedContainerUsage, nowMs: number): number {
    let t = this.#tracks.get(key);
    if (!t) {
      const started = Date.parse(u.startedAt);
      t = { cpuNs: new RateCounter(u.nanoCores, Number.isFinite(started) ? Math.min(started, nowMs) : nowMs), cumulativeNs: 0 };
      this.#tracks.set(key, t);
    }
    t.cumulativeNs = Math.round(t.cpuNs.countAt(nowMs, u.nanoCores));
    return t.cumulativeNs;
  }

  async summary(): Promise<Summary> {
    const nowMs = this.#o.clock.nowMs();
    const time = new Date(nowMs).toISOString();
    const seen = new Set<string>();
    const pods: PodStats[] = [];
    for (const pod of this.#o.pods()) {
      const usage = simulatedUsage(pod);
      if (usage.length === 0) continue;
      const uid = pod.metadata?.uid ?? '';
      const containers: ContainerStats[] = usage.map((u) => {
        const key = `${uid}/${u.name}/${u.startedAt}`;
        seen.add(key);
        return {
          name: u.name, startTime: u.startedAt,
          cpu: { time, usageNanoCores: u.nanoCores, usageCoreNanoSeconds: this.#cumulative(key, u, nowMs) },
          memory: { time, ...(u.limitBytes !== undefined ? { availableBytes: Math.max(0, u.limitBytes - u.bytes) } : {}), usageBytes: u.bytes, workingSetBytes: u.bytes, rssBytes: u.bytes, pageFaults: 0, majorPageFaults: 0 },
        };
      }).sort((a, b) => a.name.localeCompare(b.name));
      pods.push({ podRef: { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', uid }, startTime: pod.status?.startTime ?? time, containers, ...podTotals(containers) });
    }
    for (const [key, t] of this.#tracks) {
      if (seen.has(key)) continue;
      this.#departedNs += t.cumulativeNs;
      this.#tracks.delete(key);
    }
    pods.sort((a, b) => a.podRef.namespace.localeCompare(b.podRef.namespace) || a.podRef.name.localeCompare(b.podRef.name));
    return { node: this.#nodeStats(pods, nowMs, time), pods };
  }

  #nodeStats(pods: readonly PodStats[], nowMs: number, time: string): Summary['node'] {
    const base = simulatedNodeBase;
    const rate = pods.reduce<number>((s, p) => s + (p.cpu?.usageNanoCores ?? 0), base.nanoCores);
    const running = [...this.#tracks.values()].reduce((s, t) => s + t.cumulativeNs, 0);
    const cumulative = Math.round((base.nanoCores * (nowMs - this.#startMs)) / 1000) + this.#departedNs + running;
    const bytes = pods.reduce<number>((s, p) => s + (p.memory?.workingSetBytes ?? 0), base.bytes);
    return {
      nodeName: this.#o.nodeName, startTime: rfc3339(new Date(this.#startMs)),
      cpu: { time, usageNanoCores: rate, usageCoreNanoSeconds: cumulative },
      memory: { time, availableBytes: Math.max(0, this.#o.capacityBytes - bytes), usageBytes: bytes, workingSetBytes: bytes, rssBytes: bytes, pageFaults: 0, majorPageFaults: 0 },
    };
  }
}
