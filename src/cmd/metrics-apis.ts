// Composition of the built-in metrics APIs (metrics.k8s.io, custom.metrics.k8s.io, external.metrics.k8s.io):
// the providers exist before the API server (which serves them), the informers and the scraper behind them
// start with the controllers; until then the APIs answer 503.
import type { ConfigMap, Node, Pod } from 'kubernetes-types/core/v1.js';
import { lookupResource, matchesLabels, serviceUnavailable, type ApiGroupProvider, type NodeCustomMetricsSource, type NodeStatsSource } from '../api/index.js';
import { labelIndexOf, type Informer, type InformerFactory, type LabelIndex } from '../client/index.js';
import {
  CustomMetricsStore, customMetricsProvider, externalMetricsProvider, MetricsStore, podSelectorOf, ResourceMetrics, resourceMetricsProvider, Scraper,
} from '../metrics/index.js';
import type { Clock, Logger } from '../util/index.js';

/** What custom metrics read of the kinds whose value is the sum of their pods'. */
type SelectingKind = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; spec?: { selector?: unknown } };

interface Sources { nodes: Informer<Node>; pods: LabelIndex<Pod>; configMaps: Informer<ConfigMap>; selecting: Map<string, Informer<SelectingKind>>; resources: ResourceMetrics }

export interface MetricsApis {
  /** For ApiServer's apiProviders. */
  readonly providers: readonly ApiGroupProvider[];
  /** Starts the informers and the scraper; the returned scraper belongs to the caller (dispose it). */
  start(options: StartOptions): Scraper;
}

interface StartOptions {
  informers: InformerFactory;
  statsFor(node: string): NodeStatsSource | undefined;
  customFor?(node: string): NodeCustomMetricsSource | undefined;
  resolutionMs: number;
  clock: Clock;
  logger: Logger;
}

export function metricsApis(): MetricsApis {
  const store = new MetricsStore();
  const customStore = new CustomMetricsStore();
  let sources: Sources | undefined;
  const ready = (): Sources => {
    if (!sources) throw serviceUnavailable('the metrics APIs are starting');
    return sources;
  };
  const providers: ApiGroupProvider[] = [
    resourceMetricsProvider(() => ready().resources),
    customMetricsProvider({
      store: customStore,
      pods: (ns) => sources?.pods.inNamespace(ns) ?? [],
      objects: (resource, ns) => (ready().selecting.get(resource)?.list() ?? [])
        .filter((o) => o.metadata?.namespace === ns)
        .map((o) => ({ name: o.metadata?.name ?? '', labels: o.metadata?.labels ?? {}, selector: podSelectorOf(o.spec) })),
    }),
    externalMetricsProvider({ configMaps: () => sources?.configMaps.list() ?? [] }),
  ];
  return {
    providers,
    start(o: StartOptions): Scraper {
      const inf = <T extends object>(group: string, version: string, plural: string): Informer<T> => o.informers.informerFor<T>(lookupResource(group, version, plural)!);
      const nodes = inf<Node>('', 'v1', 'nodes');
      const pods = inf<Pod>('', 'v1', 'pods');
      const configMaps = inf<ConfigMap>('', 'v1', 'configmaps');
      const selecting = new Map<string, Informer<SelectingKind>>([
        ['services', inf('', 'v1', 'services')], ['deployments.apps', inf('apps', 'v1', 'deployments')],
        ['statefulsets.apps', inf('apps', 'v1', 'statefulsets')], ['replicasets.apps', inf('apps', 'v1', 'replicasets')],
      ]);
      for (const i of [nodes, pods, configMaps, ...selecting.values()]) i.start();
      const podIndex = labelIndexOf(pods);
      const resources = new ResourceMetrics({
        store, node: (n) => nodes.get(n), nodes: () => nodes.list(), pod: (ns, n) => pods.get(`${ns}/${n}`), nowMs: () => o.clock.nowMs(),
        selectPods: (ns, sel) => (ns === undefined ? pods.list().filter((p) => matchesLabels(sel, p.metadata?.labels)) : podIndex.select(ns, sel)),
      });
      sources = { nodes, pods: podIndex, configMaps, selecting, resources };
      const scraper = new Scraper({
        statsFor: o.statsFor, ...(o.customFor ? { customFor: o.customFor } : {}), nodes: () => nodes.list(), store, customStore,
        resolutionMs: o.resolutionMs, clock: o.clock, logger: o.logger,
      });
      scraper.start();
      return scraper;
    },
  };
}
