// stats/v1alpha1: the kubelet's Summary API types, NodeStatsSource, the /metrics/resource text, the pods' scraped
// metrics (/stats/custom), and the kubelet paths that serve them.
export type { CpuStats, MemoryStats, ContainerStats, PodReference, PodStats, VolumeStats, NodeStats, Summary, NodeStatsSource, NodeStatsRegistry } from './summary.js';
export { renderResourceMetrics, resourceMetricsContentType, goFloat } from './resource-metrics.js';
export { renderVolumeMetrics } from './volume-metrics.js';
export { customMetricsResponse, kubeletStatsPath, statsResponse, type KubeletStatsPath } from './kubelet-paths.js';
export type { MetricSample, PodMetricSamples, CustomMetricsSummary, NodeCustomMetricsSource, NodeCustomMetricsRegistry } from './custom.js';
