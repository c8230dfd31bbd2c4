// Pods' application metrics as the custom metrics API serves them: per pod and series the last two scrapes;
// a gauge's value is its last sample, a counter's the per-second rate between the last two (a reset starts over).
// A pod's value for a metric is the sum of its series that the metric label selector matches.
import { matchesLabels, type CustomMetricsSummary, type LabelSelector } from '../api/index.js';

interface Sample { readonly value: number; readonly timeMs: number }
interface Series { readonly labels: Readonly<Record<string, string>>; readonly counter: boolean; prev?: Sample; last: Sample }

export interface MetricReading {
  readonly value: number;
  readonly timeMs: number;
  /** The rate's window for counters; undefined for gauges. */
  readonly windowMs?: number;
}

const seriesKey = (name: string, labels: Readonly<Record<string, string>>): string =>
  `${name}{${Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;

export class CustomMetricsStore {
  /** node → "ns/pod" → series key → series (with its metric name). */
  readonly #nodes = new Map<string, Map<string, Map<string, Series & { name: string }>>>();

  /** Records a node's scrape; pods it no longer reports are forgotten. */
  record(nodeName: string, summary: CustomMetricsSummary): void {
    const before = this.#nodes.get(nodeName);
    const after = new Map<string, Map<string, Series & { name: string }>>();
    for (const pod of summary.pods) {
      const key = `${pod.podRef.namespace}/${pod.podRef.name}`;
      const timeMs = Date.parse(pod.time);
      if (!Number.isFinite(timeMs)) continue;
      const old = before?.get(key);
      const series = new Map<string, Series & { name: string }>();
      for (const s of pod.samples) {
        if (!Number.isFinite(s.value)) continue;
        const k = seriesKey(s.name, s.labels);
        const prev = old?.get(k);
        const counter = s.type === 'counter';
        const sample = { value: s.value, timeMs };
        let next: Series & { name: string };
        if (prev && timeMs <= prev.last.timeMs) next = prev; // the same scrape read again
        else if (prev && prev.counter === counter && !(counter && s.value < prev.last.value)) next = { name: s.name, labels: s.labels, counter, prev: prev.last, last: sample };
        else next = { name: s.name, labels: s.labels, counter, last: sample }; // new, retyped, or a counter reset
        series.set(k, next);
      }
      after.set(key, series);
    }
    this.#nodes.set(nodeName, after);
  }

  retainNodes(names: ReadonlySet<string>): void {
    for (const n of [...this.#nodes.keys()]) if (!names.has(n)) this.#nodes.delete(n);
  }

  /** Every metric name some pod reports. */
  metricNames(): Set<string> {
    const out = new Set<string>();
    for (const pods of this.#nodes.values()) for (const series of pods.values()) for (const s of series.values()) out.add(s.name);
    return out;
  }

  #podSeries(namespace: string, pod: string): Map<string, Series & { name: string }> | undefined {
    for (const pods of this.#nodes.values()) {
      const s = pods.get(`${namespace}/${pod}`);
      if (s) return s;
    }
    return undefined;
  }

  /** The pod's value of the metric (matching series summed), or undefined when it has none yet. */
  podValue(namespace: string, pod: string, metric: string, selector: LabelSelector): MetricReading | undefined {
    const series = this.#podSeries(namespace, pod);
    if (!series) return undefined;
    let value = 0;
    let timeMs = 0;
    let windowMs: number | undefined;
    let found = false;
    for (const s of series.values()) {
      if (s.name !== metric || !matchesLabels(selector, s.labels)) continue;
      if (s.counter) {
        if (!s.prev) continue;
        const dt = s.last.timeMs - s.prev.timeMs;
        value += ((s.last.value - s.prev.value) / dt) * 1000;
        windowMs = dt;
      } else value += s.last.value;
      timeMs = Math.max(timeMs, s.last.timeMs);
      found = true;
    }
    return found ? { value, timeMs, ...(windowMs !== undefined ? { windowMs } : {}) } : undefined;
  }
}
