// Dedicated handlers for subresources and create-only kinds that are not plain CRUD.
import { ApiError, badRequest, conflict, gvString, invalid, type KubeObject } from '../../api/index.js';
import { invalid as fieldInvalid } from '../../api/meta/field-path.js';
import type { ServiceAccountTokens } from '../auth/service-account-token.js';
import { decodeObject, readBody } from '../http/body.js';
import { sendJson, successStatus } from '../http/respond.js';
import type { UserInfo } from '../registry/context.js';
import { internalContext } from '../registry/context.js';
import type { SubresourceCall, SubresourceHandler } from './types.js';
import type { NodeCustomMetricsRegistry, NodeStatsRegistry, NodeStreamsRegistry } from '../../api/index.js';
import { podLog, upgradeRequired } from './pod-streams.js';
import { podEviction } from './eviction.js';
import { requireVerb } from './verbs.js';
import { nodeProxy } from './node-proxy.js';

import { rfc3339 } from '../../util/index.js';


/** POST pods/{name}/binding: sets spec.nodeName once (upstream BindingREST). */
const podBinding: SubresourceHandler = async (call) => {
  requireVerb(call, ['create']);
  const binding = decodeObject(await readBody(call.req), call.req.headers['content-type']);
  const target = (binding['target'] ?? {}) as { kind?: string; name?: string };
  if (!target.name) throw badRequest('Binding target name is required');
  if (target.kind && target.kind !== 'Node') throw badRequest(`Binding target kind must be Node, not "${target.kind}"`);
  const store = call.deps.storeFor(call.desc);
  const ns = call.info.namespace;
  const name = call.info.name;
  const pod = structuredClone(await store.get(call.desc, ns, name)) as KubeObject & { spec?: { nodeName?: string } };
  if ((pod.metadata as Record<string, unknown> | undefined)?.['deletionTimestamp']) throw conflict({ group: '', resource: 'pods' }, name, 'pod is being deleted, cannot be assigned to a host');
  if (pod.spec?.nodeName) throw conflict({ group: '', resource: 'pods' }, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  pod.spec = { ...(pod.spec ?? {}), nodeName: target.name };
  // Upstream's binding also marks the pod PodScheduled=True, in the same storage update.
  const status = { ...((pod['status'] ?? {}) as { conditions?: { type?: string }[] }) };
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(call.deps.clock.now()) } as { type: string }];
  pod['status'] = status;
  await store.update(call.desc, ns, name, pod, internalContext('kube-scheduler'), { kind: 'binding', subresource: 'binding' });
  sendJson(call.res, 201, successStatus(undefined));
};

function review(status: (user: UserInfo, spec: Record<string, unknown>) => Record<string, unknown>): SubresourceHandler {
  return async (call) => {
    requireVerb(call, ['create']);
    const obj = decodeObject(await readBody(call.req), call.req.headers['content-type']);
    const spec = (obj['spec'] ?? {}) as Record<string, unknown>;
    sendJson(call.res, 201, { kind: call.desc.kind, apiVersion: gvString(call.desc), metadata: { creationTimestamp: null }, spec, status: status(call.user, spec) });
  };
}

/** POST serviceaccounts/{name}/token: a TokenRequest answered with a signed, bound token (upstream TokenREST). */
function tokenRequest(tokens: ServiceAccountTokens | undefined): SubresourceHandler {
  return async (call) => {
    requireVerb(call, ['create']);
    if (!tokens) throw new ApiError(400, 'BadRequest', 'serviceaccounts/token is not available: this server has no token signing key');
    const tr = decodeObject(await readBody(call.req), call.req.headers['content-type']);
    const spec = (tr['spec'] ?? {}) as { audiences?: string[]; expirationSeconds?: number };
    const exp = spec.expirationSeconds ?? 3600;
    if (!Number.isInteger(exp) || exp < 600) throw invalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, call.info.name, [fieldInvalid('spec.expirationSeconds', exp, 'may not specify a duration less than 10 minutes')]);
    const sa = await call.deps.storeFor(call.desc).get(call.desc, call.info.namespace, call.info.name);
    const uid = String((sa.metadata as { uid?: string } | undefined)?.uid ?? '');
    const audiences = spec.audiences?.length ? spec.audiences : ['https://kubernetes.default.svc.cluster.local'];
    const now = call.deps.clock.now();
    const { token, expiresAt } = tokens.issue({ namespace: call.info.namespace, serviceAccount: call.info.name, uid, audiences, expirationSeconds: exp, now });
    sendJson(call.res, 201, {
      kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: call.info.name, namespace: call.info.namespace, creationTimestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z') },
      spec: { ...spec, audiences, expirationSeconds: exp },
      status: { token, expirationTimestamp: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') },
    });
  };
}

/** Authorization allows everything until RBAC is enforced, so reviews answer from that. */
export function defaultSubresources(options: { tokens?: ServiceAccountTokens | undefined; nodeStreams?: NodeStreamsRegistry | undefined; nodeStats?: NodeStatsRegistry | undefined; nodeCustomMetrics?: NodeCustomMetricsRegistry | undefined }): Map<string, SubresourceHandler> {
  const { tokens, nodeStreams } = options;
  return new Map<string, SubresourceHandler>([
    ['nodes/proxy', nodeProxy(options.nodeStats, options.nodeCustomMetrics)],
    ['pods/binding', podBinding],
    ['pods/eviction', podEviction],
    ['pods/log', podLog(nodeStreams)],
    ['pods/exec', upgradeRequired],
    ['pods/attach', upgradeRequired],
    ['pods/portforward', upgradeRequired],
    ['serviceaccounts/token', tokenRequest(tokens)],
    ['services/proxy', async () => { throw new ApiError(400, 'BadRequest', 'services/proxy is not supported yet: the service proxy is not built'); }],
    ['selfsubjectaccessreviews', review(() => ({ allowed: true, reason: 'skiff: authorization allows all requests (RBAC is not enforced yet)' }))],
    ['selfsubjectrulesreviews', review(() => ({ resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false }))],
    ['selfsubjectreviews', review((user) => ({ userInfo: { username: user.name, groups: [...user.groups] } }))],
  ]);
}
