// external.metrics.k8s.io/v1beta1, built in: metrics a user pushes, as ConfigMaps labelled
// `metrics.skiff.io/external: "true"`. Each data key is a metric name and its value a quantity; the ConfigMap's
// other labels are the series' labels (what the HPA's metric selector matches); the time of its last write
// is the sample's timestamp. Updating the ConfigMap (`kubectl create configmap … --dry-run=client -o yaml |
// kubectl apply -f -`, or `kubectl patch`) pushes a new value. Durable and audited like any object.
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import {
  ApiError, badRequest, everything, matchesLabels, parseLabelSelector, parseQuantity,
  type ApiGroupProvider, type KubeObject, type LabelSelector, type ProvidedResource, type ProviderRequest,
} from '../api/index.js';
import { errorMessage } from '../util/index.js';

export const externalMetricLabel = 'metrics.skiff.io/external';
export const externalMetricsGroupVersion = 'external.metrics.k8s.io/v1beta1';

/** The ConfigMaps carrying external metrics (the informer's, filtered to the label). */
export interface ExternalMetricsOptions {
  configMaps(): readonly ConfigMap[];
}

/** When the ConfigMap was last written: its newest managedFields time, else its creation. */
function writtenAt(cm: ConfigMap): string {
  const times = (cm.metadata?.managedFields ?? []).map((f) => f.time ?? '').filter(Boolean).sort();
  return times.at(-1) ?? cm.metadata?.creationTimestamp ?? '';
}

function seriesOf(cm: ConfigMap): { metric: string; labels: Record<string, string>; value: string; timestamp: string }[] {
  const labels = Object.fromEntries(Object.entries(cm.metadata?.labels ?? {}).filter(([k]) => k !== externalMetricLabel));
  return Object.entries(cm.data ?? {}).flatMap(([metric, text]) => {
    try {
      return [{ metric, labels, value: parseQuantity(text.trim()).toString(), timestamp: writtenAt(cm) }];
    } catch {
      return []; // not a quantity: not a metric
    }
  });
}

const marked = (cm: ConfigMap): boolean => cm.metadata?.labels?.[externalMetricLabel] === 'true';

export function externalMetricsProvider(options: ExternalMetricsOptions): ApiGroupProvider {
  return {
    group: 'external.metrics.k8s.io',
    version: 'v1beta1',
    priority: { groupPriorityMinimum: 100, versionPriority: 100 },
    get resources(): ProvidedResource[] {
      const names = new Set(options.configMaps().filter(marked).flatMap((cm) => seriesOf(cm).map((s) => s.metric)));
      return [...names].sort().map((name) => ({ name, singularName: '', kind: 'ExternalMetricValueList', namespaced: true, verbs: ['get', 'list'] }));
    },
    async handle(r: ProviderRequest): Promise<KubeObject> {
      let selector: LabelSelector = everything;
      try {
        const text = r.query.get('labelSelector');
        if (text) selector = parseLabelSelector(text);
      } catch (e: unknown) {
        throw badRequest(errorMessage(e));
      }
      const items = options.configMaps()
        .filter((cm) => marked(cm) && cm.metadata?.namespace === r.namespace)
        .flatMap(seriesOf)
        .filter((s) => s.metric === r.resource && matchesLabels(selector, s.labels))
        .map((s) => ({ metricName: s.metric, metricLabels: s.labels, timestamp: s.timestamp, value: s.value }));
      if (items.length === 0) throw new ApiError(404, 'NotFound', `the server could not find the requested resource (get ${r.resource}.external.metrics.k8s.io)`);
      return { kind: 'ExternalMetricValueList', apiVersion: externalMetricsGroupVersion, metadata: {}, items };
    },
  };
}
