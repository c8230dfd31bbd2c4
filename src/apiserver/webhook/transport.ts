// The HTTPS hop to a webhook (admission and CRD conversion): clientConfig.url, or clientConfig.service resolved the way the
// aggregator resolves a Service (its EndpointSlices), TLS verified against caBundle (or the system roots) for
// the URL's host or `<service>.<namespace>.svc`, the AdmissionReview POSTed with upstream's `?timeout=` query.
import type { WebhookClientConfig } from 'kubernetes-types/admissionregistration/v1.js';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { request as httpsRequest, type Agent, type RequestOptions } from 'node:https';
import { checkServerIdentity } from 'node:tls';
import { admissionregistration, apiregistration } from '../../api/index.js';

/** A failure to get an answer from a webhook; `message` follows upstream's `failed to call webhook: ...`. */
export class WebhookCallError extends Error {
  override readonly name = 'WebhookCallError';
}

/** Where one call goes. `url` is what error messages show (upstream's request URL). */
export interface WebhookEndpoint {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly serverName: string;
  readonly caPem: string | undefined;
  readonly url: string;
}

export interface ServiceLookups {
  service(namespace: string, name: string): Service | undefined;
  endpointSlices(namespace: string): readonly EndpointSlice[];
}

const isIp = (host: string): boolean => /^[\d.]+$/.test(host) || host.includes(':');

/** The endpoint of a clientConfig; throws WebhookCallError when its Service has no usable endpoint. */
export function resolveEndpoint(cc: WebhookClientConfig, lookups: ServiceLookups, timeoutSeconds: number, pick: (n: number) => number = (n) => Math.floor(Math.random() * n)): WebhookEndpoint {
  const caPem = cc.caBundle ? Buffer.from(cc.caBundle, 'base64').toString('utf8') : undefined;
  const query = `?timeout=${timeoutSeconds}s`;
  if (cc.url !== undefined) {
    const u = new URL(cc.url);
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    const path = `${u.pathname || '/'}${query}`;
    return { host, port: u.port ? Number(u.port) : 443, path, serverName: host, caPem, url: `${u.origin}${path}` };
  }
  const svc = cc.service;
  const target = { namespace: svc?.namespace ?? '', name: svc?.name ?? '', port: svc?.port ?? admissionregistration.defaultServicePort };
  const serverName = apiregistration.serviceServerName(target);
  const path = `${svc?.path || '/'}${query}`;
  const url = `https://${serverName}:${target.port}${path}`;
  const r = apiregistration.resolveServiceEndpoint(target, lookups.service(target.namespace, target.name), lookups.endpointSlices(target.namespace), pick);
  if (!r.ok) throw new WebhookCallError(`failed to call webhook: Post ${JSON.stringify(url)}: ${r.message}`);
  return { host: r.host, port: r.port, path, serverName, caPem, url };
}

/** The node:https options of a call to `e`. Exposed for tests. */
export function requestOptions(e: WebhookEndpoint, body: Buffer, agent: Agent | undefined): RequestOptions {
  return {
    host: e.host, port: e.port, method: 'POST', path: e.path, ...(agent ? { agent } : {}),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': String(body.length) },
    ...(e.caPem ? { ca: e.caPem } : {}),
    ...(isIp(e.serverName) ? {} : { servername: e.serverName }),
    checkServerIdentity: (_host: string, peer: Parameters<typeof checkServerIdentity>[1]) => checkServerIdentity(e.serverName, peer),
  };
}

/** Go's net error text for the common failures, so messages read as upstream's. */
function describeError(e: Error & { code?: string }, endpoint: WebhookEndpoint): string {
  if (e.code === 'ECONNREFUSED') return `dial tcp ${endpoint.host}:${endpoint.port}: connect: connection refused`;
  if (e.code === 'ECONNRESET') return 'read: connection reset by peer';
  return e.message;
}

/**
 * POSTs `review` and answers the decoded JSON body. Rejects with WebhookCallError on a network or TLS failure, a
 * timeout (`context deadline exceeded`), a non-2xx status or a body that is not JSON.
 */
export function postReview(endpoint: WebhookEndpoint, review: unknown, o: { timeoutMs: number; agent?: Agent }): Promise<unknown> {
  const body = Buffer.from(JSON.stringify(review));
  const fail = (detail: string): WebhookCallError => new WebhookCallError(`failed to call webhook: Post ${JSON.stringify(endpoint.url)}: ${detail}`);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(requestOptions(endpoint, body, o.agent), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(fail(e.message)));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        const code = res.statusCode ?? 0;
        if (code < 200 || code > 299) {
          reject(new WebhookCallError(`failed to call webhook: an error on the server (${JSON.stringify(text.trim())}) has prevented the request from succeeding`));
          return;
        }
        try {
          resolve(JSON.parse(text) as unknown);
        } catch (e: unknown) {
          reject(new WebhookCallError(`failed to call webhook: ${e instanceof Error ? e.message : String(e)}`));
        }
      });
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error('context deadline exceeded'));
    }, o.timeoutMs);
    req.on('error', (e: Error & { code?: string }) => {
      clearTimeout(timer);
      reject(fail(timedOut ? 'context deadline exceeded' : describeError(e, endpoint)));
    });
    req.end(body);
  });
}
