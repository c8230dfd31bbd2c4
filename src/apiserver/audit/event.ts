// Building audit.k8s.io/v1 Events (pure): the fields of each stage, the objects a level keeps, managed fields left
// out on request, the request's source IPs as upstream lists them.
import { isIP } from 'node:net';
import { rfc3339Micro } from '../../util/index.js';
import { levelAtLeast, type AuditDecision, type AuditEvent, type AuditUser, type ObjectReference, type ResponseStatus, type Stage } from './types.js';

/** What is known of a request when it arrives. */
export interface RequestFacts {
  readonly auditID: string;
  readonly requestURI: string;
  readonly verb: string;
  readonly user: AuditUser;
  readonly sourceIPs: readonly string[];
  readonly userAgent: string;
  readonly objectRef: ObjectReference | undefined;
  readonly receivedAt: Date;
}

/** What a later stage adds. Objects are already-parsed JSON values this function may change. */
export interface StageFacts {
  readonly responseStatus?: ResponseStatus;
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
  readonly annotations?: ReadonlyMap<string, string>;
  readonly impersonatedUser?: AuditUser;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Drops metadata.managedFields from an object, or from every item of a list (omitManagedFields). */
export function withoutManagedFields(value: unknown): unknown {
  if (!isObject(value)) return value;
  const meta = value['metadata'];
  if (isObject(meta) && 'managedFields' in meta) delete meta['managedFields'];
  const items = value['items'];
  if (Array.isArray(items)) for (const i of items) withoutManagedFields(i);
  return value;
}

/** The event of one stage, with what the decision's level keeps. */
export function buildEvent(facts: RequestFacts, decision: AuditDecision, stage: Stage, at: Date, more: StageFacts = {}): AuditEvent {
  const strip = (v: unknown): unknown => (decision.omitManagedFields ? withoutManagedFields(v) : v);
  const keepsRequest = levelAtLeast(decision.level, 'Request') && more.requestObject !== undefined;
  const keepsResponse = levelAtLeast(decision.level, 'RequestResponse') && more.responseObject !== undefined && stage !== 'RequestReceived';
  // Fields in upstream's order, so lines read the same as kube-apiserver's.
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: decision.level,
    auditID: facts.auditID,
    stage,
    requestURI: facts.requestURI,
    verb: facts.verb,
    user: facts.user,
    ...(more.impersonatedUser ? { impersonatedUser: more.impersonatedUser } : {}),
    ...(facts.sourceIPs.length ? { sourceIPs: [...facts.sourceIPs] } : {}),
    ...(facts.userAgent ? { userAgent: facts.userAgent } : {}),
    ...(facts.objectRef ? { objectRef: facts.objectRef } : {}),
    ...(stage !== 'RequestReceived' && more.responseStatus ? { responseStatus: more.responseStatus } : {}),
    ...(keepsRequest ? { requestObject: strip(more.requestObject) } : {}),
    ...(keepsResponse ? { responseObject: strip(more.responseObject) } : {}),
    requestReceivedTimestamp: rfc3339Micro(facts.receivedAt),
    stageTimestamp: rfc3339Micro(at),
    ...(more.annotations?.size ? { annotations: Object.fromEntries(more.annotations) } : {}),
  };
}

/** responseStatus: the bounded fields of a Status reply, or just the code. */
export function responseStatusOf(code: number, status: unknown): ResponseStatus {
  const out: ResponseStatus = { metadata: {}, code };
  if (isObject(status) && status['kind'] === 'Status') {
    for (const k of ['status', 'message', 'reason'] as const) if (typeof status[k] === 'string' && status[k] !== '') out[k] = status[k];
    if (status['details'] !== undefined) out.details = status['details'];
    if (typeof status['code'] === 'number') out.code = status['code'];
  }
  return out;
}

const plainIp = (s: string): string | undefined => {
  const t = s.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  return isIP(t) ? t : undefined;
};

/** X-Forwarded-For's addresses, then X-Real-Ip unless listed, then the peer unless it is the last one (upstream SourceIPs). */
export function sourceIPs(forwardedFor: string | undefined, realIp: string | undefined, remoteAddress: string | undefined): string[] {
  const out: string[] = [];
  for (const part of (forwardedFor ?? '').split(',')) {
    const ip = plainIp(part);
    if (ip) out.push(ip);
  }
  const real = realIp ? plainIp(realIp) : undefined;
  if (real && !out.includes(real)) out.push(real);
  const remote = remoteAddress ? plainIp(remoteAddress) : undefined;
  if (remote && out[out.length - 1] !== remote) out.push(remote);
  return out;
}
