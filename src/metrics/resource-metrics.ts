// metrics.k8s.io/v1beta1 answers (metrics-server's API): NodeMetrics and PodMetrics from the store, with the
// node's or pod's labels for label selectors, metadata.name/namespace field selectors, upstream's quantity
// forms (cpu in nanocores, memory binary), the window as a Go duration, and upstream's NotFound names.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { checkFieldSelector, matchesFields, matchesLabels, notFound, Quantity, type FieldSelector, type LabelSelector } from '../api/index.js';
import { formatGoDuration, rfc3339 } from '../util/index.js';
import type { MetricsStore, PodUsage, Usage } from './store.js';

export const metricsGroupVersion = 'metrics.k8s.io/v1beta1';

export interface ResourceUsage { cpu: string; memory: string }

export interface NodeMetrics {
  apiVersion: string;
  kind: 'NodeMetrics';
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  usage: ResourceUsage;
}

export interface PodMetrics {
  apiVersion: string;
  kind: 'PodMetrics';
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  containers: { name: string; usage: ResourceUsage }[];
}

export interface MetricsList<T> {
  apiVersion: string;
  kind: 'NodeMetricsList' | 'PodMetricsList';
  metadata: Record<string, never>;
  items: T[];
}

const usageOf = (u: Pick<Usage, 'cpuNanoCores' | 'memoryBytes'>): ResourceUsage => ({
  cpu: new Quantity(BigInt(Math.max(0, Math.round(u.cpuNanoCores))), 9, 'DecimalSI').toString(),
  memory: new Quantity(BigInt(Math.max(0, Math.round(u.memoryBytes))), 0, 'BinarySI').toString(),
});

const nodeFields = new Set(['metadata.name']);
const podFields = new Set(['metadata.name', 'metadata.namespace']);

export interface ResourceMetricsOptions {
  store: MetricsStore;
  /** The cluster's objects, for labels (and so that deleted nodes and pods stop being listed). */
  node(name: string): Node | undefined;
  nodes(): Node[];
  pod(namespace: string, name: string): Pod | undefined;
  /** The pods of a namespace (every namespace: undefined) the label selector matches (an indexed lookup). */
  selectPods(namespace: string | undefined, selector: LabelSelector): readonly Pod[];
  nowMs(): number;
}

/** The metrics.k8s.io resources, answered from the store. Throws ApiError (400 for unsupported field selectors, 404). */
export class ResourceMetrics {
  readonly #o: ResourceMetricsOptions;
  constructor(options: ResourceMetricsOptions) {
    this.#o = options;
  }

  #nodeMetrics(node: Node): NodeMetrics | undefined {
    const name = node.metadata?.name ?? '';
    const u = this.#o.store.nodeUsage(name);
    if (!u) return undefined;
    return {
      apiVersion: metricsGroupVersion, kind: 'NodeMetrics',
      metadata: { name, creationTimestamp: rfc3339(new Date(this.#o.nowMs())), ...(node.metadata?.labels ? { labels: { ...node.metadata.labels } } : {}) },
      timestamp: rfc3339(new Date(u.timeMs)), window: formatGoDuration(u.windowMs), usage: usageOf(u),
    };
  }

  listNodes(options: { labelSelector: LabelSelector; fieldSelector: FieldSelector }): MetricsList<NodeMetrics> {
    checkFieldSelector(options.fieldSelector, nodeFields);
    const items = this.#o.nodes()
      .filter((n) => matchesLabels(options.labelSelector, n.metadata?.labels) && matchesFields(options.fieldSelector, { 'metadata.name': n.metadata?.name ?? '' }))
      .map((n) => this.#nodeMetrics(n)).filter((m): m is NodeMetrics => m !== undefined)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    return { apiVersion: metricsGroupVersion, kind: 'NodeMetricsList', metadata: {}, items };
  }

  getNode(name: string): NodeMetrics {
    const node = this.#o.node(name);
    const m = node && this.#nodeMetrics(node);
    if (!m) throw notFound({ group: 'metrics.k8s.io', resource: 'nodemetrics' }, name);
    return m;
  }

  /** namespace undefined: every namespace (kubectl top pod -A). */
  listPods(namespace: string | undefined, options: { labelSelector: LabelSelector; fieldSelector: FieldSelector }): MetricsList<PodMetrics> {
    checkFieldSelector(options.fieldSelector, podFields);
    const items: PodMetrics[] = [];
    for (const pod of this.#o.selectPods(namespace, options.labelSelector)) {
      const u = this.#o.store.podUsage(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
      if (!u || !matchesFields(options.fieldSelector, { 'metadata.name': u.name, 'metadata.namespace': u.namespace })) continue;
      items.push(this.#podMetrics(pod, u));
    }
    items.sort((a, b) => a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name));
    return { apiVersion: metricsGroupVersion, kind: 'PodMetricsList', metadata: {}, items };
  }

  getPod(namespace: string, name: string): PodMetrics {
    const u = this.#o.store.podUsage(namespace, name);
    const pod = this.#o.pod(namespace, name);
    if (!u || !pod) throw notFound({ group: 'metrics.k8s.io', resource: 'podmetrics' }, `${namespace}/${name}`);
    return this.#podMetrics(pod, u);
  }

  #podMetrics(pod: Pod, u: PodUsage): PodMetrics {
    return {
      apiVersion: metricsGroupVersion, kind: 'PodMetrics',
      metadata: { name: u.name, namespace: u.namespace, creationTimestamp: rfc3339(new Date(this.#o.nowMs())), ...(pod.metadata?.labels ? { labels: { ...pod.metadata.labels } } : {}) },
      timestamp: rfc3339(new Date(u.timeMs)), window: formatGoDuration(u.windowMs),
      containers: u.containers.map((c) => ({ name: c.name, usage: usageOf(c.usage) })),
    };
  }
}
