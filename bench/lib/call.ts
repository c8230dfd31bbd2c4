// One HTTPS request for a benchmark's set-up, as the target's identity; resolves with the parsed reply.
import { request } from 'node:https';
import type { Target } from './load.js';

/** One request; resolves with the parsed reply (throws on a non-2xx). */
export function call(t: Target, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const u = new URL(t.url);
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((res, rej) => {
    const req = request({ host: u.hostname, port: u.port, method, path, ca: t.ca, cert: t.cert, key: t.key, headers: data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {} }, (r) => {
      let text = '';
      r.on('data', (c: Buffer) => { text += c.toString(); });
      r.on('end', () => ((r.statusCode ?? 500) < 300 ? res(JSON.parse(text) as Record<string, unknown>) : rej(new Error(`${method} ${path}: ${r.statusCode} ${text}`))));
    });
    req.on('error', rej);
    req.end(data);
  });
}

