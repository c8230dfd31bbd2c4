// pods/log, pods/exec and pods/attach: the API server side of the node streams. The API server finds the
// pod's node and hands the request to that node's streams (NodeStreams, implemented by the kubelet and
// registered by whoever runs it); exec and attach speak the v5.channel.k8s.io WebSocket protocol to kubectl.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, badRequest, execRequestOf, parseLogQuery, type KubeObject, type NodeStreams, type NodeStreamsRegistry, type StreamProcess } from '../../api/index.js';
import { acceptUpgrade, channelProtocolOf, rejectUpgrade, serveChannelSession, WebSocketConnection, webSocketProtocols } from '../../util/index.js';
import { SpdyServerSession, type SpdyStream } from '../../util/spdy.js';
import { toApiError } from '../http/respond.js';
import type { SubresourceHandler } from './types.js';

type PodLike = KubeObject & { spec?: { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[] }; status?: { phase?: string } };

/** Upstream's apiserver rule: the container named, else the pod's only container, else a 400 listing them. */
function withContainer<T extends { container?: string }>(pod: PodLike, request: T): T & { container: string } {
  const name = String(pod.metadata?.['name'] ?? '');
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  if (request.container) {
    if (!containers.includes(request.container) && !inits.includes(request.container)) throw badRequest(`container ${request.container} is not valid for pod ${name}`);
    return { ...request, container: request.container };
  }
  if (containers.length === 1) return { ...request, container: containers[0]! };
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : ''}`);
}

function streamsOf(registry: NodeStreamsRegistry | undefined, pod: PodLike, what: string): NodeStreams {
  const name = String(pod.metadata?.['name'] ?? '');
  const node = pod.spec?.nodeName;
  if (!node) throw badRequest(`pod ${name} does not have a host assigned`);
  const streams = registry?.streamsFor(node);
  if (!streams) throw badRequest(`${what} is not available for pod ${name}: node "${node}" has no agent serving it`);
  return streams;
}

/** GET pods/{name}/log: text/plain, chunked and flushed as lines arrive with follow. */
export function podLog(registry: NodeStreamsRegistry | undefined): SubresourceHandler {
  return async (call) => {
    if (call.info.verb !== 'get') throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    const pod = await call.deps.storeFor(call.desc).get(call.desc, call.info.namespace, call.info.name) as PodLike;
    const request = withContainer(pod, parseLogQuery(call.info.name, call.query, call.deps.clock.now()));
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
    const request = withContainer(pod, execRequestOf(options.query, kind));
    const streams = streamsOf(options.registry, pod, kind);
    await streams.checkExec(namespace, name, request, kind);
    const chosen = channelProtocolOf(req.headers);
    if (!chosen) throw badRequest(`${kind} needs a WebSocket with subprotocol v5.channel.k8s.io: SPDY/3.1 and other stream protocols are not supported by this server`);
    protocol = chosen;
    process = await (kind === 'exec' ? streams.exec(namespace, name, request) : streams.attach(namespace, name, request));
  } catch (e: unknown) {
    fail(e);
    return;
  }
  await serveChannelSession(socket, options.head, String(req.headers['sec-websocket-key']), protocol, process, options.query.getAll('command'));
}

export const portForwardProtocol = 'SPDY/3.1+portforward.k8s.io';

/**
 * An upgrade request for pods/portforward: kubectl 1.32 tunnels a SPDY/3.1 session in a WebSocket; each
 * forwarded connection is a pair of streams (error and data) with the same requestid and the pod's port.
 */
export async function servePortForwardUpgrade(options: {
  req: IncomingMessage; socket: Duplex; head: Buffer; pod: PodLike; namespace: string; name: string; registry: NodeStreamsRegistry | undefined;
}): Promise<void> {
  const { req, socket, pod, namespace, name } = options;
  let streams: NodeStreams;
  try {
    const phase = pod.status?.phase;
    if (phase !== 'Running') throw badRequest(`unable to forward port because pod is not running. Current status=${phase ?? 'Pending'}`);
    streams = streamsOf(options.registry, pod, 'port-forward');
    if (!webSocketProtocols(req.headers).includes(portForwardProtocol)) throw badRequest(`port-forward needs a WebSocket with subprotocol ${portForwardProtocol}: plain SPDY upgrades are not supported by this server`);
  } catch (e: unknown) {
    const err = toApiError(e);
    rejectUpgrade(socket, err.code, JSON.stringify(err.toStatus()));
    return;
  }
  acceptUpgrade(socket, String(req.headers['sec-websocket-key']), portForwardProtocol);
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
  const forward = async (errorStream: SpdyStream, data: SpdyStream, port: number): Promise<void> => {
    const fail = (message: string): void => { errorStream.write(Buffer.from(message)); errorStream.end(); data.end(); };
    if (!Number.isInteger(port) || port < 1 || port > 65535) return fail(`invalid port: ${data.headers.get('port')}`);
    let conn: Duplex;
    try {
      conn = await streams.portForward(namespace, name, port);
    } catch (e: unknown) {
      return fail(toApiError(e).message);
    }
    data.onData((d) => conn.write(d));
    data.onEnd(() => conn.end());
    conn.on('data', (d: Buffer) => data.write(d));
    conn.on('end', () => { data.end(); errorStream.end(); });
    conn.on('error', (e) => fail(`error forwarding port ${port} to pod ${name}: ${e.message}`));
  };
  const session = new SpdyServerSession((bytes) => ws.sendBinary(bytes), (stream) => {
    const id = stream.headers.get('requestid') ?? '';
    const pair = pairs.get(id) ?? {};
    pairs.set(id, pair);
    if (stream.headers.get('streamtype') === 'error') pair.error = stream;
    else pair.data = stream;
    if (pair.error && pair.data) {
      pairs.delete(id);
      void forward(pair.error, pair.data, Number(pair.data.headers.get('port')));
    }
  });
  const ws = new WebSocketConnection(socket, options.head, { onMessage: (d) => session.receive(d), onClose: () => session.close() });
}
