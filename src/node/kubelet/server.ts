// The kubelet's own HTTPS endpoint (port 10250 by default) for an agent that runs apart from the server: the
// API server's kubelet client fetches /containerLogs/{ns}/{pod}/{container}, /stats/summary,
// /metrics/resource and /stats/custom (the pods' scraped metrics, a Skiff extension), and upgrades /exec/... and /attach/... to the same WebSocket channel protocol kubectl
// speaks. Callers present a client certificate of the cluster CA and are authorized by SubjectAccessReview
// (upstream kubelet's x509 authentication and Webhook authorization; see authorizer.ts).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiError, customMetricsResponse, execRequestOf, isApiError, kubeletStatsPath, parseLogQuery, statsResponse, type NodeCustomMetricsSource, type NodeStatsSource, type NodeStreams } from '../../api/index.js';
import { channelProtocolOf, errorMessage, rejectUpgrade, serveChannelSession, type Logger } from '../../util/index.js';
import { certificateUser, kubeletRequestAttributes, type KubeletAuthorizer } from './authorizer.js';

export interface KubeletServerOptions {
  host: string;
  port: number;
  cert: string;
  key: string;
  /** The CA whose client certificates callers present (the cluster CA). */
  clientCaPem: string;
  /** Decides whether a caller may use this node's subresource (nodes/proxy, nodes/stats, …). */
  authorizer: KubeletAuthorizer;
  /** The streams, once the kubelet runs (until then: 503). */
  streams: () => NodeStreams | undefined;
  /** The node's stats, once the kubelet runs (until then: 503). */
  stats: () => NodeStatsSource | undefined;
  /** The pods' scraped metrics, once the kubelet runs (until then, or when absent: 503). */
  customMetrics?: () => NodeCustomMetricsSource | undefined;
  logger: Logger;
}

const statusOf = (e: unknown): ApiError => (isApiError(e) ? e : new ApiError(500, 'InternalError', errorMessage(e)));

/** /containerLogs|exec|attach/{namespace}/{pod}/{container}, or /portForward/{namespace}/{pod}/{port}. Pure. */
export function kubeletPath(path: string): { kind: 'containerLogs' | 'exec' | 'attach' | 'portForward'; namespace: string; pod: string; container: string } | undefined {
  const m = /^\/(containerLogs|exec|attach|portForward)\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  return m ? { kind: m[1] as 'containerLogs' | 'exec' | 'attach' | 'portForward', namespace: decodeURIComponent(m[2]!), pod: decodeURIComponent(m[3]!), container: decodeURIComponent(m[4]!) } : undefined;
}

export class KubeletServer implements AsyncDisposable {
  readonly #server: Server;
  readonly #o: KubeletServerOptions;
  port = 0;

  private constructor(options: KubeletServerOptions) {
    this.#o = options;
    this.#server = createServer({ cert: options.cert, key: options.key, ca: options.clientCaPem, requestCert: true, rejectUnauthorized: false }, (req, res) => { void this.#request(req, res); });
    this.#server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => { void this.#upgrade(req, socket, head); });
  }

  static async start(options: KubeletServerOptions): Promise<KubeletServer> {
    const s = new KubeletServer(options);
    await new Promise<void>((resolve, reject) => {
      s.#server.once('error', reject);
      s.#server.listen(options.port, options.host, () => { s.#server.off('error', reject); resolve(); });
    });
    s.port = (s.#server.address() as AddressInfo).port;
    return s;
  }

  /** 401 without a client certificate of the cluster CA; 403 (upstream kubelet's text) unless the review allows. */
  async #authorize(req: IncomingMessage): Promise<void> {
    const user = certificateUser(req);
    if (!user) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
    const { verb, subresource } = kubeletRequestAttributes(req.method ?? 'GET', new URL(req.url ?? '/', 'https://kubelet').pathname);
    let allowed: boolean;
    try {
      allowed = await this.#o.authorizer.allowed(user, verb, subresource);
    } catch (e: unknown) {
      throw new ApiError(500, 'InternalError', `Authorization error (user=${user.name}, verb=${verb}, resource=nodes, subresource=${subresource}): ${errorMessage(e)}`);
    }
    if (!allowed) throw new ApiError(403, 'Forbidden', `Forbidden (user=${user.name}, verb=${verb}, resource=nodes, subresource(s)=[${subresource}])`);
  }

