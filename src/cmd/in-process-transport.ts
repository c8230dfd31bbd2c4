// InProcessTransport: the all-in-one server's controllers reach the API server without TLS, sockets or
// HTTP framing. Requests still go through the server's full handler (authn, authz, admission,
// validation, the store); only the wire is skipped. Lives in cmd because it joins apiserver and client.
import { Readable } from 'node:stream';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiServer } from '../apiserver/index.js';
import { buildPath, errorFrom, type Transport, type TransportRequest } from '../client/index.js';

/** The slice of ServerResponse the API server's handlers use, collecting what they write. */
class CapturedResponse extends EventEmitter {
  statusCode = 0;
  headersSent = false;
  writableEnded = false;
  readonly #headers = new Map<string, unknown>();
  readonly #onChunk: (chunk: string) => void;
  readonly #onEnd: () => void;

  constructor(onChunk: (chunk: string) => void, onEnd: () => void) {
    super();
    this.#onChunk = onChunk;
    this.#onEnd = onEnd;
  }
  setHeader(name: string, value: unknown): this { this.#headers.set(name.toLowerCase(), value); return this; }
  getHeader(name: string): unknown { return this.#headers.get(name.toLowerCase()); }
  writeHead(code: number, headers?: Record<string, unknown>): this {
    this.statusCode = code;
    for (const [k, v] of Object.entries(headers ?? {})) this.setHeader(k, v);
    this.headersSent = true;
    return this;
  }
  flushHeaders(): void { this.headersSent = true; }
  write(chunk: string | Buffer): boolean {
    this.headersSent = true;
    this.#onChunk(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    return true;
  }
  end(chunk?: string | Buffer): this {
    if (this.writableEnded) return this;
    if (chunk !== undefined && chunk.length > 0) this.write(chunk);
    this.writableEnded = true;
    this.#onEnd();
    this.emit('finish');
    this.emit('close');
    return this;
  }
  destroy(): this {
    if (!this.writableEnded) { this.writableEnded = true; this.#onEnd(); this.emit('close'); }
    return this;
  }
}

export interface InProcessTransportOptions {
  server: ApiServer;
  /** A bearer token the server's authenticator accepts (the admin or controller-manager token). */
  token: string;
  userAgent: string;
}

export class InProcessTransport implements Transport {
  readonly #o: InProcessTransportOptions;
  constructor(options: InProcessTransportOptions) {
    this.#o = options;
  }

  #dispatch(req: TransportRequest, res: CapturedResponse): void {
    const body = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: Record<string, string> = { authorization: `Bearer ${this.#o.token}`, accept: 'application/json', 'user-agent': this.#o.userAgent, host: 'in-process' };
    if (body) { headers['content-type'] = req.contentType ?? 'application/json'; headers['content-length'] = String(body.length); }
    const incoming = Object.assign(Readable.from(body ? [body] : []), {
      method: req.method, url: buildPath(req.path, req.query), headers,
      socket: { setTimeout: () => undefined, authorized: false, remoteAddress: '127.0.0.1' },
    });
    this.#o.server.handle(incoming as unknown as IncomingMessage, res as unknown as ServerResponse);
  }

  request(req: TransportRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let text = '';
      const res = new CapturedResponse((c) => { text += c; }, () => {
        if (res.statusCode < 200 || res.statusCode > 299) reject(errorFrom(res.statusCode, text));
        else {
          try { resolve(text ? JSON.parse(text) : undefined); } catch (e: unknown) { reject(e); }
        }
      });
      this.#dispatch(req, res);
    });
  }

  stream(req: TransportRequest, onEvent: (ev: unknown) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      let buf = '';
      let failed = false;
      const res = new CapturedResponse((c) => {
        if (res.statusCode < 200 || res.statusCode > 299) { buf += c; return; }
        buf += c;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i).trim();
          buf = buf.slice(i + 1);
          if (!line) continue;
          try { onEvent(JSON.parse(line)); } catch (e: unknown) { failed = true; reject(e); res.destroy(); return; }
        }
      }, () => {
        if (failed) return;
        if (res.statusCode < 200 || res.statusCode > 299) reject(errorFrom(res.statusCode, buf));
        else resolve();
      });
      // The handler stops its watch when the response closes, as it does when a client hangs up.
      req.signal?.addEventListener('abort', () => res.destroy(), { once: true });
      if (req.signal?.aborted) { resolve(); return; }
      this.#dispatch(req, res);
    });
  }
}
