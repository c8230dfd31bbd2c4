// Dedicated handlers for subresources and create-only kinds that are not plain CRUD.
import { ApiError, badRequest, conflict, gvString, invalid, type KubeObject } from '../../api/index.js';
import { invalid as fieldInvalid, required as fieldRequired } from '../../api/meta/field-path.js';
import { apiAudiences, type ServiceAccountTokens, type TokenClaims } from '../auth/service-account-token.js';
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
import { reviewHandlers, type ReviewSources } from './reviews.js';

import { rfc3339 } from '../../util/index.js';
import { checkNodeTokenRequest } from '../admission/node-restriction.js';


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

/**
 * POST serviceaccounts/{name}/token: a TokenRequest answered with a signed token (upstream TokenREST), bound to a
 * Pod, Secret or Node when spec.boundObjectRef names one: the token dies with that object (and with the account).
 */
function tokenRequest(tokens: ServiceAccountTokens | undefined): SubresourceHandler {
  return async (call) => {
    requireVerb(call, ['create']);
    if (!tokens) throw new ApiError(400, 'BadRequest', 'serviceaccounts/token is not available: this server has no token signing key');
    const tr = decodeObject(await readBody(call.req), call.req.headers['content-type']);
    const spec = (tr['spec'] ?? {}) as { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: { apiVersion?: string; kind?: string; name?: string; uid?: string } };
    const exp = spec.expirationSeconds ?? 3600;
    const gk = { group: 'authentication.k8s.io', kind: 'TokenRequest' };
    if (!Number.isInteger(exp) || exp < 600) throw invalid(gk, call.info.name, [fieldInvalid('spec.expirationSeconds', exp, 'may not specify a duration less than 10 minutes')]);
    if (exp > 2 ** 32) throw invalid(gk, call.info.name, [fieldInvalid('spec.expirationSeconds', exp, 'may not specify a duration larger than 2^32 seconds')]);
    const sa = await call.deps.storeFor(call.desc).get(call.desc, call.info.namespace, call.info.name);
    const uid = String((sa.metadata as { uid?: string } | undefined)?.uid ?? '');
    const bound = spec.boundObjectRef ? await boundObject(call, spec.boundObjectRef) : undefined;
    checkNodeTokenRequest(call.user, bound && { kind: bound.kind, ...(bound.node ? { nodeName: bound.node.name } : {}) });
    const audiences = spec.audiences?.length ? spec.audiences : [...apiAudiences];
    const now = call.deps.clock.now();
    const { token, expiresAt } = tokens.issue({ namespace: call.info.namespace, serviceAccount: call.info.name, uid, audiences, expirationSeconds: exp, now, bound });
    sendJson(call.res, 201, {
      kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: call.info.name, namespace: call.info.namespace, creationTimestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z') },
      spec: { ...spec, audiences, expirationSeconds: exp },
      status: { token, expirationTimestamp: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') },
    });
  };
}

const boundKinds: Record<string, { plural: string; namespaced: boolean }> = { Pod: { plural: 'pods', namespaced: true }, Secret: { plural: 'secrets', namespaced: true }, Node: { plural: 'nodes', namespaced: false } };

/** The object a TokenRequest binds to, as upstream checks it: a known kind, present, the same uid, the same account. */
async function boundObject(call: SubresourceCall, ref: { apiVersion?: string; kind?: string; name?: string; uid?: string }): Promise<NonNullable<TokenClaims['bound']>> {
  const kind = ref.kind ?? '';
  const k = boundKinds[kind];
  if (!k || (ref.apiVersion !== undefined && ref.apiVersion !== 'v1')) throw badRequest(`cannot bind token to object of type ${ref.apiVersion ?? ''}, Kind=${kind}`);
  if (!ref.name) throw invalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, call.info.name, [fieldRequired('spec.boundObjectRef.name', '')]);
  const desc = call.deps.lookup('', 'v1', k.plural)!;
  const store = call.deps.storeFor(desc);
  const obj = await store.get(desc, k.namespaced ? call.info.namespace : '', ref.name);
  const meta = (obj.metadata ?? {}) as { uid?: string };
  const uid = String(meta.uid ?? '');
  if (ref.uid && ref.uid !== uid) throw conflict({ group: '', resource: kind }, ref.name, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  if (kind !== 'Pod') return { kind: kind as 'Secret' | 'Node', ref: { name: ref.name, uid } };
  const pod = obj as KubeObject & { spec?: { serviceAccountName?: string; nodeName?: string } };
  if ((pod.spec?.serviceAccountName ?? 'default') !== call.info.name) throw badRequest(`cannot bind token for serviceaccount "${call.info.name}" to pod running with different serviceaccount name.`);
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) return { kind: 'Pod', ref: { name: ref.name, uid } };
  const nodeDesc = call.deps.lookup('', 'v1', 'nodes')!;
  const node = await call.deps.storeFor(nodeDesc).getStored('', nodeName);
  return { kind: 'Pod', ref: { name: ref.name, uid }, node: { name: nodeName, uid: String((node?.metadata as { uid?: string } | undefined)?.uid ?? '') } };
}

export function defaultSubresources(options: { reviews: ReviewSources; tokens?: ServiceAccountTokens | undefined; nodeStreams?: NodeStreamsRegistry | undefined; nodeStats?: NodeStatsRegistry | undefined; nodeCustomMetrics?: NodeCustomMetricsRegistry | undefined }): Map<string, SubresourceHandler> {
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
    ...reviewHandlers(options.reviews),
  ]);
}
