// The rules RoleBinding and ClusterRoleBinding share: roleRef/subject defaults, roleRef and subject validation,
// and the immutable roleRef (`roleRef: Invalid value: ...: cannot change roleRef`).
import { invalid, notSupported, required, root, type FieldError, type FieldPath, type KubeObject } from '../../meta/index.js';
import { arr, child, deepEqual, isRecord, rec, str } from '../../apps/v1/index.js';
import { validateRbacName } from './rbac-names.js';

export const rbacGroup = 'rbac.authorization.k8s.io';
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** upstream SetDefaults_RoleBinding/ClusterRoleBinding and SetDefaults_Subject. Mutates obj. */
export function defaultBinding(obj: KubeObject): void {
  const ref = child(obj, 'roleRef');
  if (str(ref['apiGroup']) === '') ref['apiGroup'] = rbacGroup;
  for (const s of arr(obj['subjects'])) {
    if (!isRecord(s) || str(s['apiGroup']) !== '') continue;
    if (s['kind'] === 'ServiceAccount') s['apiGroup'] = '';
    else if (s['kind'] === 'User' || s['kind'] === 'Group') s['apiGroup'] = rbacGroup;
  }
}

function validateSubject(subject: unknown, namespaced: boolean, path: FieldPath): FieldError[] {
  const s = rec(subject);
  const name = str(s['name']);
  const errs: FieldError[] = [];
  if (name === '') errs.push(required(path.child('name')));
  switch (s['kind']) {
    case 'ServiceAccount':
      if (name !== '' && !(name.length <= 253 && dns1123Subdomain.test(name))) {
        errs.push(invalid(path.child('name'), name, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
      }
      if (str(s['apiGroup']) !== '') errs.push(notSupported(path.child('apiGroup'), s['apiGroup'], ['']));
      if (!namespaced && str(s['namespace']) === '') errs.push(required(path.child('namespace')));
      break;
    case 'User':
    case 'Group':
      if (s['apiGroup'] !== rbacGroup) errs.push(notSupported(path.child('apiGroup'), s['apiGroup'] ?? '', [rbacGroup]));
      break;
    default:
      errs.push(notSupported(path.child('kind'), s['kind'] ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** roleRef and subjects of a binding; `roleKinds` is [Role, ClusterRole] for RoleBinding, [ClusterRole] otherwise. */
export function validateBindingSpec(obj: KubeObject, namespaced: boolean): FieldError[] {
  const ref = rec(obj['roleRef']);
  const errs: FieldError[] = [];
  if (ref['apiGroup'] !== rbacGroup) errs.push(notSupported(root('roleRef', 'apiGroup'), ref['apiGroup'] ?? '', [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref['kind']))) errs.push(notSupported(root('roleRef', 'kind'), ref['kind'] ?? '', kinds));
  const name = str(ref['name']);
  if (name === '') errs.push(required(root('roleRef', 'name')));
  else errs.push(...validateRbacName(name, root('roleRef', 'name')));
  arr(obj['subjects']).forEach((s, i) => errs.push(...validateSubject(s, namespaced, root('subjects').index(i))));
  return errs;
}

export function validateRoleRefUnchanged(obj: KubeObject, old: KubeObject): FieldError[] {
  return deepEqual(obj['roleRef'], old['roleRef']) ? [] : [invalid(root('roleRef'), obj['roleRef'], 'cannot change roleRef')];
}
