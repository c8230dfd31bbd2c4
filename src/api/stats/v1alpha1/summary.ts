// The kubelet's Summary API (upstream stats/v1alpha1, the subset metrics-server and `kubectl get --raw
// /api/v1/nodes/<node>/proxy/stats/summary` readers use) and NodeStatsSource, the contract between whatever
// measures a node (a real kubelet, a simulated one, the API server's client of a remote kubelet) and its readers.

/**
 * CPU of a container, pod or node. `time` is when the sample was taken (not when it was read). Field names and
 * units are upstream's JSON.
 */
export interface CpuStats {
  /** RFC3339; Skiff keeps milliseconds ("2024-05-01T10:00:00.123Z"), upstream prints whole seconds; both parse as metav1.Time. */
  time: string;
  /**
   * The average usage rate, in billionths of a core, over the interval between the last two samples (the sampling
   * interval, 10 s on a real node). Absent until a second sample exists, and after a counter went backwards.
   */
  usageNanoCores?: number;
  /** Cumulative CPU time since the container (pod, node) started, in nanoseconds: monotonic for one container. */
  usageCoreNanoSeconds?: number;
}

/** Memory of a container, pod or node at `time`; bytes and counts. */
export interface MemoryStats {
  time: string;
  /** The limit (node: capacity) minus the working set; absent when there is no limit. */
  availableBytes?: number;
  /** All memory charged (cgroup usage, page cache included). */
  usageBytes?: number;
  /** usageBytes minus inactive file pages, as cAdvisor: what the OOM killer and eviction look at; what `kubectl top` shows. */
  workingSetBytes?: number;
  /** Anonymous memory (v1 total_rss, v2 anon). */
  rssBytes?: number;
  /** Cumulative page faults. */
  pageFaults?: number;
  majorPageFaults?: number;
}

export interface ContainerStats {
  name: string;
  /** When this instance of the container started (a restart is a new instance with new counters). */
  startTime: string;
  cpu?: CpuStats;
  memory?: MemoryStats;
}

export interface PodReference {
  name: string;
  namespace: string;
  uid: string;
}

/** A volume of a pod, measured as upstream's MetricsStatFS measures local volumes: its filesystem, at `time`. */
export interface VolumeStats {
  /** The volume's name in the pod spec. */
  name: string;
  /** The claim of a persistentVolumeClaim volume. */
  pvcRef?: { name: string; namespace: string };
  time: string;
  availableBytes?: number;
  capacityBytes?: number;
  usedBytes?: number;
  inodesFree?: number;
  inodes?: number;
  inodesUsed?: number;
}

/** A pod's stats: its containers', and their sums in cpu and memory; its persistent volumes'. */
export interface PodStats {
  podRef: PodReference;
  /** The pod's status.startTime. */
  startTime: string;
  containers: ContainerStats[];
  cpu?: CpuStats;
  memory?: MemoryStats;
  volume?: VolumeStats[];
}

export interface NodeStats {
  nodeName: string;
  /** When the node (its kubelet's view of the machine: boot) started. */
  startTime: string;
  cpu?: CpuStats;
  memory?: MemoryStats;
}

/** GET /stats/summary of a kubelet. */
export interface Summary {
  node: NodeStats;
  /** Pods with at least one container running and measured, in no particular order. */
  pods: PodStats[];
}

/**
 * What one node measures: the same answer a kubelet's GET /stats/summary gives.
 *
 * Contract:
 * - Values are read from the source's latest samples (a real node samples every 10 s in the background);
 *   `summary()` never waits for a new measurement, except for the very first one.
 * - Counters (`usageCoreNanoSeconds`, page faults) are cumulative and monotonic for one container instance; a
 *   container that restarts starts over (its `startTime` changes). `usageNanoCores` is the rate over the last
 *   sampling interval, so two summaries read within one interval carry the same sample and `time`.
 * - Only current containers appear: an exited container is gone from the next sample on.
 * - The result is a fresh object the caller may keep or change.
 * - A rejection means the node cannot be measured now (its kubelet is unreachable, or answered an error; an
 *   ApiError carries the status to answer); the caller retries on its own schedule.
 */
export interface NodeStatsSource {
  summary(): Promise<Summary>;
}

/** How the API server finds a node's stats: undefined when no agent serves that node. */
export interface NodeStatsRegistry {
  statsFor(node: string): NodeStatsSource | undefined;
}
