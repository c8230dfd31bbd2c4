// RBAC object names are path segments (they may contain ':', e.g. "system:controller:foo"), not DNS subdomains.
import { invalid, validateObjectMeta, type FieldError, type FieldPath } from '../../meta/index.js';

/** upstream path.IsValidPathSegmentName messages. */
export function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const out: string[] = [];
  if (name.includes('/')) out.push("may not contain '/'");
  if (name.includes('%')) out.push("may not contain '%'");
  return out;
}

export function validateRbacName(name: string, path: FieldPath): FieldError[] {
  return pathSegmentNameErrors(name).map((m) => invalid(path, name, m));
}

export function validateRbacObjectMeta(meta: unknown, namespaced: boolean): FieldError[] {
  return validateObjectMeta(meta, { namespaced, nameFn: pathSegmentNameErrors });
}
