// The API server's client of a kubelet that runs in another process (a joined `skiff agent`): pods/log,
// pods/exec and pods/attach for pods on that node, and the node's stats (GET /stats/summary) and its pods'
// scraped metrics (GET /stats/custom), go to the kubelet's HTTPS endpoint with the node token.
// As kube-apiserver by default, the kubelet's serving certificate is not verified (no kubelet CA is set);
// the node token authenticates the API server to the kubelet.
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { ApiError, type CustomMetricsSummary, type ExecRequest, type LogRequest, type NodeCustomMetricsSource, type NodeStatsSource, type NodeStreams, type StreamProcess, type Summary } from '../api/index.js';
import { channelClient, connectWebSocket, errorMessage, UpgradeRefusedError } from '../util/index.js';

export interface KubeletEndpoint { host: string; port: number }

function errorFromBody(code: number, body: string): ApiError {
  try {
    const st = JSON.parse(body) as { kind?: string; message?: string };
    if (st.kind === 'Status' || st.message) return ApiError.fromStatus(st as Parameters<typeof ApiError.fromStatus>[0], code);
  } catch { /* not a Status */ }
  return new ApiError(code >= 400 ? code : 502, 'InternalError', `error from the kubelet (HTTP ${code}): ${body.trim()}`);
}

const unreachable = (node: KubeletEndpoint, e: unknown): ApiError => new ApiError(502, 'InternalError', `error dialing the kubelet at ${node.host}:${node.port}: ${errorMessage(e)}`);

function logQuery(r: LogRequest): URLSearchParams {
  const q = new URLSearchParams();
  if (r.follow) q.set('follow', 'true');
  if (r.previous) q.set('previous', 'true');
  if (r.timestamps) q.set('timestamps', 'true');
  if (r.tailLines !== undefined) q.set('tailLines', String(r.tailLines));
  if (r.sinceTime) q.set('sinceTime', r.sinceTime.toISOString());
  if (r.limitBytes !== undefined) q.set('limitBytes', String(r.limitBytes));
  return q;
}

const baseUrl = (node: KubeletEndpoint): string => `https://${node.host.includes(':') ? `[${node.host}]` : node.host}:${node.port}`;

/** The API server's client certificate towards kubelets (which authenticate it by the cluster CA). */
export interface KubeletClientCredentials {
  readonly certPem: string;
  readonly keyPem: string;
}

export class RemoteNodeStreams implements NodeStreams {
  readonly #node: KubeletEndpoint;
  readonly #tls: { cert: string; key: string; rejectUnauthorized: false };
  constructor(node: KubeletEndpoint, credentials: KubeletClientCredentials) {
    this.#node = node;
    this.#tls = { cert: credentials.certPem, key: credentials.keyPem, rejectUnauthorized: false };
  }

