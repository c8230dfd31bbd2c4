// Impersonation (upstream WithImpersonation): Impersonate-User, Impersonate-Group, Impersonate-Uid and
// Impersonate-Extra-<key> headers make the request act as another user, once the requester is authorized for the
// `impersonate` verb on each thing it asks to be: users (or serviceaccounts in their namespace), groups, uids and
// userextras/<key>.
import type { IncomingHttpHeaders } from 'node:http';
import { badRequest, rbac } from '../../api/index.js';
import type { UserInfo } from '../registry/context.js';
import { forbiddenError, type Attributes, type Authorizer } from './authorizer.js';

const extraPrefix = 'impersonate-extra-';

/** Whether the request asks to act as someone else (so requests without the headers skip everything). */
export function wantsImpersonation(headers: IncomingHttpHeaders): boolean {
  for (const h in headers) if (h.startsWith('impersonate-')) return true;
  return false;
}

const values = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    throw badRequest(`invalid percent-encoding in impersonation extra header key "${raw}"`);
  }
}

/**
 * The user the request acts as, after checking each impersonation against `authz` for the requester. Throws
 * 400 for groups, extras or a uid without a user, and upstream's 403 for anything not allowed.
 */
export function impersonate(requester: UserInfo, headers: IncomingHttpHeaders, authz: Authorizer): UserInfo {
  const userName = values(headers['impersonate-user'])[0] ?? '';
  const groups = values(headers['impersonate-group']);
  const uid = values(headers['impersonate-uid'])[0];
  const extras: [string, string][] = [];
  for (const [h, v] of Object.entries(headers)) {
    if (!h.startsWith(extraPrefix)) continue;
    const key = decodeKey(h.slice(extraPrefix.length));
    for (const value of values(v)) for (const part of value.split(',')) extras.push([key, part.trim()]);
  }
  if (!userName) {
    if (groups.length || extras.length || uid !== undefined) throw badRequest('requested impersonation of groups, extra fields or a uid without impersonating a user');
    return requester;
  }
  const check = (a: Omit<Attributes, 'user' | 'verb' | 'resourceRequest' | 'path' | 'subresource'> & { subresource?: string }): void => {
    const attrs: Attributes = { user: requester, verb: 'impersonate', resourceRequest: true, path: '', subresource: '', ...a };
    const d = authz.authorize(attrs);
    if (d.kind !== 'allow') throw forbiddenError(attrs, d.reason);
  };
  let impliedGroups: string[] = [];
  const sa = userName.startsWith(rbac.serviceAccountPrefix) ? userName.slice(rbac.serviceAccountPrefix.length).split(':') : undefined;
  if (sa && sa.length === 2 && sa[0] && sa[1]) {
    check({ apiGroup: '', resource: 'serviceaccounts', namespace: sa[0], name: sa[1] });
    impliedGroups = ['system:serviceaccounts', `system:serviceaccounts:${sa[0]}`];
  } else {
    check({ apiGroup: '', resource: 'users', namespace: '', name: userName });
  }
  for (const g of groups) check({ apiGroup: '', resource: 'groups', namespace: '', name: g });
  if (uid !== undefined) check({ apiGroup: 'authentication.k8s.io', resource: 'uids', namespace: '', name: uid });
  const extra: Record<string, string[]> = {};
  for (const [key, value] of extras) {
    check({ apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource: key, namespace: '', name: value });
    (extra[key] ??= []).push(value);
  }
  // Groups asked for are the authority (system:authenticated included or not); otherwise a service account's
  // groups are implied, and every user but system:anonymous is authenticated.
  const finalGroups = groups.length ? [...groups] : [...impliedGroups, userName === 'system:anonymous' ? 'system:unauthenticated' : 'system:authenticated'];
  return { name: userName, groups: finalGroups, ...(uid !== undefined ? { uid } : {}), ...(extras.length ? { extra } : {}) };
}
