// RequestContext: per-request options every registry operation honours.
import type { AuditAnnotator } from '../audit/capture.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
  /** Set for service accounts (the account's uid) and impersonated users that name one. */
  readonly uid?: string;
  /** upstream user.Info extra: pod-name, pod-uid, node-name, credential-id of bound tokens; Impersonate-Extra-*. */
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

export interface RequestContext {
  readonly user: UserInfo;
  readonly dryRun: boolean;
  readonly fieldManager: string;
  readonly fieldValidation: FieldValidation;
  /** Warnings to return as `Warning: 299 - "..."` headers. Appended by the registry and admission. */
  readonly warnings: string[];
  /**
   * Annotations for the request's audit events (admission plugins such as PodSecurity add theirs here, e.g.
   * `pod-security.kubernetes.io/enforce-policy`). Absent for the server's internal writes.
   */
  readonly audit?: AuditAnnotator;
}

export function internalContext(manager: string): RequestContext {
  return { user: { name: 'system:skiff', groups: ['system:masters'] }, dryRun: false, fieldManager: manager, fieldValidation: 'Ignore', warnings: [] };
}
