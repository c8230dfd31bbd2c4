// GET nodes/{name}/proxy/{path}: the API server's way to a node's kubelet (upstream: `kubectl get --raw
// /api/v1/nodes/<node>/proxy/stats/summary`). The kubelet paths Skiff's nodes serve through the API server are
// the stats ones, answered from the node's NodeStatsSource, and /stats/custom from its NodeCustomMetricsSource
// (in-process for the embedded and simulated nodes, over HTTPS for joined agents); any other path is a 404, as
// the kubelet answers it.
import { ApiError, customMetricsResponse, kubeletStatsPath, methodNotAllowed, notFoundPath, statsResponse, type NodeCustomMetricsRegistry, type NodeStatsRegistry } from '../../api/index.js';
import type { SubresourceHandler } from './types.js';

/** The node's name in a proxy request: upstream also takes "<name>:<port>" and "<scheme>:<name>:<port>". Pure. */
export function proxiedNodeName(name: string): string {
  const [a = '', b = '', ...rest] = name.split(':');
  if (rest.length === 1) return b;
  if (rest.length === 0 && name.includes(':') && /^\d*$/.test(b)) return a;
  return name;
}

export function nodeProxy(registry: NodeStatsRegistry | undefined, customMetrics?: NodeCustomMetricsRegistry): SubresourceHandler {
  return async (call) => {
    if (call.info.verb !== 'get') throw methodNotAllowed(call.info.verb, { group: '', resource: 'nodes/proxy' });
    const name = proxiedNodeName(call.info.name);
    await call.deps.storeFor(call.desc).get(call.desc, '', name);
    const path = kubeletStatsPath(call.info.subresource.slice('proxy'.length) || '/');
    if (!path) throw notFoundPath();
    const served = <T>(source: T | undefined): T => {
      if (source === undefined) throw new ApiError(503, 'ServiceUnavailable', `error trying to reach service: node "${name}" has no agent serving its kubelet`);
      return source;
    };
    const { contentType, body } = path === 'custom' ? await customMetricsResponse(served(customMetrics?.customMetricsFor(name))) : await statsResponse(path, served(registry?.statsFor(name)));
    call.res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private' });
    call.res.end(call.req.method === 'HEAD' ? undefined : body);
  };
}
