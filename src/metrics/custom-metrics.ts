// custom.metrics.k8s.io/v1beta2, built in (what prometheus-adapter provides upstream): pods' application
// metrics from their scrapes. A pod's value is its own; an object's (Service, Deployment, StatefulSet,
// ReplicaSet) is the sum over the pods its selector picks; a namespace's (`/namespaces/<ns>/metrics/<m>`)
// the sum over all its pods. Discovery lists `<resource>/<metric>` for every metric some pod reports.
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  ApiError, badRequest, everything, fromLabelSelectorObject, matchesLabels, parseLabelSelector, Quantity,
  type ApiGroupProvider, type KubeObject, type LabelSelector, type ProvidedResource, type ProviderRequest,
} from '../api/index.js';
import { errorMessage, rfc3339 } from '../util/index.js';
import type { CustomMetricsStore, MetricReading } from './custom-store.js';

export const customMetricsGroupVersion = 'custom.metrics.k8s.io/v1beta2';

/** The objects whose metrics are their pods' sums: resource (as in the URL) → kind and apiVersion. */
const objectKinds: Readonly<Record<string, { kind: string; apiVersion: string }>> = {
  services: { kind: 'Service', apiVersion: '/v1' },
  'deployments.apps': { kind: 'Deployment', apiVersion: 'apps/v1' },
  'statefulsets.apps': { kind: 'StatefulSet', apiVersion: 'apps/v1' },
  'replicasets.apps': { kind: 'ReplicaSet', apiVersion: 'apps/v1' },
};

/** An object that selects pods: its name, labels and pod selector (a Service's plain map or a workload's LabelSelector). */
export interface SelectingObject { name: string; labels: Readonly<Record<string, string>>; selector: LabelSelector | undefined }

export interface CustomMetricsOptions {
  store: CustomMetricsStore;
  /** The pods of a namespace (the informer's). */
  pods(namespace: string): readonly Pod[];
  /** The objects of a kind in a namespace; resource is a key of the supported kinds (services, deployments.apps, …). */
  objects(resource: string, namespace: string): readonly SelectingObject[];
}

/** A workload's spec.selector or a Service's spec.selector map as a label selector (none: selects nothing). */
export function podSelectorOf(spec: { selector?: unknown } | undefined): LabelSelector | undefined {
  const sel = spec?.selector;
  if (!sel || typeof sel !== 'object') return undefined;
  const obj = sel as Record<string, unknown>;
  if ('matchLabels' in obj || 'matchExpressions' in obj) return fromLabelSelectorObject(obj);
  return Object.keys(obj).length ? fromLabelSelectorObject({ matchLabels: obj as Record<string, string> }) : undefined;
}

const quantity = (v: number): string => new Quantity(BigInt(Math.round(v * 1000)), 3, 'DecimalSI').toString();

function metricValue(describedObject: Record<string, string>, metric: string, reading: MetricReading, metricSelector: string | null): Record<string, unknown> {
  return {
    describedObject, metric: { name: metric, selector: metricSelector === null ? null : metricSelector },
    timestamp: rfc3339(new Date(reading.timeMs)),
    ...(reading.windowMs !== undefined ? { windowSeconds: Math.round(reading.windowMs / 1000) } : {}),
    value: quantity(reading.value),
  };
}

const list = (items: Record<string, unknown>[]): KubeObject => ({ kind: 'MetricValueList', apiVersion: customMetricsGroupVersion, metadata: {}, items });

function parseSelector(text: string | null): LabelSelector {
  try {
    return text ? parseLabelSelector(text) : everything;
  } catch (e: unknown) {
    throw badRequest(errorMessage(e));
  }
}

/** custom-metrics-apiserver's NotFound for a metric an object does not have. */
const metricNotFound = (resource: string, metric: string, name: string): ApiError =>
  new ApiError(404, 'NotFound', `the server could not find the metric ${metric} for ${resource} ${name}`);

