// The Summary of a node from the collector's last two samples of the machine and of each running container:
// usageNanoCores as the rate between the two samples (cAdvisor's behaviour), a pod's stats as the sum of its
// containers', the node's availableBytes as capacity minus working set. Pure.
import type { ContainerStats, CpuStats, MemoryStats, PodReference, PodStats, Summary, VolumeStats } from '../../../api/index.js';
import type { CgroupUsage } from './cgroup-parse.js';

export interface Sample {
  timeMs: number;
  usage: CgroupUsage;
}

/** The last sample of a cgroup and the one before it (none yet after the first). */
export interface Samples {
  last: Sample;
  prev?: Sample;
}

export interface ContainerSamples extends Samples {
  name: string;
  /** When this container instance started (RFC3339). */
  startTime: string;
  pod: PodReference & { startTime: string };
}

export interface NodeSamples extends Samples {
  nodeName: string;
  startTime: string;
}

const timeOf = (ms: number): string => new Date(ms).toISOString();

/**
 * The average CPU rate between two samples, in nanocores (CPU nanoseconds per second). Undefined without an
 * earlier sample, when no time passed, or when the counter went backwards (a different cgroup behind the name).
 */
export function cpuRateNanoCores(prev: Sample | undefined, last: Sample): number | undefined {
  if (!prev) return undefined;
  const dtMs = last.timeMs - prev.timeMs;
  const used = last.usage.cpuNs - prev.usage.cpuNs;
  if (!(dtMs > 0) || !(used >= 0)) return undefined;
  return Math.round((used * 1000) / dtMs);
}

export function cpuStatsOf(s: Samples): CpuStats {
  const rate = cpuRateNanoCores(s.prev, s.last);
  return { time: timeOf(s.last.timeMs), ...(rate !== undefined ? { usageNanoCores: rate } : {}), usageCoreNanoSeconds: Math.round(s.last.usage.cpuNs) };
}

export function memoryStatsOf(s: Samples): MemoryStats {
  const m = s.last.usage.memory;
  return {
    time: timeOf(s.last.timeMs),
    ...(m.limitBytes !== undefined ? { availableBytes: Math.max(0, m.limitBytes - m.workingSetBytes) } : {}),
    usageBytes: m.usageBytes, workingSetBytes: m.workingSetBytes, rssBytes: m.rssBytes, pageFaults: m.pageFaults, majorPageFaults: m.majorPageFaults,
  };
}

const sum = (xs: readonly (number | undefined)[]): number | undefined => (xs.every((x) => x !== undefined) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : undefined);
const latest = (times: readonly string[]): string => times.reduce((a, t) => (t > a ? t : a), times[0] ?? '');
const memoryFields = ['availableBytes', 'usageBytes', 'workingSetBytes', 'rssBytes', 'pageFaults', 'majorPageFaults'] as const;

/**
 * A pod's cpu and memory as the sums of its containers'. A sum a container cannot contribute to (no rate yet, no
 * limit) is left out rather than understated.
 */
export function podTotals(containers: readonly ContainerStats[]): { cpu: CpuStats; memory: MemoryStats } {
  const cpu: CpuStats = { time: latest(containers.map((c) => c.cpu?.time ?? '')) };
  const rate = sum(containers.map((c) => c.cpu?.usageNanoCores));
  const total = sum(containers.map((c) => c.cpu?.usageCoreNanoSeconds));
  if (rate !== undefined) cpu.usageNanoCores = rate;
  if (total !== undefined) cpu.usageCoreNanoSeconds = total;
  const memory: MemoryStats = { time: latest(containers.map((c) => c.memory?.time ?? '')) };
  for (const k of memoryFields) {
    const v = sum(containers.map((c) => c.memory?.[k]));
    if (v !== undefined) memory[k] = v;
  }
  return { cpu, memory };
}

/**
 * The node's Summary: every pod with a measured container, sorted by namespace and name, containers by name; a
 * pod's measured persistent volumes (by pod uid) by name.
 */
export function buildSummary(node: NodeSamples, containers: readonly ContainerSamples[], volumes: ReadonlyMap<string, readonly VolumeStats[]> = new Map()): Summary {
  const byPod = new Map<string, { ref: ContainerSamples['pod']; containers: ContainerStats[] }>();
  for (const c of containers) {
    let entry = byPod.get(c.pod.uid);
    if (!entry) byPod.set(c.pod.uid, (entry = { ref: c.pod, containers: [] }));
    entry.containers.push({ name: c.name, startTime: c.startTime, cpu: cpuStatsOf(c), memory: memoryStatsOf(c) });
  }
  const pods: PodStats[] = [...byPod.values()]
    .sort((a, b) => a.ref.namespace.localeCompare(b.ref.namespace) || a.ref.name.localeCompare(b.ref.name))
    .map(({ ref, containers: cs }) => {
      cs.sort((a, b) => a.name.localeCompare(b.name));
      const volume = [...(volumes.get(ref.uid) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
      return { podRef: { name: ref.name, namespace: ref.namespace, uid: ref.uid }, startTime: ref.startTime, containers: cs, ...podTotals(cs), ...(volume.length ? { volume } : {}) };
    });
  return { node: { nodeName: node.nodeName, startTime: node.startTime, cpu: cpuStatsOf(node), memory: memoryStatsOf(node) }, pods };
}
