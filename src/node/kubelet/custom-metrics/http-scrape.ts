// One scrape of a pod's metrics endpoint over plain HTTP: a GET asking for the text format 0.0.4, bounded in
// time (the whole exchange, on the injected clock) and in body size. The node's I/O for pod metrics.
import { request } from 'node:http';
import type { Clock } from '../../../util/index.js';

export interface HttpScrapeOptions {
  clock: Clock;
  /** The whole exchange, from connecting to the last byte of the body. */
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

/** What Prometheus asks for when it wants the text format. */
const accept = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';

/**
 * The body of GET `url` as UTF-8 text. Rejects with an Error saying why when the endpoint cannot be reached,
 * answers another status than 200 or a compressed body (none is asked for), sends more than `maxBytes`, or is
 * not done within `timeoutMs`.
 */
export function httpScrape(url: string, options: HttpScrapeOptions): Promise<string> {
  const abort = new AbortController();
  const onAbort = (): void => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = options.clock.setTimeout(() => { timedOut = true; abort.abort(); }, options.timeoutMs);
  const failed = (why: string, cause?: unknown): Error =>
    new Error(`Cannot scrape "${url}": ${timedOut ? `no complete answer within ${options.timeoutMs} ms` : why}`, cause === undefined ? {} : { cause });
  return new Promise<string>((resolve, reject) => {
    const req = request(url, { headers: { Accept: accept, 'User-Agent': 'skiff-kubelet' }, signal: abort.signal }, (res) => {
      const length = Number(res.headers['content-length']);
      const encoding = res.headers['content-encoding'];
      let why: string | undefined;
      if (res.statusCode !== 200) why = `the endpoint answered HTTP ${res.statusCode}`;
      else if (encoding !== undefined && encoding !== 'identity') why = `the body is encoded "${encoding}"`;
      else if (length > options.maxBytes) why = `the body of ${length} bytes exceeds the limit of ${options.maxBytes}`;
      if (why !== undefined) {
        res.destroy();
        reject(failed(why));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          res.destroy();
          reject(failed(`the body exceeds the limit of ${options.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', (e) => reject(failed(e.message, e)));
      res.on('close', () => { if (!res.complete) reject(failed('the connection closed before the body ended')); });
    });
    req.on('error', (e) => reject(failed(e.message, e)));
    req.end();
  }).finally(() => {
    timer[Symbol.dispose]();
    options.signal?.removeEventListener('abort', onAbort);
  });
}
