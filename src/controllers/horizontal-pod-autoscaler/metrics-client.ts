// MetricsSource over the API (upstream's REST metrics client): metrics.k8s.io PodMetrics for Resource and
// ContainerResource metrics, custom.metrics.k8s.io/v1beta2 for Pods and Object metrics, external.metrics.k8s.io
// for External ones. Values become milli-units; upstream's error texts for failed and empty answers.
import type { CrossVersionObjectReference } from 'kubernetes-types/autoscaling/v2.js';
import { formatLabelSelector, isEverything, lookupKind, parseQuantity, type LabelSelector } from '../../api/index.js';
import type { Client } from '../../client/index.js';
import { errorMessage, goDurationMs } from '../../util/index.js';
import type { ExternalMetricResult, MetricsSource, ObjectMetricResult, PodMetricsResult } from './metrics-source.js';
import type { PodMetric } from './pod-groups.js';

interface PodMetricsItem { metadata?: { name?: string }; timestamp?: string; window?: string; containers?: { name: string; usage?: Record<string, string> }[] }
interface MetricValue { describedObject?: { kind?: string; name?: string }; timestamp?: string; windowSeconds?: number; value?: string }
interface ExternalMetricValue { timestamp?: string; value?: string }

const milli = (q: string): number => Number(parseQuantity(q).milliValue());
const timeOf = (t: string | undefined): number => Date.parse(t ?? '') || 0;
const selectorText = (s: LabelSelector): string | undefined => (isEverything(s) ? undefined : formatLabelSelector(s));

export function metricsClient(client: Client): MetricsSource {
  return {
    async getResourceMetric(resource, query): Promise<PodMetricsResult> {
      let list: { items?: PodMetricsItem[] };
      try {
        list = await client.getPath(`/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(query.namespace)}/pods`, { labelSelector: selectorText(query.selector) });
      } catch (e: unknown) {
        throw new Error(`unable to fetch metrics from resource metrics API: ${errorMessage(e)}`, { cause: e });
      }
      const items = list.items ?? [];
      if (items.length === 0) throw new Error('no metrics returned from resource metrics API');
      const metrics: Record<string, PodMetric> = {};
      for (const item of items) {
        const name = item.metadata?.name ?? '';
        const sample = { timestampMs: timeOf(item.timestamp), windowMs: goDurationMs(item.window ?? '') ?? 0 };
        if (query.container !== undefined) {
          const c = (item.containers ?? []).find((x) => x.name === query.container);
          if (!c) throw new Error(`failed to get container metrics: container ${query.container} not present in metrics for pod ${query.namespace}/${name}`);
          const v = c.usage?.[resource];
          if (v !== undefined) metrics[name] = { value: milli(v), ...sample };
          continue;
        }
        // A pod with a container lacking the resource has no sample (upstream podMetricsInfo's "missing").
        const values = (item.containers ?? []).map((c) => c.usage?.[resource]).filter((v): v is string => v !== undefined);
        if (values.length === 0 || values.length !== (item.containers ?? []).length) continue;
        metrics[name] = { value: values.reduce((n, v) => n + milli(v), 0), ...sample };
      }
      return { metrics, timestampMs: timeOf(items[0]?.timestamp) };
    },

    async getRawMetric(metricName, query): Promise<PodMetricsResult> {
      const path = `/apis/custom.metrics.k8s.io/v1beta2/namespaces/${encodeURIComponent(query.namespace)}/pods/*/${encodeURIComponent(metricName)}`;
      const list = await fetchCustom<MetricValue>(client, path, { labelSelector: selectorText(query.selector), metricLabelSelector: selectorText(query.metricSelector) }, 'custom');
      const metrics: Record<string, PodMetric> = {};
      for (const v of list) {
        // upstream: a metric without a window is taken as one minute wide.
        metrics[v.describedObject?.name ?? ''] = { value: milli(v.value ?? '0'), timestampMs: timeOf(v.timestamp), windowMs: (v.windowSeconds ?? 60) * 1000 };
      }
      return { metrics, timestampMs: timeOf(list[0]?.timestamp) };
    },

    async getObjectMetric(metricName, query): Promise<ObjectMetricResult> {
      const path = objectMetricPath(query.namespace, query.objectRef, metricName);
      const list = await fetchCustom<MetricValue>(client, path, { metricLabelSelector: selectorText(query.metricSelector) }, 'custom');
      return { value: milli(list[0]?.value ?? '0'), timestampMs: timeOf(list[0]?.timestamp) };
    },

    async getExternalMetric(metricName, query): Promise<ExternalMetricResult> {
      const path = `/apis/external.metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(query.namespace)}/${encodeURIComponent(metricName)}`;
      const list = await fetchCustom<ExternalMetricValue>(client, path, { labelSelector: selectorText(query.metricSelector) }, 'external');
      return { values: list.map((v) => milli(v.value ?? '0')), timestampMs: timeOf(list[0]?.timestamp) };
    },
  };
}

async function fetchCustom<T>(client: Client, path: string, query: Record<string, string | undefined>, api: 'custom' | 'external'): Promise<T[]> {
  let list: { items?: T[] };
  try {
    list = await client.getPath(path, query);
  } catch (e: unknown) {
    throw new Error(`unable to fetch metrics from ${api} metrics API: ${errorMessage(e)}`, { cause: e });
  }
  if (!list.items?.length) throw new Error(`no metrics returned from ${api} metrics API`);
  return list.items;
}

/** The custom metrics path of an object: its resource by kind, or a namespace's own metric. */
function objectMetricPath(namespace: string, ref: CrossVersionObjectReference, metricName: string): string {
  const metric = encodeURIComponent(metricName);
  if (ref.kind === 'Namespace') return `/apis/custom.metrics.k8s.io/v1beta2/namespaces/${encodeURIComponent(ref.name)}/metrics/${metric}`;
  const [group, version] = (ref.apiVersion ?? 'v1').includes('/') ? (ref.apiVersion ?? '').split('/') as [string, string] : ['', ref.apiVersion ?? 'v1'];
  const desc = lookupKind(group, version, ref.kind);
  const resource = desc ? (desc.group ? `${desc.plural}.${desc.group}` : desc.plural) : `${ref.kind.toLowerCase()}s`;
  return `/apis/custom.metrics.k8s.io/v1beta2/namespaces/${encodeURIComponent(namespace)}/${resource}/${encodeURIComponent(ref.name)}/${metric}`;
}
