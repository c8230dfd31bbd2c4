// metrics.k8s.io/v1beta1 as an in-process API group provider (where upstream registers metrics-server's
// APIService): nodes (NodeMetrics) and pods (PodMetrics), get and list, metrics-server's table columns.
import { badRequest, parseFieldSelector, parseLabelSelector, printerFor, type ApiGroupProvider, type KubeObject, type ProviderRequest } from '../api/index.js';
import { errorMessage } from '../util/index.js';
import type { ResourceMetrics } from './resource-metrics.js';

function selectors(query: URLSearchParams): { labelSelector: ReturnType<typeof parseLabelSelector>; fieldSelector: ReturnType<typeof parseFieldSelector> } {
  try {
    return { labelSelector: parseLabelSelector(query.get('labelSelector') ?? ''), fieldSelector: parseFieldSelector(query.get('fieldSelector') ?? '') };
  } catch (e: unknown) {
    throw badRequest(errorMessage(e));
  }
}

export function resourceMetricsProvider(metrics: () => ResourceMetrics): ApiGroupProvider {
  return {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    // metrics-server's APIService.
    priority: { groupPriorityMinimum: 100, versionPriority: 100 },
    resources: [
      { name: 'nodes', singularName: '', kind: 'NodeMetrics', namespaced: false, verbs: ['get', 'list'], printer: printerFor('metrics.k8s.io', 'NodeMetrics') },
      { name: 'pods', singularName: '', kind: 'PodMetrics', namespaced: true, verbs: ['get', 'list'], printer: printerFor('metrics.k8s.io', 'PodMetrics') },
    ],
    async handle(r: ProviderRequest): Promise<KubeObject> {
      const m = metrics();
      const nodes = r.resource === 'nodes';
      if (r.verb === 'get') return (nodes ? m.getNode(r.name) : m.getPod(r.namespace, r.name)) as unknown as KubeObject;
      if (r.verb === 'list') return (nodes ? m.listNodes(selectors(r.query)) : m.listPods(r.namespace === '' ? undefined : r.namespace, selectors(r.query))) as unknown as KubeObject;
      throw badRequest(`${r.verb} is not supported on ${r.resource}.metrics.k8s.io`);
    },
  };
}
