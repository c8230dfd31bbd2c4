// Integration: pulling from a distribution-API registry (a fake one on 127.0.0.1 that asks for a bearer
// token): a multi-platform index resolves to the wanted architecture, blobs are verified, a missing tag
// and a corrupt blob fail without tagging anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DigestMismatchError, ImageStore, parseChallenge, pullImage, PullError } from '../../src/node/index.js';

const sha = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

test('parseChallenge() reads WWW-Authenticate', () => {
  assert.deepEqual(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"'),
    { scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull' } });
});

test('pullImage() follows token auth and the index to the platform manifest, verifying blobs', async () => {
  const layer = Buffer.from('pretend this is a gzipped layer');
  const config = (arch: string): string => JSON.stringify({ architecture: arch, os: 'linux', config: { Cmd: ['sh'] } });
  const manifest = (arch: string, layerDigest = sha(layer)): string => JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config(arch)), size: config(arch).length }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }] });
  const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: ['amd64', 'arm64'].map((a) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(manifest(a)), size: manifest(a).length, platform: { os: 'linux', architecture: a } })) });
  const corrupt = manifest('amd64', sha('the real content'));
  const blobs = new Map<string, string | Buffer>([[sha(layer), layer], [sha(config('amd64')), config('amd64')], [sha(config('arm64')), config('arm64')], [sha(manifest('amd64')), manifest('amd64')], [sha(manifest('arm64')), manifest('arm64')], [sha('the real content'), 'tampered content']]);
  const tags = new Map([['tools/busybox:1.0', index], ['tools/broken:1', corrupt]]);
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/token') {
      seen.push(`token ${url.searchParams.get('scope')}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ token: 'secret-token' }));
      return;
    }
    if (req.headers.authorization !== 'Bearer secret-token') {
      res.statusCode = 401;
      res.setHeader('www-authenticate', `Bearer realm="http://127.0.0.1:${(server.address() as { port: number }).port}/token",service="fake"`);
      res.end();
      return;
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/(.+)$/.exec(url.pathname);
    const body = m ? (m[2] === 'manifests' ? tags.get(`${m[1]}:${m[3]}`) ?? blobs.get(m[3]!) : blobs.get(m[3]!)) : undefined;
    if (!body) { res.statusCode = 404; res.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'); return; }
    seen.push(`${m![2]} ${m![3]}`);
    if (m![2] === 'manifests') res.setHeader('content-type', (JSON.parse(String(body)) as { mediaType: string }).mediaType);
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pull-'));
  try {
    const store = new ImageStore(dir);
    const pulled = await pullImage(store, `127.0.0.1:${port}/tools/busybox:1.0`, { architecture: 'arm64' });
    assert.deepEqual(pulled, { reference: `127.0.0.1:${port}/tools/busybox:1.0`, manifestDigest: sha(manifest('arm64')) });
    assert.equal(store.resolve(`127.0.0.1:${port}/tools/busybox:1.0`)!.config.architecture, 'arm64');
    assert.deepEqual(store.readBlob(sha(layer)), layer);
    assert.ok(seen.includes('token repository:tools/busybox:pull'));
    // Already stored blobs are not fetched again.
    const before = seen.length;
    await pullImage(store, `127.0.0.1:${port}/tools/busybox:1.0`, { architecture: 'arm64' });
    assert.deepEqual(seen.slice(before).filter((s) => s.startsWith('blobs')), []);
    await assert.rejects(pullImage(store, `127.0.0.1:${port}/tools/busybox:9.9`), (e: unknown) => e instanceof PullError && e.status === 404 && /not found/.test(e.message));
    await assert.rejects(pullImage(store, `127.0.0.1:${port}/tools/broken:1`), DigestMismatchError);
    assert.equal(store.resolve(`127.0.0.1:${port}/tools/broken:1`), undefined);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
