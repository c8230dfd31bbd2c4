// The audit wiring of `skiff server`: the policy file and the log writer from the flags (both needed, as with
// kube-apiserver, where a policy without a backend or a backend without a policy records nothing).
import { AuditLogWriter, Auditor, loadAuditPolicy } from '../apiserver/index.js';
import type { SecurityFlags } from '../cli/index.js';
import type { Clock, Logger } from '../util/index.js';

export interface ServerAudit {
  readonly auditor: Auditor;
  /** Flushes queued events when disposed. */
  readonly writer: AuditLogWriter;
}

/** Reads --audit-policy-file (throwing on a bad policy) and opens --audit-log-path; undefined when not both set. */
export function auditFromFlags(flags: SecurityFlags, deps: { clock: Clock; logger: Logger }): ServerAudit | undefined {
  if (!flags.auditPolicyFile || !flags.auditLogPath) {
    if (flags.auditPolicyFile || flags.auditLogPath) {
      process.stderr.write(`warning: audit needs both --audit-policy-file and --audit-log-path; no events will be recorded\n`);
    }
    return undefined;
  }
  const policy = loadAuditPolicy(flags.auditPolicyFile);
  const writer = new AuditLogWriter({
    path: flags.auditLogPath,
    maxSizeMb: flags.auditLogMaxSizeMb,
    maxBackups: flags.auditLogMaxBackup,
    maxAgeDays: flags.auditLogMaxAgeDays,
    bufferSize: flags.auditLogBufferSize,
    clock: deps.clock,
    logger: deps.logger,
  });
  return { auditor: new Auditor({ policy, sink: writer, clock: deps.clock }), writer };
}
