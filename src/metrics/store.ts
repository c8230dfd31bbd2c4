// The resource metrics store (metrics-server's storage): per node and per container the last two scraped
// points; usage is the cumulative CPU's rate between them (the window) and the last memory working set.
// Restarted containers and nodes start over. Memory-bounded: only what the last scrape of a node reported.

/** A cumulative sample: CPU core-nanoseconds since start, memory working set, when it was taken. */
export interface Point {
  readonly timeMs: number;
  readonly startMs: number;
  readonly cpuCoreNanoSeconds: number;
  readonly memoryWorkingSetBytes: number;
}

/** One scrape of one node: the node's point and each pod's containers' points. */
export interface NodeScrape {
  /** Absent when the node's own usage could not be read (its pods may still be). */
  readonly node?: Point;
  readonly pods: readonly { readonly namespace: string; readonly name: string; readonly containers: readonly { readonly name: string; readonly point: Point }[] }[];
}

export interface Usage {
  /** Cores, as a rate over the window. */
  readonly cpuNanoCores: number;
  readonly memoryBytes: number;
  readonly timeMs: number;
  readonly windowMs: number;
}

interface Pair { prev?: Point; last: Point }

/** The next pair: a point from a restart (new start time) or not newer than the last starts over. */
function advance(pair: Pair | undefined, p: Point): Pair {
  if (!pair || p.startMs !== pair.last.startMs || p.cpuCoreNanoSeconds < pair.last.cpuCoreNanoSeconds) return { last: p };
  if (p.timeMs <= pair.last.timeMs) return pair;
  return { prev: pair.last, last: p };
}

function usageOf(pair: Pair | undefined): Usage | undefined {
  if (!pair?.prev) return undefined;
  const windowMs = pair.last.timeMs - pair.prev.timeMs;
  if (windowMs <= 0) return undefined;
  const cpuNanoCores = ((pair.last.cpuCoreNanoSeconds - pair.prev.cpuCoreNanoSeconds) / windowMs) * 1e3;
  return { cpuNanoCores, memoryBytes: pair.last.memoryWorkingSetBytes, timeMs: pair.last.timeMs, windowMs };
}

export interface PodUsage {
  readonly namespace: string;
  readonly name: string;
  readonly timeMs: number;
  readonly windowMs: number;
  readonly containers: readonly { readonly name: string; readonly usage: Usage }[];
}

export class MetricsStore {
  readonly #nodes = new Map<string, Pair>();
  /** node → "ns/pod" → container → pair. */
  readonly #pods = new Map<string, Map<string, Map<string, Pair>>>();
  /** The pods' usages by "ns/pod", computed once per change of the store (every read between scrapes shares it). */
  #usages: Map<string, PodUsage> | undefined;

  /** Records a node's scrape; pods and containers it no longer reports are forgotten. */
  record(nodeName: string, scrape: NodeScrape): void {
    this.#usages = undefined;
    if (scrape.node) this.#nodes.set(nodeName, advance(this.#nodes.get(nodeName), scrape.node));
    const before = this.#pods.get(nodeName) ?? new Map<string, Map<string, Pair>>();
    const after = new Map<string, Map<string, Pair>>();
    for (const pod of scrape.pods) {
      const key = `${pod.namespace}/${pod.name}`;
      const containers = new Map<string, Pair>();
      for (const c of pod.containers) containers.set(c.name, advance(before.get(key)?.get(c.name), c.point));
      after.set(key, containers);
    }
    this.#pods.set(nodeName, after);
  }

  /** A node gone from the cluster (or unreachable for good) leaves the store. */
  forgetNode(nodeName: string): void {
    this.#usages = undefined;
    this.#nodes.delete(nodeName);
    this.#pods.delete(nodeName);
  }

  /** Forgets every node not in `names` (deleted from the cluster). */
  retainNodes(names: ReadonlySet<string>): void {
    for (const n of [...this.#nodes.keys(), ...this.#pods.keys()]) if (!names.has(n)) this.forgetNode(n);
  }

  nodeUsage(nodeName: string): Usage | undefined {
    return usageOf(this.#nodes.get(nodeName));
  }

  /** Every pod whose containers all have a usage (metrics-server leaves out pods with a container still warming up). */
  podUsages(): PodUsage[] {
    return [...this.#usageMap().values()];
  }

  podUsage(namespace: string, name: string): PodUsage | undefined {
    return this.#usageMap().get(`${namespace}/${name}`);
  }

  #usageMap(): Map<string, PodUsage> {
    if (this.#usages) return this.#usages;
    const out = new Map<string, PodUsage>();
    for (const pods of this.#pods.values()) {
      for (const [key, containers] of pods) {
        const list: { name: string; usage: Usage }[] = [];
        for (const [name, pair] of containers) {
          const usage = usageOf(pair);
          if (usage) list.push({ name, usage });
        }
        const first = list[0];
        if (!first || list.length !== containers.size) continue;
        const [namespace, name] = key.split('/') as [string, string];
        out.set(key, { namespace, name, timeMs: Math.max(...list.map((c) => c.usage.timeMs)), windowMs: first.usage.windowMs, containers: list });
      }
    }
    this.#usages = out;
    return out;
  }
}
