// Auditing of one request: the policy's decision, the RequestReceived event when it arrives, ResponseStarted for
// long-running requests (watch, exec, logs, proxy), then ResponseComplete — or Panic for an unexpected failure.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { Clock } from '../../util/index.js';
import type { RequestInfo } from '../http/request-info.js';
import type { UserInfo } from '../registry/context.js';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from '../codec/protobuf/index.js';
import { isLongRunning, verbOf } from '../overload/long-running.js';
import { attributesOf } from '../auth/authorizer.js';
import { attachAuditRecord, type AuditRecord } from './capture.js';
import { buildEvent, responseStatusOf, sourceIPs, type RequestFacts } from './event.js';
import type { AuditSink } from './log-writer.js';
import { evaluatePolicy } from './policy.js';
import { auditUser, levelAtLeast, type AuditDecision, type AuditUser, type Level, type ObjectReference, type Policy, type ResponseStatus, type Stage } from './types.js';

export interface AuditorOptions {
  policy: Policy;
  sink: AuditSink;
  clock: Clock;
  /** Audit IDs for requests without an Audit-ID header (random UUIDs unless a test passes its own). */
  newAuditId?: () => string;
}

export interface AuditedRequest {
  /** Undefined for anonymous requests (public paths) and failed authentication. */
  readonly user: UserInfo | undefined;
  readonly info: RequestInfo;
  readonly method: string;
}

const anonymous: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** The namespace a request acts in: a Namespace object's own name, as upstream's RequestInfo gives it. */
const namespaceOf = (info: RequestInfo): string => (info.isResource && info.resource === 'namespaces' && info.name !== '' && info.namespace === '' ? info.name : info.isResource ? info.namespace : '');

function objectRefOf(info: RequestInfo): ObjectReference | undefined {
  if (!info.isResource) return undefined;
  const ref: ObjectReference = { resource: info.resource };
  const ns = namespaceOf(info);
  if (ns) ref.namespace = ns;
  if (info.name) ref.name = info.name;
  if (info.group) ref.apiGroup = info.group;
  ref.apiVersion = info.version;
  if (info.subresource) ref.subresource = info.subresource;
  return ref;
}

