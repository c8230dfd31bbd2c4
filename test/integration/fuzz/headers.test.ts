// Fuzz: headers (bad and duplicate Authorization, huge headers, bad Accept, bad Impersonate-* combinations) and what
// an HTTP client will not send (garbage Content-Length and Transfer-Encoding, broken request lines), written raw.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFuzzServer, fuzzNamespace, limitedToken, type FuzzServer } from '../../support/fuzz/fuzz-server.js';
import { fuzzSeed } from '../../support/fuzz/random.js';
import { assertResponsive, runBatch, type FuzzCase } from '../../support/fuzz/expect-status.js';
import { parseRawReply, sendRawBytes } from '../../support/fuzz/wire.js';

const seed = fuzzSeed();
const cm = `/api/v1/namespaces/${fuzzNamespace}/configmaps`;

describe(`fuzz: headers (SKIFF_FUZZ_SEED=${seed})`, () => {
  let server: FuzzServer;
  before(async () => { server = await startFuzzServer(); });
  after(async () => { await server[Symbol.asyncDispose](); });

  test('bad Authorization, Accept and Impersonate-* headers', () => runBatch(server, {
    seed, batch: 'headers',
    fixed: [
      ...['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer ', 'Bearer  ', 'bearer x y', 'Token abc', 'Negotiate x', '\u00ff\u00fe', 'Bearer ' + 'x'.repeat(10_000), 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.'].map((auth): FuzzCase => ({
        name: `Authorization ${auth.slice(0, 30)}`, request: { path: cm, token: '', headers: { authorization: auth } }, allow: [401],
      })),
      { name: 'two Authorization headers, a bad one first', request: { path: cm, token: '', headers: { authorization: ['Bearer bad', `Bearer ${limitedToken}`] } }, allow: [401, 403] },
      ...['text/html', 'application/xml', 'image/png;q=1', 'application/json;as=Nope;g=meta.k8s.io;v=v1', 'application/json;as=Table;g=nope;v=v9', ';;;', '*/*;q=x'].map((accept): FuzzCase => ({
        name: `Accept ${accept}`, request: { path: `${cm}/target`, headers: { accept } }, allow: [406], mayPass: accept.includes('q=') || accept.startsWith('application/json'),
      })),
      { name: 'Accept text/html on a missing object', request: { path: `${cm}/missing`, headers: { accept: 'text/html' } }, allow: [404, 406] },
      { name: 'Impersonate-Group without a user', request: { path: cm, headers: { 'impersonate-group': 'system:masters' } }, allow: [400] },
      { name: 'Impersonate-Uid without a user', request: { path: cm, headers: { 'impersonate-uid': 'x' } }, allow: [400] },
      { name: 'Impersonate-Extra without a user', request: { path: cm, headers: { 'impersonate-extra-scopes': 'x' } }, allow: [400] },
      { name: 'Impersonate-Extra with a bad key encoding', request: { path: cm, headers: { 'impersonate-user': 'x', 'impersonate-extra-%zz': 'v' } }, allow: [400, 403], mayPass: true },
      { name: 'two Impersonate-User headers', request: { path: cm, headers: { 'impersonate-user': ['a', 'b'] } }, allow: [400, 403] },
      { name: 'the limited user impersonating system:masters', request: { path: cm, token: limitedToken, headers: { 'impersonate-user': 'admin', 'impersonate-group': 'system:masters' } }, allow: [403] },
      { name: 'the limited user impersonating a service account', request: { path: cm, token: limitedToken, headers: { 'impersonate-user': 'system:serviceaccount:kube-system:default' } }, allow: [403] },
      { name: 'an empty Impersonate-User', request: { path: cm, headers: { 'impersonate-user': '' } }, mayPass: true },
      { name: 'a huge header under the limit', request: { path: cm, headers: { 'x-filler': 'x'.repeat(60_000) } }, mayPass: true },
      { name: 'many headers', request: { path: cm, headers: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`x-h${i}`, 'v'])) }, mayPass: true },
    ],
  }));

  test('raw requests an HTTP client will not send are answered with a Status or a closed connection', async () => {
    const host = 'Host: 127.0.0.1\r\n';
    const auth = `Authorization: Bearer ${server.pki.adminToken}\r\n`;
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"raw-"}}';
    const raws: { name: string; bytes: string; allow: readonly number[] }[] = [
      { name: 'Content-Length garbage', bytes: `POST ${cm} HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nContent-Length: abc\r\n\r\n${body}`, allow: [400] },
      { name: 'negative Content-Length', bytes: `POST ${cm} HTTP/1.1\r\n${host}${auth}Content-Length: -5\r\n\r\n${body}`, allow: [400] },
      { name: 'two different Content-Lengths', bytes: `POST ${cm} HTTP/1.1\r\n${host}${auth}Content-Length: 3\r\nContent-Length: 5\r\n\r\n${body}`, allow: [400] },
      { name: 'Content-Length and chunked', bytes: `POST ${cm} HTTP/1.1\r\n${host}${auth}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n`, allow: [400] },
      { name: 'broken chunk size', bytes: `POST ${cm} HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`, allow: [400] },
      { name: 'unknown Transfer-Encoding', bytes: `POST ${cm} HTTP/1.1\r\n${host}${auth}Transfer-Encoding: gzip, rot13\r\n\r\n${body}`, allow: [400, 501] },
      { name: 'a request line of garbage', bytes: 'GARBAGE\r\n\r\n', allow: [400] },
      { name: 'an invalid method', bytes: `G@T ${cm} HTTP/1.1\r\n${host}\r\n`, allow: [400] },
      { name: 'HTTP/9.9', bytes: `GET ${cm} HTTP/9.9\r\n${host}\r\n`, allow: [400, 505] },
      { name: 'a header without a colon', bytes: `GET ${cm} HTTP/1.1\r\n${host}Broken header\r\n\r\n`, allow: [400] },
      { name: 'a NUL in a header', bytes: `GET ${cm} HTTP/1.1\r\n${host}X-A: a\u0000b\r\n\r\n`, allow: [400] },
      { name: 'headers over the size limit', bytes: `GET ${cm} HTTP/1.1\r\n${host}X-Big: ${'x'.repeat(2 * 1024 * 1024)}\r\n\r\n`, allow: [431, 400] },
      { name: 'an absolute-form target with a bad host', bytes: `GET http://[::1/api HTTP/1.1\r\n${host}${auth}\r\n`, allow: [400, 404] },
      { name: 'an absolute-form target', bytes: `GET https://evil.example.com/api/v1/namespaces HTTP/1.1\r\n${host}${auth}\r\n`, allow: [200, 400, 404] },
      { name: 'HTTP/1.1 without a Host', bytes: `GET ${cm} HTTP/1.1\r\n${auth}\r\n`, allow: [400] },
      { name: 'a body shorter than its Content-Length', bytes: `POST ${cm} HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nContent-Length: 500\r\n\r\n${body}`, allow: [400, 408] },
    ];
    const problems: string[] = [];
    for (const r of raws) {
      const { text, closed } = await sendRawBytes(server.port, Buffer.from(r.bytes, 'latin1'), { timeoutMs: 3_000 });
      const reply = parseRawReply(text);
      // A request cut short may get no reply at all, but the connection must not stay open forever.
      if (!reply) {
        if (!closed && !r.name.includes('shorter')) problems.push(`${r.name}: no reply and the connection stayed open`);
        continue;
      }
      if (!r.allow.includes(reply.code)) { problems.push(`${r.name}: answered ${reply.code}: ${reply.body.slice(0, 200)}`); continue; }
      if (reply.code >= 400) {
        let st: { kind?: unknown; code?: unknown; reason?: unknown } | undefined;
        try { st = JSON.parse(reply.body) as typeof st; } catch { st = undefined; }
        if (st?.kind !== 'Status' || st.code !== reply.code || typeof st.reason !== 'string') problems.push(`${r.name}: answered ${reply.code} without a Status: ${JSON.stringify(text.slice(0, 300))}`);
      }
    }
    await assertResponsive(server);
    assert.deepEqual(problems, [], `replay with SKIFF_FUZZ_SEED=${seed}`);
  });
});