  #url(kind: string, namespace: string, name: string, container: string | undefined, query: URLSearchParams): string {
    return `${baseUrl(this.#node)}/${kind}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container ?? '')}?${query}`;
  }

  async *logs(namespace: string, name: string, request: LogRequest, signal: AbortSignal): AsyncGenerator<string> {
    const url = this.#url('containerLogs', namespace, name, request.container, logQuery(request));
    const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = httpsRequest(url, { ...this.#tls, signal }, resolve);
      req.on('error', (e) => reject(unreachable(this.#node, e)));
      req.end();
    });
    if (res.statusCode !== 200) {
      let body = '';
      for await (const d of res) body += String(d);
      throw errorFromBody(res.statusCode ?? 502, body);
    }
    try {
      for await (const chunk of res) yield (chunk as Buffer).toString('utf8');
    } catch (e: unknown) {
      if (!signal.aborted) throw e;
    }
  }

  checkExec(): void {
    // The kubelet checks when the session opens; its refusal reaches the client as this request's error.
  }

  async #open(kind: 'exec' | 'attach', namespace: string, name: string, request: ExecRequest): Promise<StreamProcess> {
    const q = new URLSearchParams();
    for (const c of request.command) q.append('command', c);
    for (const k of ['stdin', 'stdout', 'stderr', 'tty'] as const) if (request[k]) q.set(k, 'true');
    try {
      const { socket, head, protocol } = await connectWebSocket(this.#url(kind, namespace, name, request.container, q), { protocol: 'v5.channel.k8s.io', ...this.#tls });
      return channelClient(socket, head, protocol, { stdin: request.stdin, stderr: request.stderr });
    } catch (e: unknown) {
      if (e instanceof UpgradeRefusedError) throw errorFromBody(e.statusCode, e.body);
      throw unreachable(this.#node, e);
    }
  }

  exec(namespace: string, name: string, request: ExecRequest): Promise<StreamProcess> {
    return this.#open('exec', namespace, name, request);
  }

  attach(namespace: string, name: string, request: ExecRequest): Promise<StreamProcess> {
    return this.#open('attach', namespace, name, request);
  }

  /** A TCP tunnel through the kubelet to the pod's port (an HTTP upgrade to `tcp`). */
  portForward(namespace: string, name: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(this.#url('portForward', namespace, name, String(port), new URLSearchParams()), {
        ...this.#tls, headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
      });
      req.on('upgrade', (_res, socket, head) => {
        if (head.length) socket.unshift(head);
        resolve(socket);
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d: Buffer) => { body += d.toString(); });
        res.on('end', () => reject(errorFromBody(res.statusCode ?? 502, body)));
      });
      req.on('error', (e) => reject(unreachable(this.#node, e)));
      req.end();
    });
  }
}

/**
 * A remote node's stats: every summary() is one GET /stats/summary to its kubelet (which answers from its last
 * samples), every customMetrics() one GET /stats/custom (its last scrapes). Rejects with an ApiError: 502 when
 * the kubelet cannot be reached or answers something else than the JSON asked for, the kubelet's own status
 * otherwise.
 */
export class RemoteNodeStats implements NodeStatsSource, NodeCustomMetricsSource {
  readonly #node: KubeletEndpoint;
  readonly #tls: { cert: string; key: string; rejectUnauthorized: false };
  readonly #timeoutMs: number;
  constructor(node: KubeletEndpoint, credentials: KubeletClientCredentials, options: { timeoutMs?: number } = {}) {
    this.#node = node;
    this.#tls = { cert: credentials.certPem, key: credentials.keyPem, rejectUnauthorized: false };
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async summary(): Promise<Summary> {
    return this.#getJson('/stats/summary', isSummary, 'stats summary');
  }

  async customMetrics(): Promise<CustomMetricsSummary> {
    return this.#getJson('/stats/custom', isCustomMetricsSummary, 'custom metrics summary');
  }

  async #getJson<T>(path: string, isT: (v: unknown) => v is T, what: string): Promise<T> {
    const { code, body } = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = httpsRequest(`${baseUrl(this.#node)}${path}`, { ...this.#tls, headers: { Accept: 'application/json' }, timeout: this.#timeoutMs }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => { text += d; });
        res.on('end', () => resolve({ code: res.statusCode ?? 502, body: text }));
        res.on('error', (e) => reject(unreachable(this.#node, e)));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)));
      req.on('error', (e) => reject(unreachable(this.#node, e)));
      req.end();
    });
    if (code !== 200) throw errorFromBody(code, body);
    let answer: unknown;
    try {
      answer = JSON.parse(body);
    } catch {
      answer = undefined;
    }
    if (!isT(answer)) throw new ApiError(502, 'InternalError', `the kubelet at ${this.#node.host}:${this.#node.port} answered no ${what}`);
    return answer;
  }
}

function isSummary(v: unknown): v is Summary {
  if (typeof v !== 'object' || v === null || !('node' in v) || !('pods' in v)) return false;
  return typeof v.node === 'object' && v.node !== null && Array.isArray(v.pods);
}

function isCustomMetricsSummary(v: unknown): v is CustomMetricsSummary {
  return typeof v === 'object' && v !== null && 'pods' in v && Array.isArray(v.pods);
}
