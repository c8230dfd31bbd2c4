// The API approval annotation protected groups need (upstream validateAPIApproval and apihelpers
// GetAPIApprovalState): a CRD in k8s.io or kubernetes.io names an approved enhancement or says "unapproved".
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { invalid, required, root, type FieldError } from '../../meta/index.js';

export const apiApprovedAnnotation = 'api-approved.kubernetes.io';
const see = 'see https://github.com/kubernetes/enhancements/pull/1111';

export type ApiApprovalState = 'Approved' | 'Bypassed' | 'Invalid' | 'Missing';

export function isProtectedCommunityGroup(group: string): boolean {
  return group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
}

/** Go's url.ParseRequestURI acceptance: an absolute URI with a scheme, or an absolute path. */
function isRequestUri(v: string): boolean {
  if (v.startsWith('/')) return true;
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v) && URL.canParse(v);
}

export function apiApprovalState(annotations: Record<string, string> | undefined): { state: ApiApprovalState; reason: string } {
  const value = annotations?.[apiApprovedAnnotation] ?? '';
  if (value === '') return { state: 'Missing', reason: `protected groups must have approval annotation "${apiApprovedAnnotation}", ${see}` };
  if (value.startsWith('unapproved')) return { state: 'Bypassed', reason: `not approved: "${value}"` };
  if (!isRequestUri(value)) return { state: 'Invalid', reason: `protected groups must have approval annotation "${apiApprovedAnnotation}" with either a URL or a reason starting with "unapproved", ${see}` };
  return { state: 'Approved', reason: `approved in ${value}` };
}

/** An unchanged approval state never fails, so controllers updating a spec are not rejected. */
export function validateApiApproval(crd: CustomResourceDefinition, old: CustomResourceDefinition | undefined): FieldError[] {
  if (!isProtectedCommunityGroup(crd.spec?.group ?? '')) return [];
  const next = apiApprovalState(crd.metadata?.annotations);
  if (old && apiApprovalState(old.metadata?.annotations).state === next.state) return [];
  const path = root('metadata', 'annotations').key(apiApprovedAnnotation);
  switch (next.state) {
    case 'Approved':
    case 'Bypassed':
      return [];
    case 'Missing':
      return [required(path, next.reason)];
    case 'Invalid':
      return [invalid(path, crd.metadata?.annotations?.[apiApprovedAnnotation] ?? '', next.reason)];
    default: {
      const never: never = next.state;
      return [invalid(path, never, next.reason)];
    }
  }
}
