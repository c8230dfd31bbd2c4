// The audit record of a request, reachable from its request and response objects, and the hooks the rest of the
// apiserver calls: the body readers and writers (objects by level), the authorizer (decision annotations) and
// admission plugins such as PodSecurity (their annotations, through RequestContext.audit).
import type { AuditUser, Level } from './types.js';

/** Adds annotations to the request's audit events. Never throws; a no-op when the request is not audited. */
export interface AuditAnnotator {
  /**
   * Sets key (a qualified name such as `pod-security.kubernetes.io/enforce-policy`) to value on the events of the
   * stages still to come. With `level`, only when the request is audited at that level or above
   * (upstream's AddAnnotationWithLevel).
   */
  annotate(key: string, value: string, level?: Level): void;
}

/** What the request's handlers report to its audit record. */
export interface AuditRecord extends AuditAnnotator {
  /** The level the policy gave the request. */
  readonly level: Level;
  /** The request body as read (kept from level Request). */
  recordRequestBody(body: Buffer, contentType: string | undefined): void;
  /** A JSON reply: its parsed form (a Status gives responseStatus) and its text (kept at RequestResponse). */
  recordResponse(code: number, body: unknown, text: string): void;
  /** The user a request acts as when it impersonates one (impersonatedUser). */
  recordImpersonatedUser(user: AuditUser): void;
  /** An unexpected failure (a thrown error that is not an API error, upstream's panic): the last event is Panic. */
  recordPanic(message: string): void;
}

const records = new WeakMap<object, AuditRecord>();

/** Makes record reachable from the request and its response (or upgrade socket). */
export function attachAuditRecord(record: AuditRecord, ...holders: readonly object[]): void {
  for (const h of holders) records.set(h, record);
}

/** The audit record of a request or response object; undefined when it is not audited. */
export function auditRecordOf(holder: object): AuditRecord | undefined {
  return records.get(holder);
}

export const noAuditAnnotations: AuditAnnotator = { annotate: () => undefined };

/** The annotator of a request (the no-op one when it is not audited). */
export function auditAnnotatorOf(req: object): AuditAnnotator {
  return records.get(req) ?? noAuditAnnotations;
}

export const authorizationDecisionAnnotation = 'authorization.k8s.io/decision';
export const authorizationReasonAnnotation = 'authorization.k8s.io/reason';

/**
 * The authorizer's hook: records its decision on the request's audit events as upstream's WithAuthorization does
 * (`authorization.k8s.io/decision`: allow or forbid, `authorization.k8s.io/reason`: the authorizer's reason).
 */
export function auditAuthorizationDecision(req: object, decision: 'allow' | 'forbid', reason: string): void {
  const r = records.get(req);
  if (!r) return;
  r.annotate(authorizationDecisionAnnotation, decision);
  r.annotate(authorizationReasonAnnotation, reason);
}
