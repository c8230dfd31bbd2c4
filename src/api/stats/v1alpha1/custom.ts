// Application metrics a node scraped from its pods (a Skiff extension of the kubelet's stats API, served at
// GET /stats/custom): for every running pod annotated `prometheus.io/scrape: "true"`, the samples of its
// Prometheus endpoint (`prometheus.io/port`, `prometheus.io/path`, default /metrics), the raw values as scraped.
// The API server's custom metrics provider turns gauges into values and counters into per-second rates.

/** One time series of a pod's scrape: Prometheus metric name, labels and value. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** From the `# TYPE` line: counters become per-second rates, everything else is read as a gauge. */
  type: 'counter' | 'gauge' | 'untyped';
}

export interface PodMetricSamples {
  podRef: { name: string; namespace: string; uid: string };
  /** When the pod was scraped (RFC 3339 with milliseconds). */
  time: string;
  samples: MetricSample[];
}

/** GET /stats/custom of a kubelet. */
export interface CustomMetricsSummary {
  pods: PodMetricSamples[];
}

/**
 * What one node scraped from its annotated pods.
 *
 * Contract:
 * - Values are the latest scrape of each pod (a real node scrapes with its stats collector, every 10 s);
 *   `customMetrics()` never waits for a new scrape, except the very first one.
 * - A pod whose endpoint failed its last scrape is left out (no stale values); counters are cumulative as the
 *   application reports them (a restart resets them).
 * - A rejection means the node cannot be asked now (an ApiError carries the status to answer).
 */
export interface NodeCustomMetricsSource {
  customMetrics(): Promise<CustomMetricsSummary>;
}

/** How the API server finds a node's scraped pod metrics: undefined when no agent serves that node. */
export interface NodeCustomMetricsRegistry {
  customMetricsFor(node: string): NodeCustomMetricsSource | undefined;
}