export function customMetricsProvider(options: CustomMetricsOptions): ApiGroupProvider {
  const { store } = options;
  const sum = (pods: readonly Pod[], metric: string, selector: LabelSelector): MetricReading | undefined => {
    let total: MetricReading | undefined;
    for (const p of pods) {
      const r = store.podValue(p.metadata?.namespace ?? '', p.metadata?.name ?? '', metric, selector);
      if (!r) continue;
      total = { value: (total?.value ?? 0) + r.value, timeMs: Math.max(total?.timeMs ?? 0, r.timeMs), ...(r.windowMs !== undefined ? { windowMs: r.windowMs } : {}) };
    }
    return total;
  };
  return {
    group: 'custom.metrics.k8s.io',
    version: 'v1beta2',
    // prometheus-adapter's APIService.
    priority: { groupPriorityMinimum: 100, versionPriority: 100 },
    get resources(): ProvidedResource[] {
      const out: ProvidedResource[] = [{ name: 'metrics', singularName: '', kind: 'MetricValueList', namespaced: true, verbs: ['get'] }];
      for (const m of [...store.metricNames()].sort()) {
        out.push({ name: `pods/${m}`, singularName: '', kind: 'MetricValueList', namespaced: true, verbs: ['get'] });
        for (const r of Object.keys(objectKinds)) out.push({ name: `${r}/${m}`, singularName: '', kind: 'MetricValueList', namespaced: true, verbs: ['get'] });
        out.push({ name: `namespaces/${m}`, singularName: '', kind: 'MetricValueList', namespaced: false, verbs: ['get'] });
      }
      return out;
    },
    async handle(r: ProviderRequest): Promise<KubeObject> {
      const metricSelectorText = r.query.get('metricLabelSelector');
      const metricSelector = parseSelector(metricSelectorText);
      const objectSelector = parseSelector(r.query.get('labelSelector'));
      // The namespace's own metric: /namespaces/<ns>/metrics/<metric>.
      if (r.resource === 'metrics') {
        const reading = sum(options.pods(r.namespace), r.name, metricSelector);
        if (!reading) throw metricNotFound('namespaces', r.name, r.namespace);
        return list([metricValue({ kind: 'Namespace', name: r.namespace, apiVersion: '/v1' }, r.name, reading, metricSelectorText)]);
      }
      const slash = r.resource.indexOf('/');
      const resource = r.resource.slice(0, slash);
      const metric = r.resource.slice(slash + 1);
      if (resource === 'pods') {
        const pods = options.pods(r.namespace).filter((p) => (r.name === '*' ? matchesLabels(objectSelector, p.metadata?.labels) : p.metadata?.name === r.name));
        const items = pods.flatMap((p) => {
          const reading = store.podValue(r.namespace, p.metadata?.name ?? '', metric, metricSelector);
          return reading ? [metricValue({ kind: 'Pod', namespace: r.namespace, name: p.metadata?.name ?? '', apiVersion: '/v1' }, metric, reading, metricSelectorText)] : [];
        });
        if (items.length === 0 && r.name !== '*') throw metricNotFound('pods', metric, r.name);
        return list(items);
      }
      const kind = objectKinds[resource];
      if (!kind) throw metricNotFound(resource, metric, r.name);
      const objects = options.objects(resource, r.namespace).filter((o) => (r.name === '*' ? matchesLabels(objectSelector, o.labels) : o.name === r.name));
      const items = objects.flatMap((o) => {
        const selector = o.selector;
        if (!selector) return [];
        const pods = options.pods(r.namespace).filter((p) => matchesLabels(selector, p.metadata?.labels));
        const reading = sum(pods, metric, metricSelector);
        return reading ? [metricValue({ kind: kind.kind, namespace: r.namespace, name: o.name, apiVersion: kind.apiVersion }, metric, reading, metricSelectorText)] : [];
      });
      if (items.length === 0 && r.name !== '*') throw metricNotFound(resource, metric, r.name);
      return list(items);
    },
  };
}
