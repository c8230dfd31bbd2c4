// Authorization (upstream k8s.io/apiserver authorizer): the attributes of a request, the decision of one
// authorizer (allow, deny or no opinion, with a reason), the union that asks each in turn, and the Forbidden
// error kubectl prints. The RBAC and node authorizers implement the interface.
import { forbidden, rbac, type ApiError } from '../../api/index.js';
import type { RequestInfo } from '../http/request-info.js';
import type { UserInfo } from '../registry/context.js';

export type Attributes = rbac.RequestAttributes;

export type Decision =
  | { readonly kind: 'allow'; readonly reason: string }
  | { readonly kind: 'deny'; readonly reason: string }
  | { readonly kind: 'noOpinion'; readonly reason: string };

/** One authorization source. Must be fast (it runs on every request) and must not throw. */
export interface Authorizer {
  authorize(attributes: Attributes): Decision;
}

export const noOpinion: Decision = { kind: 'noOpinion', reason: '' };

/** Asks each authorizer in order; the first allow or deny decides (upstream union); reasons of the rest are kept. */
export function unionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  return {
    authorize(a) {
      const reasons: string[] = [];
      for (const z of authorizers) {
        const d = z.authorize(a);
        if (d.kind !== 'noOpinion') return d;
        if (d.reason) reasons.push(d.reason);
      }
      return { kind: 'noOpinion', reason: reasons.join(', ') };
    },
  };
}

/** Members of system:masters may do anything (upstream's privileged-groups authorizer, before RBAC). */
export const privilegedGroupsAuthorizer: Authorizer = {
  authorize: (a) => (a.user.groups.includes('system:masters') ? { kind: 'allow', reason: '' } : noOpinion),
};

export const allowAll: Authorizer = { authorize: () => ({ kind: 'allow', reason: '' }) };

/**
 * The request's attributes (upstream RequestInfo): a non-resource request's verb is its lower-cased HTTP method,
 * and a Namespace object's own namespace is its name.
 */
export function attributesOf(user: UserInfo, info: RequestInfo, method: string): Attributes {
  if (!info.isResource) return { user, verb: method.toLowerCase(), resourceRequest: false, path: info.path, namespace: '', apiGroup: '', resource: '', subresource: '', name: '' };
  const namespace = info.resource === 'namespaces' && info.name !== '' && info.namespace === '' ? info.name : info.namespace;
  return { user, verb: info.verb, resourceRequest: true, path: info.path, namespace, apiGroup: info.group, resource: info.resource, subresource: info.subresource, name: info.name };
}

/** upstream forbiddenMessage (+ the authorizers' reasons) inside a 403 for the resource. */
export function forbiddenError(a: Attributes, reason: string): ApiError {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const msg = !a.resourceRequest
    ? `User "${a.user.name}" cannot ${a.verb} path "${a.path}"`
    : a.namespace
      ? `User "${a.user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" in the namespace "${a.namespace}"`
      : `User "${a.user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" at the cluster scope`;
  const gr = a.resourceRequest ? { group: a.apiGroup, resource: a.resource } : { group: '', resource: '' };
  return forbidden(gr, a.resourceRequest ? a.name : '', reason ? `${msg}: ${reason}` : msg);
}
