// A closed-loop HTTP(S) load generator: N concurrent clients, each sending requests back to back.
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';

export interface Target {
  url: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** A bearer token sent with every request (instead of, or besides, the client certificate). */
  token?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

export type RequestSpec = (i: number) => { method: string; path: string; body?: unknown; headers?: Record<string, string> };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export async function runLoad(target: Target, spec: RequestSpec, options: { concurrency: number; durationMs: number; expect: number; maxRequests?: number }): Promise<LoadResult> {
  const u = new URL(target.url);
  const https = u.protocol === 'https:';
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets: options.concurrency, ...(target.ca ? { ca: target.ca } : {}), ...(target.cert ? { cert: target.cert } : {}), ...(target.key ? { key: target.key } : {}) })
    : new HttpAgent({ keepAlive: true, maxSockets: options.concurrency });
  const send = https ? httpsRequest : httpRequest;
  const latencies: number[] = [];
  let errors = 0;
  let seq = 0;
  const end = performance.now() + options.durationMs;
  const one = (): Promise<void> => new Promise((resolve) => {
    const r = spec(seq++);
    const body = r.body === undefined ? undefined : Buffer.from(JSON.stringify(r.body));
    const t0 = performance.now();
    const headers = { ...(target.token ? { Authorization: `Bearer ${target.token}` } : {}), ...(r.headers ?? {}), ...(body ? { 'Content-Type': 'application/json', 'Content-Length': body.length } : {}) };
    const req = send({ agent, host: u.hostname, port: u.port, method: r.method, path: r.path, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === options.expect) latencies.push(performance.now() - t0);
        else errors++;
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  });
  const start = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, async () => {
    while (performance.now() < end && (options.maxRequests === undefined || seq < options.maxRequests)) await one();
  }));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}
