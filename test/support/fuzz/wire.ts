// The fuzz suite's wire: requests through node:https (any method, path, headers and body) and raw bytes over TLS for
// what an HTTP client refuses to send (bad Content-Length, broken chunking, invalid request lines).
import { request, type Agent } from 'node:https';
import { connect } from 'node:tls';

export interface Sent {
  readonly method?: string;
  /** The request target, sent as is (no normalisation or encoding). */
  readonly path: string;
  readonly headers?: Record<string, string | string[]>;
  readonly body?: Buffer;
  /** Set (even to '') to send no admin credentials; the caller's headers carry its own. */
  readonly token?: string;
}

export interface Reply {
  readonly code: number;
  readonly contentType: string;
  readonly body: Buffer;
  readonly ms: number;
}

const replyTimeoutMs = 15_000;

export function send(port: number, r: Sent, agent: Agent): Promise<Reply> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers = { ...r.headers };
    // node:http frames DELETE (and GET) bodies only when told their length.
    if (r.body && !Object.keys(headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h))) headers['content-length'] = String(r.body.length);
    if (r.token) headers['authorization'] = `Bearer ${r.token}`;
    // A request that declares its own framing may leave the connection unusable: it gets a connection of its own.
    const ownFraming = Object.keys(r.headers ?? {}).some((h) => /^(content-length|transfer-encoding)$/i.test(h));
    const req = request({ host: '127.0.0.1', port, method: r.method ?? 'GET', path: r.path, headers, agent: ownFraming ? false : agent, rejectUnauthorized: false, timeout: replyTimeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('error', reject);
      res.on('end', () => resolve({ code: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks), ms: Date.now() - started }));
    });
    // CONNECT's reply comes as a 'connect' event with the raw socket (whatever its status).
    req.on('connect', (res, socket, head) => {
      const chunks: Buffer[] = [head];
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.on('error', reject);
      socket.on('close', () => resolve({ code: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks), ms: Date.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error(`No reply within ${replyTimeoutMs} ms`)));
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Writes `bytes` on a fresh TLS connection and reads until the server closes it (or the timeout). */
export function sendRawBytes(port: number, bytes: Buffer, options: { timeoutMs?: number } = {}): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => sock.end(bytes));
    const timer = setTimeout(() => { sock.destroy(); resolve({ text: Buffer.concat(chunks).toString('latin1'), closed: false }); }, options.timeoutMs ?? 5_000);
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('error', (e) => { clearTimeout(timer); if (chunks.length) resolve({ text: Buffer.concat(chunks).toString('latin1'), closed: true }); else reject(e); });
    sock.on('close', () => { clearTimeout(timer); resolve({ text: Buffer.concat(chunks).toString('latin1'), closed: true }); });
  });
}

/** The status code and body of the first response in a raw reply, or undefined when there is none. */
export function parseRawReply(text: string): { code: number; headers: Record<string, string>; body: string } | undefined {
  const m = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(text);
  if (!m) return undefined;
  const end = text.indexOf('\r\n\r\n');
  const head = text.slice(m[0].length, end < 0 ? text.length : end);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = end < 0 ? '' : text.slice(end + 4);
  const len = headers['content-length'];
  if (len !== undefined) body = body.slice(0, Number(len));
  return { code: Number(m[1]), headers, body };
}
