// POST pods/{name}/eviction (upstream EvictionREST): deletes a pod unless that would break its
// PodDisruptionBudget. The budget's disruptionsAllowed is decremented (optimistic concurrency, retried on
// conflict) before the pod gets the DisruptionTarget condition and is deleted with the eviction's options;
// a budget with nothing to spare answers 429 TooManyRequests, which kubectl drain retries.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import {
  ApiError, badRequest, budgetNotProcessed, budgetsForPod, canEvictUnhealthy, canIgnoreBudgets, checkAndDecrement, conflict, isApiError,
  isConflict, lookupResource, type KubeObject, type ResourceDescriptor,
} from '../../api/index.js';
import { rfc3339 } from '../../util/index.js';
import { decodeObject, readBody } from '../http/body.js';
import { sendJson, successStatus } from '../http/respond.js';
import { internalContext, type RequestContext } from '../registry/context.js';
import type { DeleteOptions, GenericStore } from '../registry/generic-store.js';
import type { SubresourceHandler } from './types.js';
import { requireVerb } from './verbs.js';

/** Upstream EvictionsRetry: 20 attempts. */
const maxAttempts = 20;

type Preconditions = { uid?: string; resourceVersion?: string };
type EvictionBody = { metadata?: { name?: string }; deleteOptions?: { gracePeriodSeconds?: number; preconditions?: Preconditions; dryRun?: string[] } };

function deleteOptionsOf(body: EvictionBody): DeleteOptions {
  const o = body.deleteOptions ?? {};
  return { ...(o.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: o.gracePeriodSeconds } : {}), ...(o.preconditions ? { preconditions: o.preconditions } : {}) };
}

const withResourceVersion = (opts: DeleteOptions, rv: string): DeleteOptions => ({ ...opts, preconditions: { ...opts.preconditions, resourceVersion: rv } });
const rvOf = (o: { metadata?: { resourceVersion?: string } }): string => o.metadata?.resourceVersion ?? '';

interface Eviction {
  readonly pods: GenericStore;
  readonly podsDesc: ResourceDescriptor;
  readonly namespace: string;
  readonly name: string;
  readonly ctx: RequestContext;
  readonly now: () => string;
}

/** Marks the pod as a disruption target (upstream addConditionAndDeletePod), then deletes it. */
async function markAndDelete(e: Eviction, opts: DeleteOptions): Promise<void> {
  let options = opts;
  if (!e.ctx.dryRun) {
    for (let attempt = 1; ; attempt++) {
      const latest = structuredClone(await e.pods.get(e.podsDesc, e.namespace, e.name)) as Pod;
      const pre = options.preconditions;
      if (pre?.uid && pre.uid !== latest.metadata?.uid) throw conflict({ group: '', resource: 'pods' }, e.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${latest.metadata?.uid ?? ''}`);
      if (pre?.resourceVersion && pre.resourceVersion !== rvOf(latest)) throw conflict({ group: '', resource: 'pods' }, e.name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${rvOf(latest)}`);
      const conditions = latest.status?.conditions ?? [];
      const prev = conditions.find((c) => c.type === 'DisruptionTarget');
      const condition = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: prev?.status === 'True' ? prev.lastTransitionTime ?? e.now() : e.now() };
      const marked = { ...latest, status: { ...latest.status, conditions: [...conditions.filter((c) => c.type !== 'DisruptionTarget'), condition] } };
      try {
        const updated = await e.pods.update(e.podsDesc, e.namespace, e.name, marked as unknown as KubeObject, e.ctx, { kind: 'status', subresource: 'status' });
        // We moved the pod's resourceVersion ourselves: a caller's precondition follows it.
        if (pre?.resourceVersion) options = withResourceVersion(options, rvOf(updated as { metadata?: { resourceVersion?: string } }));
        break;
      } catch (err: unknown) {
        if (!isConflict(err) || attempt >= maxAttempts) throw err;
      }
    }
  }
  await e.pods.delete(e.podsDesc, e.namespace, e.name, options, e.ctx);
}

