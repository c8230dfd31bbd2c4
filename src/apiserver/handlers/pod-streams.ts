// pods/log, pods/exec and pods/attach: the API server side of the node streams. The API server finds the
// pod's node and hands the request to that node's streams (NodeStreams, implemented by the kubelet and
// registered by whoever runs it); exec and attach speak the v5.channel.k8s.io WebSocket protocol to kubectl.
import type { IncomingMessage } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { ApiError, badRequest, invalid, type ExecRequest, type KubeObject, type LogRequest, type NodeStreams, type NodeStreamsRegistry, type StreamProcess } from '../../api/index.js';
import { invalid as fieldInvalid, type FieldError } from '../../api/meta/field-path.js';
import { acceptUpgrade, isWebSocketUpgrade, offeredProtocols, rejectUpgrade, WebSocketConnection } from '../http/websocket.js';
import { toApiError } from '../http/respond.js';
import type { SubresourceHandler } from './types.js';

type PodLike = KubeObject & { spec?: { nodeName?: string }; status?: { phase?: string } };

function streamsOf(registry: NodeStreamsRegistry | undefined, pod: PodLike, what: string): NodeStreams {
  const name = String(pod.metadata?.['name'] ?? '');
  const node = pod.spec?.nodeName;
  if (!node) throw badRequest(`pod ${name} does not have a host assigned`);
  const streams = registry?.streamsFor(node);
  if (!streams) throw badRequest(`${what} is not available for pod ${name}: node "${node}" has no agent serving it`);
  return streams;
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

/** GET pods/{name}/log: text/plain, chunked and flushed as lines arrive with follow. */
export function podLog(registry: NodeStreamsRegistry | undefined): SubresourceHandler {
  return async (call) => {
    if (call.info.verb !== 'get') throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    const pod = await call.deps.storeFor(call.desc).get(call.desc, call.info.namespace, call.info.name) as PodLike;
    const request = parseLogQuery(call.info.name, call.query, call.deps.clock.now());
    const streams = streamsOf(registry, pod, 'log');
    const abort = new AbortController();
    call.res.on('close', () => abort.abort());
    const chunks = streams.logs(call.info.namespace, call.info.name, request, abort.signal)[Symbol.asyncIterator]();
    // The first chunk (or error) decides the status code.
    const first = await chunks.next();
    call.res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    call.res.flushHeaders();
    let limit = request.limitBytes ?? Infinity;
    const write = (text: string): boolean => {
      const b = Buffer.from(text);
      const part = b.length > limit ? b.subarray(0, limit) : b;
      limit -= part.length;
      if (part.length) call.res.write(part);
      return limit > 0;
    };
    try {
      if (!first.done && write(first.value)) {
        for (let r = await chunks.next(); !r.done && !abort.signal.aborted; r = await chunks.next()) if (!write(r.value)) break;
      }
    } finally {
      abort.abort();
      call.res.end();
    }
  };
}

/** Any request to exec/attach that is not an upgrade: upstream answers 400 "Upgrade request required". */
export const upgradeRequired: SubresourceHandler = async () => {
  throw badRequest('Upgrade request required');
};

function execRequestOf(q: URLSearchParams, kind: 'exec' | 'attach'): ExecRequest {
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

const channelProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/**
 * An upgrade request for pods/exec or pods/attach. WebSocket (v5/v4.channel.k8s.io) is served; SPDY (kubectl's
 * fallback) is answered with the request's own error, or with a clear one when the request was valid.
 */
export async function servePodStreamUpgrade(options: {
  req: IncomingMessage; socket: Duplex; head: Buffer; pod: PodLike; namespace: string; name: string;
  kind: 'exec' | 'attach'; query: URLSearchParams; registry: NodeStreamsRegistry | undefined;
}): Promise<void> {
  const { req, socket, pod, namespace, name, kind } = options;
  const fail = (e: unknown): void => { const err = toApiError(e); rejectUpgrade(socket, err.code, JSON.stringify(err.toStatus())); };
  let process: StreamProcess;
  let protocol: string;
  try {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') throw badRequest(`cannot ${kind === 'exec' ? 'exec into' : 'attach to'} a container in a completed pod; current phase is ${phase}`);
    const request = execRequestOf(options.query, kind);
    const streams = streamsOf(options.registry, pod, kind);
    streams.checkExec(namespace, name, request, kind);
    const offered = isWebSocketUpgrade(req.headers) ? offeredProtocols(req.headers['sec-websocket-protocol']) : [];
    const chosen = channelProtocols.find((p) => offered.includes(p));
    if (!chosen) throw badRequest(`${kind} needs a WebSocket with subprotocol v5.channel.k8s.io: SPDY/3.1 and other stream protocols are not supported by this server`);
    protocol = chosen;
    process = kind === 'exec' ? streams.exec(namespace, name, request) : streams.attach(namespace, name, request);
  } catch (e: unknown) {
    fail(e);
    return;
  }
  acceptUpgrade(socket, String(req.headers['sec-websocket-key']), protocol);
  const v5 = protocol === 'v5.channel.k8s.io';
  let resizeText = '';
  const ws = new WebSocketConnection(socket, options.head, {
    onMessage(data) {
      const channel = data[0];
      const body = data.subarray(1);
      if (channel === 0) process.stdin?.write(body);
      else if (channel === 4) {
        resizeText += body.toString();
        for (let nl = resizeText.indexOf('\n'); ; nl = resizeText.indexOf('\n')) {
          const line = nl < 0 ? resizeText : resizeText.slice(0, nl);
          try {
            const size = JSON.parse(line) as { Width?: number; Height?: number };
            process.resize(size.Width ?? 0, size.Height ?? 0);
            resizeText = nl < 0 ? '' : resizeText.slice(nl + 1);
          } catch {
            break;
          }
          if (nl < 0) break;
        }
      } else if (v5 && channel === 255 && body[0] === 0) process.stdin?.end();
    },
    onClose() {
      process.detach();
    },
  });
  const pump = (stream: Readable | null, channel: number): Promise<void> => new Promise((resolve) => {
    if (!stream) return resolve();
    stream.on('data', (d: Buffer) => ws.sendBinary(Buffer.concat([Buffer.from([channel]), d])));
    stream.once('end', () => resolve());
    stream.once('error', () => resolve());
    stream.once('close', () => resolve());
  });
  const outputs = Promise.all([pump(process.stdout, 1), pump(process.stderr, 2)]);
  const result = await process.done;
  await outputs;
  if (ws.closed) return;
  const status = 'exitCode' in result
    ? result.exitCode === 0
      ? { metadata: {}, status: 'Success' }
      : { metadata: {}, status: 'Failure', reason: 'NonZeroExitCode', message: `command terminated with non-zero exit code: error executing command [${options.query.getAll('command').join(' ')}], exit code ${result.exitCode}`, details: { causes: [{ reason: 'ExitCode', message: String(result.exitCode) }] } }
    : { metadata: {}, status: 'Failure', reason: 'InternalError', message: result.error, code: 500 };
  ws.sendBinary(Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify(status))]));
  ws.close(1000);
}
