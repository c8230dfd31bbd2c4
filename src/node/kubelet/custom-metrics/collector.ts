// The real node's NodeCustomMetricsSource: every 10 s (the stats collector's cadence) scrapes each running pod
// annotated prometheus.io/scrape: "true" over HTTP, all at once, and keeps the latest successful scrape of each.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CustomMetricsSummary, MetricSample, NodeCustomMetricsSource, PodMetricSamples } from '../../../api/index.js';
import { errorMessage, type Clock, type Logger } from '../../../util/index.js';
import { parseExposition } from './exposition.js';
import { httpScrape } from './http-scrape.js';
import { scrapeTarget, type ScrapeTarget } from './scrape-target.js';

/** A pod of this node with a running container, and the address its network namespace got. */
export interface ScrapablePod {
  pod: Pod;
  podIP: string;
}

/** Fetches a metrics endpoint's text; rejects when the scrape failed. */
export type ScrapeFn = (url: string, options: { signal: AbortSignal }) => Promise<string>;

export interface PodMetricsCollectorOptions {
  clock: Clock;
  logger: Logger;
  /** The node's running pods; asked at every scrape and every read. */
  pods: () => readonly ScrapablePod[];
  /** Default: an HTTP GET bounded by timeoutMs and maxBytes. */
  scrape?: ScrapeFn;
  /** Default 10 s. */
  intervalMs?: number;
  /** Per scrape, default 2 s. */
  timeoutMs?: number;
  /** Per scrape body, default 4 MiB. */
  maxBytes?: number;
  /** Samples per pod, default 10,000: a pod exposing more fails its scrape (Prometheus' sample_limit). */
  sampleLimit?: number;
}

const byPod = (a: PodMetricSamples, b: PodMetricSamples): number => a.podRef.namespace.localeCompare(b.podRef.namespace) || a.podRef.name.localeCompare(b.podRef.name);

export class PodMetricsCollector implements NodeCustomMetricsSource, Disposable {
  readonly #o: Required<Omit<PodMetricsCollectorOptions, 'scrape'>> & { scrape: ScrapeFn };
  /** The latest successful scrape of each pod, by uid. */
  #latest = new Map<string, PodMetricSamples>();
  #round: Promise<void> | undefined;
  #scraped = false;
  #timer: Disposable | undefined;
  readonly #stop = new AbortController();

  constructor(options: PodMetricsCollectorOptions) {
    const o = { intervalMs: 10_000, timeoutMs: 2_000, maxBytes: 4 << 20, sampleLimit: 10_000, ...options };
    for (const k of ['intervalMs', 'timeoutMs', 'maxBytes', 'sampleLimit'] as const) {
      if (!(o[k] > 0)) throw new RangeError(`Cannot scrape pod metrics with ${k} ${o[k]}: it must be positive`);
    }
    const scrape = options.scrape ?? ((url, { signal }) => httpScrape(url, { clock: o.clock, timeoutMs: o.timeoutMs, maxBytes: o.maxBytes, signal }));
    this.#o = { ...o, scrape };
  }

  /** Scrapes now and then every interval until disposed. */
  start(): void {
    const tick = async (): Promise<void> => {
      await this.scrape();
      if (!this.#stop.signal.aborted) this.#timer = this.#o.clock.setTimeout(() => { void tick(); }, this.#o.intervalMs);
    };
    void tick();
  }

  /** Scrapes every annotated running pod once (joins a round under way). Never rejects. */
  scrape(): Promise<void> {
    this.#round ??= this.#scrapeAll().finally(() => { this.#round = undefined; });
    return this.#round;
  }

  async #scrapeAll(): Promise<void> {
    const time = new Date(this.#o.clock.nowMs()).toISOString();
    const targets: ScrapeTarget[] = [];
    for (const { pod, podIP } of this.#o.pods()) {
      try {
        const target = scrapeTarget(pod, podIP);
        if (target) targets.push(target);
      } catch (e: unknown) {
        this.#o.logger.debug('pod metrics not scraped', { pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, error: errorMessage(e) });
      }
    }
    const results = await Promise.all(targets.map((t) => this.#scrapeOne(t, time)));
    if (this.#stop.signal.aborted) return;
    // Only this round counts: a pod that failed, or is no longer scraped, has no samples until its next success.
    this.#latest = new Map(results.filter((r): r is PodMetricSamples => r !== undefined).map((r) => [r.podRef.uid, r]));
    this.#scraped = true;
  }

  async #scrapeOne(target: ScrapeTarget, time: string): Promise<PodMetricSamples | undefined> {
    try {
      const exposed = parseExposition(await this.#o.scrape(target.url, { signal: this.#stop.signal }));
      if (exposed.length > this.#o.sampleLimit) throw new RangeError(`Cannot keep ${exposed.length} samples of "${target.url}": the limit is ${this.#o.sampleLimit}`);
      // JSON has no NaN or ±Inf; the scrape's time stands for all samples (timestamps in the text are not kept).
      const samples: MetricSample[] = exposed.filter((s) => Number.isFinite(s.value)).map(({ name, labels, value, type }) => ({ name, labels, value, type }));
      return { podRef: target.pod, time, samples };
    } catch (e: unknown) {
      this.#o.logger.debug('pod metrics not scraped', { pod: `${target.pod.namespace}/${target.pod.name}`, url: target.url, error: errorMessage(e) });
      return undefined;
    }
  }

  async customMetrics(): Promise<CustomMetricsSummary> {
    if (!this.#scraped) await this.scrape();
    // A pod that stopped since its scrape is gone at once, not at the next round.
    const running = new Set(this.#o.pods().map((p) => p.pod.metadata?.uid));
    return { pods: structuredClone([...this.#latest.values()].filter((p) => running.has(p.podRef.uid)).sort(byPod)) };
  }

  [Symbol.dispose](): void {
    this.#stop.abort();
    this.#timer?.[Symbol.dispose]();
  }
}
