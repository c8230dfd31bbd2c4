// Auditing (audit.k8s.io/v1): the policy, the events, the log backend, and the hooks other parts call.
export { AuditPolicyError, evaluatePolicy, loadAuditPolicy, parseAuditPolicy, ruleMatches } from './policy.js';
export { Auditor, type AuditedRequest, type AuditorOptions } from './request-audit.js';
export { AuditLogWriter, type AuditLogWriterOptions, type AuditSink } from './log-writer.js';
export {
  auditAnnotatorOf, auditAuthorizationDecision, auditRecordOf, authorizationDecisionAnnotation, authorizationReasonAnnotation, noAuditAnnotations,
  type AuditAnnotator, type AuditRecord,
} from './capture.js';
export type { AuditEvent, Level, Policy, Stage } from './types.js';
export { auditUser } from './types.js';
