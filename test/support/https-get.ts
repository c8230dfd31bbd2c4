// A bare HTTPS request for tests that check status codes and bodies (a bearer token or a client certificate,
// the CA to trust or none).
import { request, type Agent } from 'node:https';

export interface HttpsAnswer { code: number; type: string; body: string }

/** One request to `url` (GET unless told); without `ca` the server's certificate is not verified. */
export function httpsGet(url: string, options: { token?: string; ca?: string; method?: string; cert?: { certPem: string; keyPem: string } } = {}): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', ...(options.ca ? { ca: options.ca } : { rejectUnauthorized: false }), ...(options.cert ? { cert: options.cert.certPem, key: options.cert.keyPem } : {}), headers: options.token ? { Authorization: `Bearer ${options.token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ code: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A JSON POST over a shared keep-alive agent: the status code, or 0 when the connection failed (a killed server). */
export function postJson(agent: Agent, url: URL, path: string, body: unknown): Promise<number> {
  return new Promise((resolve) => {
    const data = Buffer.from(JSON.stringify(body));
    const r = request({ agent, host: url.hostname, port: url.port, method: 'POST', path, headers: { 'Content-Type': 'application/json', 'Content-Length': data.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    r.on('error', () => resolve(0));
    r.end(data);
  });
}
