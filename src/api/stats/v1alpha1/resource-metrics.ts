// The kubelet's GET /metrics/resource (what metrics-server scrapes): a Summary in the Prometheus text format
// 0.0.4 with upstream's metric names, HELP and TYPE lines, label order, sample order and number formatting.
// Pure; shared by the kubelet's endpoint and the API server's nodes/{name}/proxy.
import type { ContainerStats, CpuStats, MemoryStats, PodStats, Summary } from './summary.js';

export const resourceMetricsContentType = 'text/plain; version=0.0.4; charset=utf-8';

export interface Sample { labels: [string, string][]; value: number; timestampMs?: number }
export interface Family { name: string; help: string; type: 'counter' | 'gauge'; samples: Sample[] }

/**
 * A float as Go's strconv.FormatFloat(x, 'g', -1, 64), which the Prometheus encoder uses: the shortest digits,
 * in exponent form below 1e-4 or from 1e6 ("6.7108864e+07"). Pure.
 */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp >= -4 && exp < 6) return String(x);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function sampleLine(name: string, s: Sample): string {
  const labels = s.labels.length ? `{${s.labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
  return `${name}${labels} ${goFloat(s.value)}${s.timestampMs !== undefined ? ` ${s.timestampMs}` : ''}\n`;
}

const timeMs = (stats: { time: string }): number => Date.parse(stats.time);
const cpuSeconds = (cpu: CpuStats | undefined): Sample | undefined =>
  cpu?.usageCoreNanoSeconds !== undefined ? { labels: [], value: cpu.usageCoreNanoSeconds / 1e9, timestampMs: timeMs(cpu) } : undefined;
const workingSet = (memory: MemoryStats | undefined): Sample | undefined =>
  memory?.workingSetBytes !== undefined ? { labels: [], value: memory.workingSetBytes, timestampMs: timeMs(memory) } : undefined;
const startSeconds = (c: ContainerStats): Sample | undefined => {
  const ms = Date.parse(c.startTime);
  return Number.isFinite(ms) && ms > 0 ? { labels: [], value: ms / 1000 } : undefined;
};

const withLabels = (s: Sample | undefined, labels: [string, string][]): Sample[] => (s ? [{ ...s, labels }] : []);
const containerLabels = (p: PodStats, c: ContainerStats): [string, string][] => [['container', c.name], ['namespace', p.podRef.namespace], ['pod', p.podRef.name]];
const podLabels = (p: PodStats): [string, string][] => [['namespace', p.podRef.namespace], ['pod', p.podRef.name]];
const scrapeHelp = '1 if there was an error while getting container metrics, 0 otherwise';

/**
 * The /metrics/resource text of a summary, or of a failed one (`undefined`: only the scrape error gauges, at 1).
 * As upstream: families sorted by name and empty ones left out, samples sorted by label values, usage samples
 * stamped with their stats' time in milliseconds, start times and scrape errors without a timestamp. Upstream
 * 1.29 renamed scrape_error to resource_scrape_error; both are written (the old one marked deprecated).
 */
export function renderResourceMetrics(summary: Summary | undefined): string {
  const pods = summary?.pods ?? [];
  const perContainer = (f: (p: PodStats, c: ContainerStats) => Sample[]): Sample[] => pods.flatMap((p) => p.containers.flatMap((c) => f(p, c)));
  const families: Family[] = [
    { name: 'container_cpu_usage_seconds_total', help: '[STABLE] Cumulative cpu time consumed by the container in core-seconds', type: 'counter', samples: perContainer((p, c) => withLabels(cpuSeconds(c.cpu), containerLabels(p, c))) },
    { name: 'container_memory_working_set_bytes', help: '[STABLE] Current working set of the container in bytes', type: 'gauge', samples: perContainer((p, c) => withLabels(workingSet(c.memory), containerLabels(p, c))) },
    { name: 'container_start_time_seconds', help: '[STABLE] Start time of the container since unix epoch in seconds', type: 'gauge', samples: perContainer((p, c) => withLabels(startSeconds(c), containerLabels(p, c))) },
    { name: 'node_cpu_usage_seconds_total', help: '[STABLE] Cumulative cpu time consumed by the node in core-seconds', type: 'counter', samples: withLabels(cpuSeconds(summary?.node.cpu), []) },
    { name: 'node_memory_working_set_bytes', help: '[STABLE] Current working set of the node in bytes', type: 'gauge', samples: withLabels(workingSet(summary?.node.memory), []) },
    { name: 'pod_cpu_usage_seconds_total', help: '[STABLE] Cumulative cpu time consumed by the pod in core-seconds', type: 'counter', samples: pods.flatMap((p) => withLabels(cpuSeconds(p.cpu), podLabels(p))) },
    { name: 'pod_memory_working_set_bytes', help: '[STABLE] Current working set of the pod in bytes', type: 'gauge', samples: pods.flatMap((p) => withLabels(workingSet(p.memory), podLabels(p))) },
    { name: 'resource_scrape_error', help: `[STABLE] ${scrapeHelp}`, type: 'gauge', samples: [{ labels: [], value: summary ? 0 : 1 }] },
    { name: 'scrape_error', help: `[ALPHA] (Deprecated since 1.29.0) ${scrapeHelp}`, type: 'gauge', samples: [{ labels: [], value: summary ? 0 : 1 }] },
  ];
  return renderFamilies(families);
}

/** Families in the Prometheus text format, as upstream's encoder: empty ones left out, samples sorted by label values. */
export function renderFamilies(families: readonly Family[]): string {
  let out = '';
  for (const f of families) {
    if (f.samples.length === 0) continue;
    out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
    const sorted = [...f.samples].sort((a, b) => compareLabels(a.labels, b.labels));
    for (const s of sorted) out += sampleLine(f.name, s);
  }
  return out;
}

function compareLabels(a: readonly [string, string][], b: readonly [string, string][]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]![1];
    const y = b[i]![1];
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
