// The kubelet paths a NodeStatsSource answers, and their responses: GET /stats/summary (the Summary as JSON),
// GET /metrics/resource and GET /metrics (the volume stats gauges; Prometheus text); and GET /stats/custom, the pods' scraped metrics a
// NodeCustomMetricsSource answers (JSON). Shared by the kubelet's endpoint and the API server's nodes/proxy.
import { isApiError } from '../../errors.js';
import { renderResourceMetrics, resourceMetricsContentType } from './resource-metrics.js';
import { renderVolumeMetrics } from './volume-metrics.js';
import type { NodeStatsSource, Summary } from './summary.js';
import type { NodeCustomMetricsSource } from './custom.js';

export type KubeletStatsPath = 'summary' | 'resource-metrics' | 'metrics' | 'custom';

const paths: Record<string, KubeletStatsPath> = { '/stats/summary': 'summary', '/metrics/resource': 'resource-metrics', '/metrics': 'metrics', '/stats/custom': 'custom' };

/** Which stats endpoint a kubelet path names (a trailing slash allowed), or undefined. Pure. */
export function kubeletStatsPath(path: string): KubeletStatsPath | undefined {
  const p = path.length > 1 ? path.replace(/\/$/, '') : path;
  return Object.hasOwn(paths, p) ? paths[p] : undefined;
}

/**
 * The body of a stats endpoint. /stats/summary fails with the source's error. /metrics/resource answers a source
 * that failed to measure with resource_scrape_error 1, as the kubelet does; an ApiError (a kubelet that could not
 * be reached) is thrown instead, so a proxy answers its status.
 */
export async function statsResponse(path: Exclude<KubeletStatsPath, 'custom'>, source: NodeStatsSource): Promise<{ contentType: string; body: string }> {
  // The kubelet's REST framework pretty-prints with one space.
  if (path === 'summary') return { contentType: 'application/json', body: JSON.stringify(await source.summary(), null, 1) };
  if (path === 'metrics') return { contentType: resourceMetricsContentType, body: renderVolumeMetrics(await source.summary()) };
  let summary: Summary | undefined;
  try {
    summary = await source.summary();
  } catch (e: unknown) {
    if (isApiError(e)) throw e;
    summary = undefined;
  }
  return { contentType: resourceMetricsContentType, body: renderResourceMetrics(summary) };
}

/** The body of /stats/custom: the source's CustomMetricsSummary as JSON; fails with the source's error. */
export async function customMetricsResponse(source: NodeCustomMetricsSource): Promise<{ contentType: string; body: string }> {
  return { contentType: 'application/json', body: JSON.stringify(await source.customMetrics(), null, 1) };
}
