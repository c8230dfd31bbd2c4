// audit.k8s.io/v1: the Policy read from --audit-policy-file and the Event written to --audit-log-path.
import type { rbac } from '../../api/index.js';

export type Level = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
export type Stage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

export const levels: readonly Level[] = ['None', 'Metadata', 'Request', 'RequestResponse'];
export const stages: readonly Stage[] = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

/** Whether level a records at least as much as level b. */
export const levelAtLeast = (a: Level, b: Level): boolean => levels.indexOf(a) >= levels.indexOf(b);

export interface GroupResources {
  /** The API group; '' is the core group. */
  readonly group: string;
  // Resources (pods), subresources (pods/log), every resource (*), a subresource of any resource (*/status), a
  // resource with all its subresources (pods/*); empty: every resource of the group.
  readonly resources: readonly string[];
  /** Object names; empty: any. */
  readonly resourceNames: readonly string[];
}

export interface PolicyRule {
  readonly level: Level;
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
  readonly verbs: readonly string[];
  readonly resources: readonly GroupResources[];
  /** '' matches cluster-scoped resources. */
  readonly namespaces: readonly string[];
  /** Paths, or prefixes ending in `*`. */
  readonly nonResourceURLs: readonly string[];
  readonly omitStages: readonly Stage[];
  /** Undefined: the policy's omitManagedFields applies. */
  readonly omitManagedFields: boolean | undefined;
}

export interface Policy {
  readonly rules: readonly PolicyRule[];
  readonly omitStages: readonly Stage[];
  readonly omitManagedFields: boolean;
}

/** What a policy decides for one request. */
export interface AuditDecision {
  readonly level: Level;
  readonly omitStages: ReadonlySet<Stage>;
  readonly omitManagedFields: boolean;
}

/** The request as the policy sees it: upstream's authorizer attributes, the ones the authorizers get. */
export type AuditAttributes = rbac.RequestAttributes;

export interface ObjectReference {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

export interface AuditUser {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** The audit form of a request's user (upstream authentication/v1 UserInfo). */
export function auditUser(user: { name: string; groups: readonly string[]; uid?: string; extra?: Readonly<Record<string, readonly string[]>> }): AuditUser {
  return {
    username: user.name,
    ...(user.uid ? { uid: user.uid } : {}),
    groups: [...user.groups],
    ...(user.extra ? { extra: Object.fromEntries(Object.entries(user.extra).map(([k, v]) => [k, [...v]])) } : {}),
  };
}

/** The bounded fields of a Status kept in responseStatus. */
export interface ResponseStatus {
  metadata: Record<string, never>;
  status?: string;
  message?: string;
  reason?: string;
  details?: unknown;
  code: number;
}

export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: Level;
  auditID: string;
  stage: Stage;
  requestURI: string;
  verb: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: ObjectReference;
  responseStatus?: ResponseStatus;
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}