/** A request body as JSON: JSON, YAML (apply patches) or Kubernetes protobuf; undefined when unreadable. */
function bodyObject(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  try {
    if (ct === 'application/vnd.kubernetes.protobuf') return isKubernetesProtobuf(body) ? decodeKubernetesProtobuf(body).object : undefined;
    if (ct.endsWith('yaml')) return parseYaml(body.toString('utf8')) as unknown;
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export class Auditor {
  readonly #o: AuditorOptions;
  readonly #newId: () => string;

  constructor(options: AuditorOptions) {
    this.#o = options;
    this.#newId = options.newAuditId ?? randomUUID;
  }

  /**
   * Starts auditing a request (after authentication, as upstream): sets the Audit-Id response header, writes the
   * RequestReceived event, and the later stages when the response starts (long-running requests) and closes.
   * Returns the record, or undefined when the policy's level is None.
   */
  begin(req: IncomingMessage, res: ServerResponse, r: AuditedRequest): AuditRecord | undefined {
    const audit = this.#start(req, r);
    res.setHeader('Audit-Id', audit.auditID);
    if (!audit.audited) return undefined;
    attachAuditRecord(audit, req, res);
    if (isLongRunning(r.info)) {
      const target = res as unknown as { writeHead: (...args: unknown[]) => unknown };
      const writeHead = target.writeHead;
      target.writeHead = (...args: unknown[]): unknown => {
        audit.responseStarted(typeof args[0] === 'number' ? args[0] : res.statusCode);
        return writeHead.apply(res, args);
      };
    }
    res.once('close', () => audit.complete(res.statusCode || 200));
    return audit;
  }

  /** Starts auditing an upgrade request (exec, attach, port-forward): its status is the first line written back. */
  beginUpgrade(req: IncomingMessage, socket: Duplex, r: AuditedRequest): AuditRecord | undefined {
    const audit = this.#start(req, r);
    if (!audit.audited) return undefined;
    attachAuditRecord(audit, req, socket);
    let code = 0;
    const target = socket as unknown as { write: (...args: unknown[]) => boolean };
    const write = target.write;
    target.write = (...args: unknown[]): boolean => {
      if (code === 0) {
        const head = /^HTTP\/1\.1 (\d{3})/.exec(String(args[0]).slice(0, 16));
        code = head ? Number(head[1]) : 101;
        audit.responseStarted(code);
        target.write = write;
      }
      return write.apply(socket, args);
    };
    socket.once('close', () => audit.complete(code || 500));
    return audit;
  }

  /** Audits a request that failed authentication (401), as upstream's failed-authentication audit. */
  unauthenticated(req: IncomingMessage, res: ServerResponse, r: Omit<AuditedRequest, 'user'>): void {
    const audit = this.#start(req, { ...r, user: undefined }, { username: '' });
    res.setHeader('Audit-Id', audit.auditID);
    if (audit.audited) res.once('close', () => audit.complete(res.statusCode || 401));
  }

  #start(req: IncomingMessage, r: AuditedRequest, userOverride?: AuditUser): RequestAudit {
    const receivedAt = this.#o.clock.now();
    const user = r.user ?? anonymous;
    const decision = evaluatePolicy(this.#o.policy, attributesOf(userOverride ? { name: '', groups: [] } : user, r.info, r.method));
    const header = req.headers['audit-id'];
    const facts: RequestFacts = {
      auditID: typeof header === 'string' && header !== '' ? header : this.#newId(),
      requestURI: req.url ?? '/',
      verb: verbOf(r.info, r.method),
      user: userOverride ?? auditUser(user),
      sourceIPs: sourceIPs(headerText(req.headers['x-forwarded-for']), headerText(req.headers['x-real-ip']), req.socket?.remoteAddress),
      userAgent: headerText(req.headers['user-agent']) ?? '',
      objectRef: objectRefOf(r.info),
      receivedAt,
    };
    const audit = new RequestAudit(facts, decision, (line) => this.#o.sink.write(line), this.#o.clock);
    audit.received();
    return audit;
  }
}

const headerText = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(',') : v);

/** The audit record of one request: collects what its handlers report and writes its events. */
class RequestAudit implements AuditRecord {
  readonly #facts: RequestFacts;
  readonly #decision: AuditDecision;
  readonly #write: (line: string) => void;
  readonly #clock: Clock;
  readonly #annotations = new Map<string, string>();
  #requestBody: { body: Buffer; contentType: string | undefined } | undefined;
  #responseText: string | undefined;
  #responseStatus: ResponseStatus | undefined;
  #impersonated: AuditUser | undefined;
  #panic: string | undefined;
  #done = false;

  constructor(facts: RequestFacts, decision: AuditDecision, write: (line: string) => void, clock: Clock) {
    this.#facts = facts;
    this.#decision = decision;
    this.#write = write;
    this.#clock = clock;
  }

  get auditID(): string { return this.#facts.auditID; }
  get audited(): boolean { return this.#decision.level !== 'None'; }
  get level(): Level { return this.#decision.level; }

  annotate(key: string, value: string, level?: Level): void {
    if (level && !levelAtLeast(this.#decision.level, level)) return;
    this.#annotations.set(key, value);
  }

  recordRequestBody(body: Buffer, contentType: string | undefined): void {
    if (levelAtLeast(this.#decision.level, 'Request')) this.#requestBody = { body, contentType };
  }

  recordResponse(code: number, body: unknown, text: string): void {
    this.#responseStatus = responseStatusOf(code, body);
    if (this.#decision.level === 'RequestResponse') this.#responseText = text;
    // A created object names the objectRef (upstream takes the name from the request object).
    const ref = this.#facts.objectRef;
    if (ref && ref.name === undefined && this.#facts.verb === 'create' && !ref.subresource && typeof body === 'object' && body !== null) {
      const meta = (body as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
      if (typeof meta?.name === 'string' && meta.name !== '') ref.name = meta.name;
    }
  }

  recordImpersonatedUser(user: AuditUser): void {
    this.#impersonated = user;
  }

  recordPanic(message: string): void {
    this.#panic = message;
  }

  received(): void {
    this.#emit('RequestReceived');
  }

  responseStarted(code: number): void {
    this.#emit('ResponseStarted', { metadata: {}, code });
  }

  complete(code: number): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#panic !== undefined) {
      this.#emit('Panic', { metadata: {}, status: 'Failure', message: `APIServer panic'd: ${this.#panic}`, reason: 'InternalError', code: 500 });
      return;
    }
    const status = this.#responseStatus && this.#responseStatus.code === code ? this.#responseStatus : { metadata: {} as Record<string, never>, code };
    this.#emit('ResponseComplete', status);
  }

  #emit(stage: Stage, responseStatus?: ResponseStatus): void {
    if (!this.audited || this.#decision.omitStages.has(stage)) return;
    const withObjects = stage === 'ResponseComplete' || stage === 'Panic';
    const requestObject = withObjects && this.#requestBody ? bodyObject(this.#requestBody.body, this.#requestBody.contentType) : undefined;
    const responseObject = withObjects && this.#responseText !== undefined ? parseJson(this.#responseText) : undefined;
    const ev = buildEvent(this.#facts, this.#decision, stage, this.#clock.now(), {
      ...(responseStatus ? { responseStatus } : {}),
      ...(requestObject !== undefined ? { requestObject } : {}),
      ...(responseObject !== undefined ? { responseObject } : {}),
      ...(stage !== 'RequestReceived' ? { annotations: this.#annotations } : {}),
      ...(this.#impersonated ? { impersonatedUser: this.#impersonated } : {}),
    });
    this.#write(`${JSON.stringify(ev)}\n`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
