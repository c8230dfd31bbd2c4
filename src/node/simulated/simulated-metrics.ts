// What a simulated node "scrapes" from its pods: the series each Running pod declares in its
// skiff.io/simulate-metrics annotation, gauges at the value given and counters growing at the rate given since
// the pod started running. No I/O: the pods and the clock come in.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity, type CustomMetricsSummary, type MetricSample, type NodeCustomMetricsSource, type PodMetricSamples } from '../../api/index.js';
import type { Clock } from '../../util/index.js';
import { parseSeries, seriesKey } from '../kubelet/custom-metrics/series-text.js';
import { RateCounter } from './rate-counter.js';

/**
 * A pod's application metrics, entries separated by commas or newlines: `name=value` is a gauge at that value,
 * `name+=rate` a counter growing at rate per second; values are numbers or quantities ("1k", "500m"); a series
 * may carry labels (`http_requests_total{path="/api"}+=5`). A malformed entry is left out, the others stay.
 */
export const annSimulateMetrics = 'skiff.io/simulate-metrics';

export interface SimulatedSeries {
  name: string;
  labels: Record<string, string>;
  kind: 'gauge' | 'counter';
  /** The gauge's value, or the counter's increase per second. */
  value: number;
}

/** The entries of the annotation: commas and newlines outside label values and braces separate them. */
function splitEntries(text: string): string[] {
  const entries: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quoted) {
      if (c === '\\') { current += c + (text[++i] ?? ''); continue; }
      if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if ((c === ',' || c === '\n') && depth === 0) { entries.push(current); current = ''; continue; }
    current += c;
  }
  entries.push(current);
  return entries.map((e) => e.trim()).filter((e) => e !== '');
}

function parseEntry(entry: string): SimulatedSeries {
  // The operator is the first "=" after the label set (a label's own "=" sits inside the braces).
  const close = entry.lastIndexOf('}');
  const eq = entry.indexOf('=', close + 1);
  if (eq <= 0) throw new SyntaxError(`"${entry}" has no "=" or "+="`);
  const counter = entry[eq - 1] === '+';
  const { name, labels } = parseSeries(entry.slice(0, counter ? eq - 1 : eq));
  const valueText = entry.slice(eq + 1).trim();
  let value: number;
  try {
    value = parseQuantity(valueText).value;
  } catch (e: unknown) {
    throw new SyntaxError(`"${valueText}" is not a number or quantity`, { cause: e });
  }
  if (counter && value < 0) throw new RangeError(`counter "${name}" cannot grow at a negative rate ${valueText}`);
  return { name, labels, kind: counter ? 'counter' : 'gauge', value };
}

/** The series an annotation declares, and why the entries left out were. A series given twice keeps the first. Pure. */
export function parseSimulatedMetrics(text: string): { series: SimulatedSeries[]; errors: string[] } {
  const series: SimulatedSeries[] = [];
  const errors: string[] = [];
  const keys = new Set<string>();
  for (const entry of splitEntries(text)) {
    try {
      const s = parseEntry(entry);
      const key = seriesKey(s.name, s.labels);
      if (keys.has(key)) throw new SyntaxError(`series "${entry}" is declared twice`);
      keys.add(key);
      series.push(s);
    } catch (e: unknown) {
      if (!(e instanceof SyntaxError || e instanceof RangeError)) throw e;
      errors.push(`Cannot simulate metric "${entry}": ${e.message}`);
    }
  }
  return { series, errors };
}

/** When a Running pod's running containers started (the earliest), or undefined when none runs. Pure. */
export function runningSinceMs(pod: Pod): number | undefined {
  if (pod.status?.phase !== 'Running') return undefined;
  const started = (pod.status.containerStatuses ?? []).filter((s) => s.state?.running)
    .map((s) => Date.parse(s.state?.running?.startedAt ?? pod.status?.startTime ?? ''))
    .filter((ms) => Number.isFinite(ms));
  return started.length > 0 ? Math.min(...started) : undefined;
}

export interface SimulatedNodeCustomMetricsOptions {
  clock: Clock;
  /** The pods bound to this node now. */
  pods: () => readonly Pod[];
}

/**
 * A simulated node's NodeCustomMetricsSource. Every read is a scrape at the moment of the call (`time` is now).
 * A changed annotation counts from the first read that sees it: a counter keeps what it counted and goes on at
 * the new rate. A pod that restarts its containers starts its counters over, as a real application does.
 */
export class SimulatedNodeCustomMetrics implements NodeCustomMetricsSource {
  readonly #o: SimulatedNodeCustomMetricsOptions;
  readonly #counters = new Map<string, RateCounter>();

  constructor(options: SimulatedNodeCustomMetricsOptions) {
    this.#o = options;
  }

  #count(key: string, rate: number, startMs: number, nowMs: number): number {
    let counter = this.#counters.get(key);
    if (!counter) this.#counters.set(key, (counter = new RateCounter(rate, Math.min(startMs, nowMs))));
    return counter.countAt(nowMs, rate);
  }

  async customMetrics(): Promise<CustomMetricsSummary> {
    const nowMs = this.#o.clock.nowMs();
    const time = new Date(nowMs).toISOString();
    const seen = new Set<string>();
    const pods: PodMetricSamples[] = [];
    for (const pod of this.#o.pods()) {
      const text = pod.metadata?.annotations?.[annSimulateMetrics];
      const startMs = runningSinceMs(pod);
      if (text === undefined || startMs === undefined) continue;
      const uid = pod.metadata?.uid ?? '';
      const samples = parseSimulatedMetrics(text).series.map((s): MetricSample => {
        if (s.kind === 'gauge') return { name: s.name, labels: s.labels, value: s.value, type: 'gauge' };
        const key = `${uid}/${startMs}/${seriesKey(s.name, s.labels)}`;
        seen.add(key);
        return { name: s.name, labels: s.labels, value: this.#count(key, s.value, startMs, nowMs), type: 'counter' };
      });
      pods.push({ podRef: { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', uid }, time, samples });
    }
    // A counter no longer declared, or of a pod gone or restarted, is forgotten.
    for (const key of this.#counters.keys()) if (!seen.has(key)) this.#counters.delete(key);
    pods.sort((a, b) => a.podRef.namespace.localeCompare(b.podRef.namespace) || a.podRef.name.localeCompare(b.podRef.name));
    return { pods };
  }
}