/** Decrements the budget for this pod, re-reading it after a conflicting write. */
async function decrement(pdbs: GenericStore, pdbDesc: ResourceDescriptor, first: PodDisruptionBudget, e: Eviction): Promise<void> {
  let pdb = first;
  for (let attempt = 1; ; attempt++) {
    const next = checkAndDecrement(pdb, e.name, { now: e.now(), dryRun: e.ctx.dryRun });
    if (next instanceof ApiError) throw next;
    if (e.ctx.dryRun) return;
    try {
      await pdbs.update(pdbDesc, e.namespace, pdb.metadata?.name ?? '', { ...structuredClone(pdb), status: next } as unknown as KubeObject, internalContext('eviction'), { kind: 'status', subresource: 'status' });
      return;
    } catch (err: unknown) {
      if (!isConflict(err)) throw err;
      if (attempt >= maxAttempts) throw new ApiError(504, 'Timeout', `couldn't update PodDisruptionBudget "${pdb.metadata?.name ?? ''}" due to conflicts`, { retryAfterSeconds: 10 });
      pdb = await pdbs.get(pdbDesc, e.namespace, pdb.metadata?.name ?? '') as PodDisruptionBudget;
    }
  }
}

export const podEviction: SubresourceHandler = async (call) => {
  requireVerb(call, ['create']);
  const body = decodeObject(await readBody(call.req), call.req.headers['content-type']) as EvictionBody;
  if (body.metadata?.name && body.metadata.name !== call.info.name) throw badRequest('name in URL does not match name in Eviction object');
  const dryRun = call.query.getAll('dryRun').includes('All') || (body.deleteOptions?.dryRun ?? []).includes('All');
  const ctx: RequestContext = { ...internalContext('eviction'), user: call.user, dryRun };
  const opts = deleteOptionsOf(body);
  const e: Eviction = { pods: call.deps.storeFor(call.desc), podsDesc: call.desc, namespace: call.info.namespace, name: call.info.name, ctx, now: () => rfc3339(call.deps.clock.now()) };
  const pod = await e.pods.get(call.desc, e.namespace, e.name) as Pod;
  if (canIgnoreBudgets(pod)) {
    // A running pod may not become ready behind our back: its resourceVersion guards the delete.
    const enforce = !['Succeeded', 'Failed'].includes(pod.status?.phase ?? '') && !pod.metadata?.deletionTimestamp && !opts.preconditions?.resourceVersion;
    await markAndDelete(e, enforce ? withResourceVersion(opts, rvOf(pod)) : opts);
    return sendJson(call.res, 201, successStatus(undefined));
  }
  const pdbDesc = lookupResource('policy', 'v1', 'poddisruptionbudgets')!;
  const pdbs = call.deps.storeFor(pdbDesc);
  await pdbs.start();
  const budgets = budgetsForPod(pdbs.cache.list(pdbs.prefix(e.namespace)).map((x) => x.object as PodDisruptionBudget), pod);
  if (budgets.length > 1) throw new ApiError(500, '', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  let deleteOpts = opts;
  const budget = budgets[0];
  if (budget && canEvictUnhealthy(pod, budget)) {
    // An unhealthy pod costs the budget nothing, as long as it does not turn ready before the delete.
    deleteOpts = opts.preconditions?.resourceVersion ? opts : withResourceVersion(opts, rvOf(pod));
  } else if (budget) {
    await decrement(pdbs, pdbDesc, budget, e);
  }
  try {
    await markAndDelete(e, deleteOpts);
  } catch (err: unknown) {
    if (isApiError(err) && isConflict(err) && deleteOpts !== opts && budget) throw budgetNotProcessed(budget.metadata?.name ?? '');
    throw err;
  }
  sendJson(call.res, 201, successStatus(undefined));
};