  async #route(req: IncomingMessage): Promise<{ url: URL; route: NonNullable<ReturnType<typeof kubeletPath>>; streams: NodeStreams }> {
    await this.#authorize(req);
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const route = kubeletPath(url.pathname);
    if (!route) throw new ApiError(404, 'NotFound', `the kubelet serves no ${url.pathname}`);
    const streams = this.#o.streams();
    if (!streams) throw new ApiError(503, 'ServiceUnavailable', 'the kubelet is starting');
    return { url, route, streams };
  }

  async #request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    try {
      const statsPath = kubeletStatsPath(new URL(req.url ?? '/', 'https://kubelet').pathname);
      if (statsPath) {
        await this.#serveStats(req, res, statsPath);
        return;
      }
      const { url, route, streams } = await this.#route(req);
      if (route.kind !== 'containerLogs') throw new ApiError(400, 'BadRequest', 'Upgrade request required');
      const request = { ...parseLogQuery(route.pod, url.searchParams, new Date()), container: route.container };
      const chunks = streams.logs(route.namespace, route.pod, request, abort.signal)[Symbol.asyncIterator]();
      const first = await chunks.next();
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.flushHeaders();
      for (let r = first; !r.done && !abort.signal.aborted; r = await chunks.next()) res.write(r.value);
      res.end();
    } catch (e: unknown) {
      const err = statusOf(e);
      if (res.headersSent) { res.destroy(); return; }
      res.writeHead(err.code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(err.toStatus()));
    }
  }

  /** GET /stats/summary, /metrics/resource and /stats/custom. */
  async #serveStats(req: IncomingMessage, res: ServerResponse, path: NonNullable<ReturnType<typeof kubeletStatsPath>>): Promise<void> {
    await this.#authorize(req);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(405, 'MethodNotAllowed', `${req.method} is not allowed on ${req.url}`);
    const ready = <T>(source: T | undefined): T => {
      if (source === undefined) throw new ApiError(503, 'ServiceUnavailable', 'the kubelet is starting');
      return source;
    };
    const { contentType, body } = path === 'custom' ? await customMetricsResponse(ready(this.#o.customMetrics?.())) : await statsResponse(path, ready(this.#o.stats()));
    res.writeHead(200, { 'Content-Type': contentType });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const { url, route, streams } = await this.#route(req);
      if (route.kind === 'containerLogs') throw new ApiError(400, 'BadRequest', 'containerLogs is not an upgrade');
      if (route.kind === 'portForward') {
        // A raw TCP tunnel to the pod's port (the last path segment); the API server speaks SPDY to kubectl.
        const conn = await streams.portForward(route.namespace, route.pod, Number(route.container));
        socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: tcp\r\nConnection: Upgrade\r\n\r\n');
        if (head.length) conn.write(head);
        socket.pipe(conn).pipe(socket);
        conn.on('error', () => socket.destroy());
        socket.on('close', () => conn.destroy());
        return;
      }
      const request = { ...execRequestOf(url.searchParams, route.kind), container: route.container };
      await streams.checkExec(route.namespace, route.pod, request, route.kind);
      const protocol = channelProtocolOf(req.headers);
      if (!protocol) throw new ApiError(400, 'BadRequest', `${route.kind} needs a WebSocket with subprotocol v5.channel.k8s.io`);
      const process = await (route.kind === 'exec' ? streams.exec(route.namespace, route.pod, request) : streams.attach(route.namespace, route.pod, request));
      await serveChannelSession(socket, head, String(req.headers['sec-websocket-key']), protocol, process, request.command);
    } catch (e: unknown) {
      const err = statusOf(e);
      if (err.code >= 500) this.#o.logger.warn('kubelet stream failed', { url: req.url, error: errorMessage(e) });
      rejectUpgrade(socket, err.code, JSON.stringify(err.toStatus()));
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
