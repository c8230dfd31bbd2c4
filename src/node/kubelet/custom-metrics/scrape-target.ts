// Which of a node's pods are scraped for application metrics, and at which URL: the `prometheus.io/*` pod
// annotations of Prometheus' usual Kubernetes pod job. Pure.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodReference } from '../../../api/index.js';

/** "true" (exactly) asks the node to scrape the pod. */
export const annPrometheusScrape = 'prometheus.io/scrape';
/** The port to scrape; default the pod's first declared TCP containerPort, else 80. */
export const annPrometheusPort = 'prometheus.io/port';
/** The path to scrape; default /metrics. */
export const annPrometheusPath = 'prometheus.io/path';

export interface ScrapeTarget {
  pod: PodReference;
  url: string;
}

/** The first TCP port the pod's containers declare, in order, or 80. */
function defaultPort(pod: Pod): number {
  for (const c of pod.spec?.containers ?? []) {
    const port = (c.ports ?? []).find((p) => (p.protocol ?? 'TCP') === 'TCP');
    if (port) return port.containerPort;
  }
  return 80;
}

/**
 * The URL a running pod with address `podIP` is scraped at: `http://<podIP>:<port><path>`, or undefined when the
 * pod is not annotated `prometheus.io/scrape: "true"`. A path without a leading slash gets one. Throws a
 * RangeError for a port annotation that is not a port number, or a path that makes no URL.
 */
export function scrapeTarget(pod: Pod, podIP: string): ScrapeTarget | undefined {
  const ann = pod.metadata?.annotations ?? {};
  if (ann[annPrometheusScrape] !== 'true') return undefined;
  const portText = ann[annPrometheusPort]?.trim();
  const port = portText === undefined || portText === '' ? defaultPort(pod) : /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new RangeError(`Cannot scrape pod "${pod.metadata?.name}": ${annPrometheusPort} "${portText}" is not a port number`);
  const pathText = ann[annPrometheusPath]?.trim() || '/metrics';
  const path = pathText.startsWith('/') ? pathText : `/${pathText}`;
  const host = podIP.includes(':') ? `[${podIP}]` : podIP;
  let url: URL;
  try {
    url = new URL(`http://${host}:${port}${path}`);
  } catch (e: unknown) {
    throw new RangeError(`Cannot scrape pod "${pod.metadata?.name}": ${annPrometheusPath} "${pathText}" makes no URL`, { cause: e });
  }
  const meta = pod.metadata;
  return { pod: { name: meta?.name ?? '', namespace: meta?.namespace ?? '', uid: meta?.uid ?? '' }, url: url.href };
}
