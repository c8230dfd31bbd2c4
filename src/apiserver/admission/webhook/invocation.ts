// Whether one webhook is called for a request, and with which resource version (upstream generic.ShouldCallHook):
// namespaceSelector, objectSelector, rules (matchPolicy Equivalent), then matchConditions on the object in the
// webhook's version. Errors are ApiErrors the request fails with.
import type { MutatingWebhook, ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1.js';
import { admissionregistration, forbidden, internal, notFound, type KubeObject, type ResourceDescriptor } from '../../../api/index.js';
import type { AdmissionOperation } from '../../registry/generic-store.js';
import type { RequestContext } from '../../registry/context.js';
import type { ConfiguredWebhook } from './source.js';

type Gvr = admissionregistration.GroupVersionResource;

/** One admission request as the webhooks see it. `desc` is the version the client addressed. */
export interface WebhookRequest {
  readonly operation: AdmissionOperation;
  readonly desc: ResourceDescriptor;
  readonly subresource: string;
  readonly name: string;
  /** The object's namespace; a Namespace's own name for requests on namespaces (as upstream). */
  readonly namespace: string;
  readonly ctx: RequestContext;
  readonly options: Readonly<Record<string, unknown>> | undefined;
  /** The other versions of the same stored resource, and how to convert between them. */
  readonly equivalents: readonly ResourceDescriptor[];
  readonly convert: (obj: KubeObject, from: ResourceDescriptor, to: ResourceDescriptor) => Promise<KubeObject>;
}

export interface InvocationLookups {
  /** The labels of a namespace from the cache; undefined when it does not exist. */
  namespaceLabels(name: string): Readonly<Record<string, string>> | undefined;
}

/** A webhook to call and the version of the resource it is called with. */
export interface Invocation<H extends ValidatingWebhook | MutatingWebhook> {
  readonly webhook: ConfiguredWebhook<H>;
  readonly desc: ResourceDescriptor;
}

export const gvrOf = (d: ResourceDescriptor): Gvr => ({ group: d.group, version: d.version, resource: d.plural });
const isNamespaces = (d: ResourceDescriptor): boolean => d.group === '' && d.plural === 'namespaces';

export function ruleAttributes(r: WebhookRequest): admissionregistration.RuleAttributes {
  return { operation: r.operation, resource: gvrOf(r.desc), subresource: r.subresource, namespace: r.namespace };
}

function labelsOf(o: KubeObject | undefined): Readonly<Record<string, string>> {
  return ((o?.metadata as { labels?: Record<string, string> } | undefined)?.labels) ?? {};
}

/** The namespace labels the namespaceSelector is checked against (a Namespace's own for requests on namespaces). */
function namespaceOf(r: WebhookRequest, objects: { object: KubeObject | undefined; oldObject: KubeObject | undefined }, lookups: InvocationLookups): admissionregistration.NamespaceLabels {
  if (isNamespaces(r.desc)) return { kind: 'labels', labels: labelsOf(objects.object ?? objects.oldObject) };
  if (!r.desc.namespaced || r.namespace === '') return { kind: 'clusterScoped' };
  const labels = lookups.namespaceLabels(r.namespace);
  return labels === undefined ? { kind: 'notFound' } : { kind: 'labels', labels };
}

/** The request's fields CEL's `request` variable carries (the AdmissionRequest without object/oldObject). */
export function celRequest(r: WebhookRequest, inv: ResourceDescriptor): Record<string, unknown> {
  const req = admissionregistration.admissionRequest({
    uid: '', kind: { group: inv.group, version: inv.version, kind: inv.kind }, resource: gvrOf(inv), subResource: r.subresource,
    requestKind: { group: r.desc.group, version: r.desc.version, kind: r.desc.kind }, requestResource: gvrOf(r.desc),
    name: r.name, namespace: r.namespace, operation: r.operation, userInfo: userInfoOf(r.ctx), object: null, oldObject: null, dryRun: r.ctx.dryRun, options: r.options ? { ...r.options } : undefined,
  });
  delete req['object'];
  delete req['oldObject'];
  return req;
}

export function userInfoOf(ctx: RequestContext): admissionregistration.ReviewUserInfo {
  return { username: ctx.user.name, ...(ctx.user.uid ? { uid: ctx.user.uid } : {}), groups: ctx.user.groups, ...(ctx.user.extra ? { extra: ctx.user.extra } : {}) };
}

/** A request with its objects (in the addressed version) at the moment a webhook is considered. */
export interface HookContext {
  readonly request: WebhookRequest;
  readonly object: KubeObject | undefined;
  readonly oldObject: KubeObject | undefined;
  readonly lookups: InvocationLookups;
}

/**
 * Whether `w` is called for `r` (object/oldObject in r.desc's version): the invocation, undefined to skip it, or an
 * ApiError thrown (the namespace is missing, a matchCondition failed to evaluate under failurePolicy Fail).
 */
export async function shouldCallHook<H extends ValidatingWebhook | MutatingWebhook>(w: ConfiguredWebhook<H>, at: HookContext): Promise<Invocation<H> | undefined> {
  const { request: r, object, oldObject, lookups } = at;
  const hook = w.hook;
  const ns = namespaceOf(r, { object, oldObject }, lookups);
  let nsDecision: ReturnType<typeof admissionregistration.namespaceSelectorDecision>;
  let objectMatches: boolean;
  try {
    nsDecision = admissionregistration.namespaceSelectorDecision(hook.namespaceSelector, ns);
    objectMatches = admissionregistration.objectSelectorMatches(hook.objectSelector, object, oldObject);
  } catch (e: unknown) {
    throw internal(e);
  }
  if (nsDecision === 'skip' || !objectMatches) return undefined;
  const equivalents = r.equivalents.map((d) => ({ ...gvrOf(d), kind: d.kind }));
  const matched = admissionregistration.invocationResource(hook, ruleAttributes(r), equivalents);
  if (!matched) return undefined;
  if (nsDecision === 'namespaceNotFound') throw notFound({ group: '', resource: 'namespaces' }, r.namespace);
  const isMatched = (d: ResourceDescriptor): boolean => d.group === matched.group && d.version === matched.version && d.plural === matched.resource;
  const desc = isMatched(r.desc) ? r.desc : r.equivalents.find(isMatched) ?? r.desc;
  const conditions = hook.matchConditions ?? [];
  if (conditions.length > 0) {
    const input = {
      object: object && desc !== r.desc ? await r.convert(object, r.desc, desc) : object ?? null,
      oldObject: oldObject && desc !== r.desc ? await r.convert(oldObject, r.desc, desc) : oldObject ?? null,
      request: celRequest(r, desc),
    };
    const outcome = admissionregistration.evaluateMatchConditions(conditions, input, hook.failurePolicy);
    if (outcome.kind === 'skip') return undefined;
    if (outcome.kind === 'error') throw forbidden({ group: r.desc.group, resource: r.desc.plural }, r.name, outcome.message);
  }
  return { webhook: w, desc };
}
