// The contract between the API server and the nodes for pods/log, pods/exec and pods/attach: the API server
// finds the pod's node and hands the request to that node's NodeStreams (the kubelet implements it; whoever
// runs both registers it; the API server's kubelet client does for nodes elsewhere), and the parsing of
// their queries, shared by the API server and the kubelet's own server.
import type { Duplex } from 'node:stream';
import type { ChannelProcess } from '../../../util/index.js';
import { badRequest, invalid } from '../../errors.js';
import { invalid as fieldInvalid, type FieldError } from '../../meta/field-path.js';

export interface LogRequest {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceTime?: Date;
  limitBytes?: number;
}

export interface ExecRequest {
  container?: string;
  /** Empty for attach. */
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** A process (exec) or a container's stdio (attach) being streamed: the channel protocol's process. */
export type StreamProcess = ChannelProcess;

/** What a node serves for its pods. Errors thrown are ApiErrors (or become 500s). */
export interface NodeStreams {
  /** The log text; with follow, chunks until the container stops or signal aborts. */
  logs(namespace: string, name: string, request: LogRequest, signal: AbortSignal): AsyncIterable<string>;
  /** Throws when the request cannot be served (unknown or stopped container), before any upgrade is answered. */
  checkExec(namespace: string, name: string, request: ExecRequest, kind: 'exec' | 'attach'): Promise<void> | void;
  /** Starts the process (throws, before anything is streamed, when it cannot). */
  exec(namespace: string, name: string, request: ExecRequest): Promise<StreamProcess> | StreamProcess;
  attach(namespace: string, name: string, request: ExecRequest): Promise<StreamProcess> | StreamProcess;
  /** A connection to the pod's port (port-forward); throws when the pod cannot be reached. */
  portForward(namespace: string, name: string, port: number): Promise<Duplex>;
}

export interface NodeStreamsRegistry {
  streamsFor(node: string): NodeStreams | undefined;
}

const podLogKind = { group: '', kind: 'PodLogOptions' };

/** The query of GET pods/{name}/log, validated as upstream's PodLogOptions. Pure. */
export function parseLogQuery(name: string, q: URLSearchParams, now: Date): LogRequest {
  const errs: FieldError[] = [];
  const int = (key: string, min: number): number | undefined => {
    const v = q.get(key);
    if (v === null || v === '') return undefined;
    if (!/^-?\d+$/.test(v)) throw badRequest(`${key}: Invalid value: "${v}": strconv.ParseInt: parsing "${v}": invalid syntax`);
    const n = Number(v);
    if (n < min) errs.push(fieldInvalid(key, n, min === 0 ? 'must be greater than or equal to 0' : 'must be greater than 0'));
    return n;
  };
  const bool = (key: string): boolean => q.get(key) === 'true' || q.get(key) === '1';
  const tailLines = int('tailLines', 0);
  const sinceSeconds = int('sinceSeconds', 1);
  const limitBytes = int('limitBytes', 1);
  const sinceTimeText = q.get('sinceTime');
  let sinceTime: Date | undefined;
  if (sinceTimeText) {
    const t = Date.parse(sinceTimeText);
    if (Number.isNaN(t)) throw badRequest(`sinceTime: Invalid value: "${sinceTimeText}": parsing time "${sinceTimeText}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
    sinceTime = new Date(t);
  }
  if (sinceSeconds !== undefined && sinceTime) errs.push(fieldInvalid('sinceSeconds', sinceSeconds, 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  if (errs.length) throw invalid(podLogKind, name, errs);
  if (sinceSeconds !== undefined) sinceTime = new Date(now.getTime() - sinceSeconds * 1000);
  const container = q.get('container') || undefined;
  return {
    ...(container ? { container } : {}), follow: bool('follow'), previous: bool('previous'), timestamps: bool('timestamps'),
    ...(tailLines !== undefined ? { tailLines } : {}), ...(sinceTime ? { sinceTime } : {}), ...(limitBytes !== undefined ? { limitBytes } : {}),
  };
}

/** The query of an exec or attach request (container, command, stdin, stdout, stderr, tty). Pure. */
export function execRequestOf(q: URLSearchParams, kind: 'exec' | 'attach'): ExecRequest {
  const bool = (key: string): boolean => q.get(key) === 'true' || q.get(key) === '1';
  const command = q.getAll('command');
  if (kind === 'exec' && command.length === 0) throw badRequest('you must specify at least 1 command');
  const r: ExecRequest = { command, stdin: bool('stdin'), stdout: bool('stdout'), stderr: bool('stderr'), tty: bool('tty') };
  const container = q.get('container');
  if (container) r.container = container;
  if (!r.stdin && !r.stdout && !r.stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  if (r.tty && r.stderr) r.stderr = false;
  return r;
}
