// The scraper (metrics-server's): every resolution period it reads each node's kubelet Summary (in-process or
// over HTTPS, through the same lookup the API server's nodes/proxy uses) and records the cumulative points in
// the store. A node that cannot be measured keeps its last points until it answers again or is deleted.
import type { Node } from 'kubernetes-types/core/v1.js';
import type { NodeCustomMetricsSource, NodeStatsSource, Summary } from '../api/index.js';
import type { CustomMetricsStore } from './custom-store.js';
import { errorMessage, type Clock, type Logger } from '../util/index.js';
import type { MetricsStore, NodeScrape, Point } from './store.js';

export interface ScraperOptions {
  /** The node's stats source; undefined when no agent serves it (the node is skipped). */
  statsFor(node: string): NodeStatsSource | undefined;
  /** The nodes to measure (the informer's current list). */
  nodes(): readonly Node[];
  store: MetricsStore;
  /** The node's scraped pod metrics (custom metrics), when it has a source; recorded in customStore. */
  customFor?(node: string): NodeCustomMetricsSource | undefined;
  customStore?: CustomMetricsStore;
  /** metrics-server's --metric-resolution (default 15 s). */
  resolutionMs: number;
  clock: Clock;
  logger: Logger;
  /** Nodes scraped at once (default 32). */
  concurrency?: number;
}

const timeOf = (t: string | undefined): number | undefined => {
  const ms = Date.parse(t ?? '');
  return Number.isFinite(ms) ? ms : undefined;
};

function point(start: string | undefined, cpu: { time: string; usageCoreNanoSeconds?: number } | undefined, memory: { workingSetBytes?: number } | undefined): Point | undefined {
  const timeMs = timeOf(cpu?.time);
  const startMs = timeOf(start);
  if (timeMs === undefined || startMs === undefined || cpu?.usageCoreNanoSeconds === undefined || memory?.workingSetBytes === undefined) return undefined;
  return { timeMs, startMs, cpuCoreNanoSeconds: cpu.usageCoreNanoSeconds, memoryWorkingSetBytes: memory.workingSetBytes };
}

/** The points of a Summary the store keeps: containers with both CPU and memory, the node when it has both. Pure. */
export function scrapeOf(summary: Summary): NodeScrape {
  const node = point(summary.node.startTime, summary.node.cpu, summary.node.memory);
  return {
    ...(node ? { node } : {}),
    pods: summary.pods.map((p) => ({
      namespace: p.podRef.namespace, name: p.podRef.name,
      containers: p.containers.flatMap((c) => {
        const pt = point(c.startTime, c.cpu, c.memory);
        return pt ? [{ name: c.name, point: pt }] : [];
      }),
    })),
  };
}

export class Scraper implements AsyncDisposable {
  readonly #o: ScraperOptions;
  #timer: Disposable | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(options: ScraperOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#running || this.#stopped) return;
    this.#running = this.#cycle();
  }

  async #cycle(): Promise<void> {
    if (this.#stopped) return;
    const began = this.#o.clock.nowMs();
    await this.scrapeOnce();
    if (this.#stopped) return;
    const wait = Math.max(0, this.#o.resolutionMs - (this.#o.clock.nowMs() - began));
    this.#timer = this.#o.clock.setTimeout(() => { this.#running = this.#cycle(); }, wait);
  }

  /** One round over every node; never throws. */
  async scrapeOnce(): Promise<void> {
    const nodes = this.#o.nodes();
    const names = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    this.#o.store.retainNodes(names);
    this.#o.customStore?.retainNodes(names);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < nodes.length) {
        const name = nodes[next++]?.metadata?.name ?? '';
        const source = this.#o.statsFor(name);
        if (source) {
          try {
            this.#o.store.record(name, scrapeOf(await this.#withTimeout(source.summary())));
          } catch (e: unknown) {
            this.#o.logger.debug('node not scraped', { node: name, error: errorMessage(e) });
          }
        }
        const custom = this.#o.customFor?.(name);
        if (custom && this.#o.customStore) {
          try {
            this.#o.customStore.record(name, await this.#withTimeout(custom.customMetrics()));
          } catch (e: unknown) {
            this.#o.logger.debug('node pod metrics not scraped', { node: name, error: errorMessage(e) });
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#o.concurrency ?? 32, nodes.length) }, worker));
  }

  /** metrics-server bounds a scrape by the resolution: a slow kubelet does not hold up the next round. */
  #withTimeout<T>(p: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const t = this.#o.clock.setTimeout(() => reject(new Error(`no summary within ${this.#o.resolutionMs} ms`)), this.#o.resolutionMs);
      p.then((v) => { t[Symbol.dispose](); resolve(v); }, (e: unknown) => { t[Symbol.dispose](); reject(e); });
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#stopped = true;
    this.#timer?.[Symbol.dispose]();
    await this.#running;
  }
}
