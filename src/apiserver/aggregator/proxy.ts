// The HTTPS hop from the aggregator to an extension API server: TLS as the APIService asks (its caBundle
// for the name <service>.<namespace>.svc, or no verification), the front-proxy client certificate, the
// front-proxy identity headers, and the answer streamed back unchanged (watches included).
import { request as httpsRequest, Agent, type RequestOptions } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkServerIdentity } from 'node:tls';
import { serviceUnavailable } from '../../api/index.js';
import { errorMessage } from '../../util/index.js';

/** Where and how to reach one extension API server. */
export interface UpstreamTarget {
  readonly host: string;
  readonly port: number;
  /** The DNS name the serving certificate must carry when verified (`<service>.<namespace>.svc`). */
  readonly serverName: string;
  /** PEM bundle from the APIService's caBundle; undefined with insecureSkipTLSVerify. */
  readonly caPem: string | undefined;
  readonly insecureSkipTLSVerify: boolean;
}

/** The aggregator's client certificate (CN front-proxy-client, signed by the front-proxy CA). */
export interface ProxyClientCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Response headers that describe the hop, not the answer (RFC 7230 §6.1), in lower case. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** The node:https options of a request to `target`. Exposed for tests. */
export function upstreamOptions(target: UpstreamTarget, cert: ProxyClientCertificate, o: { method: string; path: string; headers: Record<string, string | string[]>; agent: Agent }): RequestOptions {
  const verify = !target.insecureSkipTLSVerify;
  return {
    host: target.host, port: target.port, method: o.method, path: o.path, headers: o.headers, agent: o.agent,
    cert: cert.certPem, key: cert.keyPem, rejectUnauthorized: verify,
    ...(target.caPem ? { ca: target.caPem } : {}),
    // SNI carries DNS names only; the certificate is checked against the service name either way.
    ...(isIp(target.host) ? {} : { servername: target.host }),
    ...(verify ? { checkServerIdentity: (_host: string, peer: Parameters<typeof checkServerIdentity>[1]) => checkServerIdentity(target.serverName, peer) } : {}),
  };
}

/**
 * Sends one request to the extension server and resolves with its response (status and headers arrived).
 * Rejects with ServiceUnavailable when it cannot be reached.
 */
export function sendUpstream(target: UpstreamTarget, cert: ProxyClientCertificate, o: { method: string; path: string; headers: Record<string, string | string[]>; agent: Agent; body?: IncomingMessage | Buffer; timeoutMs?: number; signal?: AbortSignal }): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const up = httpsRequest(upstreamOptions(target, cert, o), resolve);
    up.on('error', (e) => reject(serviceUnavailable(`error trying to reach service: ${errorMessage(e)}`)));
    if (o.timeoutMs !== undefined) up.setTimeout(o.timeoutMs, () => up.destroy(new Error(`timed out after ${o.timeoutMs} ms`)));
    o.signal?.addEventListener('abort', () => up.destroy(new Error('request aborted')), { once: true });
    if (o.body === undefined) up.end();
    else if (Buffer.isBuffer(o.body)) up.end(o.body);
    else o.body.pipe(up);
  });
}

/**
 * Proxies `req` to the extension server as `path` (path and query) with `headers`, and streams the answer
 * into `res`: status and headers at once (flushed, so watches start immediately), then the body as it
 * comes. A client that goes away aborts the upstream request.
 */
export async function proxyToUpstream(req: IncomingMessage, res: ServerResponse, target: UpstreamTarget, cert: ProxyClientCertificate, o: { path: string; headers: Record<string, string | string[]>; agent: Agent }): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const answer = await sendUpstream(target, cert, { method: req.method ?? 'GET', path: o.path, headers: o.headers, agent: o.agent, signal: abort.signal, ...(hasBody ? { body: req } : {}) });
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && !hopByHop.has(k)) headers[k] = v;
  res.writeHead(answer.statusCode ?? 502, headers);
  res.flushHeaders();
  answer.on('error', () => res.destroy());
  answer.pipe(res);
  await new Promise<void>((resolve) => res.once('close', resolve));
}
