// Transport: how a client reaches the API. HttpsTransport speaks HTTPS with a client certificate or token.
import { Agent, request as httpsRequest } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { ApiError, type Status } from '../../api/index.js';

export interface TransportRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

export interface Transport {
  /** Sends a request; resolves with the decoded JSON body. Non-2xx replies throw ApiError. */
  request(req: TransportRequest): Promise<unknown>;
  /** Opens a watch stream; calls onEvent per line until the stream ends (resolves) or fails (rejects). */
  stream(req: TransportRequest, onEvent: (ev: unknown) => void): Promise<void>;
}

export interface HttpsTransportOptions {
  server: string;
  /** The CA the server's certificate is checked against; undefined: the system's CAs. */
  ca?: string;
  /** Do not check the server's certificate (a kubeconfig's insecure-skip-tls-verify). */
  insecureSkipTlsVerify?: boolean;
  cert?: string;
  key?: string;
  token?: string;
  userAgent?: string;
}

/** The request path with its query string (undefined values dropped). */
export function buildPath(path: string, query?: Record<string, string | undefined>): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function readAll(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The ApiError for a non-2xx reply: the Status it carries, or a generic one. */
export function errorFrom(status: number, text: string): ApiError {
  try {
    const st = JSON.parse(text) as Partial<Status>;
    if (st && st.kind === 'Status') return ApiError.fromStatus(st, status);
  } catch {
    // not a Status body
  }
  return new ApiError(status, status === 404 ? 'NotFound' : 'InternalError', text || `the server responded with status ${status}`);
}

export class HttpsTransport implements Transport {
  readonly #url: URL;
  readonly #agent: Agent;
  readonly #headers: Record<string, string>;

  constructor(options: HttpsTransportOptions) {
    this.#url = new URL(options.server);
    this.#agent = new Agent({ keepAlive: true, maxSockets: 64, ...(options.ca !== undefined ? { ca: options.ca } : {}), ...(options.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {}), ...(options.cert ? { cert: options.cert } : {}), ...(options.key ? { key: options.key } : {}) });
    this.#headers = { 'User-Agent': options.userAgent ?? 'skiff/v0.1.0', Accept: 'application/json' };
    if (options.token) this.#headers['Authorization'] = `Bearer ${options.token}`;
  }

  #send(req: TransportRequest): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const body = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
      const headers: Record<string, string> = { ...this.#headers };
      if (body) { headers['Content-Type'] = req.contentType ?? 'application/json'; headers['Content-Length'] = String(body.length); }
      const r = httpsRequest({ agent: this.#agent, host: this.#url.hostname, port: this.#url.port || 443, method: req.method, path: buildPath(req.path, req.query), headers, ...(req.signal ? { signal: req.signal } : {}) }, resolve);
      r.on('error', reject);
      r.end(body);
    });
  }

  async request(req: TransportRequest): Promise<unknown> {
    const res = await this.#send(req);
    const text = await readAll(res);
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) throw errorFrom(status, text);
    return text ? JSON.parse(text) : undefined;
  }

  async stream(req: TransportRequest, onEvent: (ev: unknown) => void): Promise<void> {
    const res = await this.#send(req);
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) throw errorFrom(status, await readAll(res));
    let buf = '';
    try {
      for await (const chunk of res) {
        buf += (chunk as Buffer).toString('utf8');
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i).trim();
          buf = buf.slice(i + 1);
          if (line) onEvent(JSON.parse(line));
        }
      }
    } catch (e: unknown) {
      if (req.signal?.aborted) return;
      throw e;
    }
  }

  close(): void {
    this.#agent.destroy();
  }
}
