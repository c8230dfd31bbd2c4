import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock, realClock } from '../../../util/index.js';
import { httpScrape } from './http-scrape.js';

describe('httpScrape() against a local HTTP server', () => {
  let server: Server;
  let base: string;
  let seen: IncomingHttpHeaders | undefined;
  const stalled: ServerResponse[] = [];
  let onStall: () => void = () => undefined;
  before(async () => {
    server = createServer((req, res) => {
      seen = req.headers;
      switch (req.url) {
        case '/metrics': res.end('# TYPE up gauge\nup 1\n'); return;
        case '/chunked': res.write('a 1\n'); res.end('b 2\n'); return;
        case '/big-declared': res.writeHead(200, { 'Content-Length': '2000' }); res.end('x'.repeat(2000)); return;
        case '/big-chunked': for (let i = 0; i < 20; i++) res.write('y'.repeat(100)); res.end(); return;
        case '/gzip': res.writeHead(200, { 'Content-Encoding': 'gzip' }); res.end('not really gzip'); return;
        case '/stall': res.writeHead(200); res.write('a 1\n'); stalled.push(res); onStall(); return;
        default: res.writeHead(404); res.end('404 page not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const r of stalled) r.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const options = { clock: realClock, timeoutMs: 5_000, maxBytes: 1_000 };

  test('httpScrape() answers the body and asks for the text format', async () => {
    assert.equal(await httpScrape(`${base}/metrics`, options), '# TYPE up gauge\nup 1\n');
    assert.match(String(seen?.accept), /^text\/plain;version=0\.0\.4/);
    assert.equal(await httpScrape(`${base}/chunked`, options), 'a 1\nb 2\n');
  });

  test('httpScrape() rejects another status, an encoded body and a body over the limit', async () => {
    await assert.rejects(httpScrape(`${base}/nope`, options), { message: `Cannot scrape "${base}/nope": the endpoint answered HTTP 404` });
    await assert.rejects(httpScrape(`${base}/gzip`, options), { message: `Cannot scrape "${base}/gzip": the body is encoded "gzip"` });
    await assert.rejects(httpScrape(`${base}/big-declared`, options), { message: `Cannot scrape "${base}/big-declared": the body of 2000 bytes exceeds the limit of 1000` });
    await assert.rejects(httpScrape(`${base}/big-chunked`, options), { message: `Cannot scrape "${base}/big-chunked": the body exceeds the limit of 1000 bytes` });
  });

  test('httpScrape() gives up when the answer is not complete in time (the injected clock)', async () => {
    const clock = new FakeClock();
    const arrived = new Promise<void>((resolve) => { onStall = resolve; });
    let settled = false;
    const scraping = httpScrape(`${base}/stall`, { ...options, clock, timeoutMs: 2_000 });
    void scraping.then(() => { settled = true; }, () => { settled = true; });
    await arrived;
    clock.advance(1_999);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.equal(settled, false);
    clock.advance(1);
    await assert.rejects(scraping, { message: `Cannot scrape "${base}/stall": no complete answer within 2000 ms` });
  });

  test('httpScrape() rejects an endpoint nobody listens on, and stops when its signal aborts', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await assert.rejects(httpScrape(`http://127.0.0.1:${port}/metrics`, options), /^Error: Cannot scrape "http:\/\/127\.0\.0\.1:\d+\/metrics": connect ECONNREFUSED/);
    const stop = new AbortController();
    const scraping = httpScrape(`${base}/stall`, { ...options, signal: stop.signal });
    stop.abort();
    await assert.rejects(scraping, /Cannot scrape/);
  });
});
