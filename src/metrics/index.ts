// metrics: the built-in resource metrics pipeline (metrics-server's job): scraper, store, metrics.k8s.io answers.
export { MetricsStore, type NodeScrape, type Point, type Usage, type PodUsage } from './store.js';
export { Scraper, scrapeOf, type ScraperOptions } from './scraper.js';
export { ResourceMetrics, metricsGroupVersion, type NodeMetrics, type PodMetrics, type ResourceMetricsOptions } from './resource-metrics.js';
export { resourceMetricsProvider } from './provider.js';
export { CustomMetricsStore, type MetricReading } from './custom-store.js';
export { customMetricsProvider, podSelectorOf, customMetricsGroupVersion, type CustomMetricsOptions, type SelectingObject } from './custom-metrics.js';
export { externalMetricsProvider, externalMetricLabel, externalMetricsGroupVersion, type ExternalMetricsOptions } from './external-metrics.js';
