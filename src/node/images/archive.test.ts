// Image archives into the store: a `docker save` archive (plain and gzip), an OCI layout with a
// multi-platform index, and archives that must be refused (bad digest, no names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { ImageStore } from './store.js';
import { ArchiveError, importArchive } from './archive.js';
import { normalizeReference, parseReference } from './reference.js';

const sha = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function tar(files: Record<string, Buffer | string>): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const [name, content] of Object.entries(files)) p.entry({ name }, content);
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

const withDir = async (fn: (dir: string) => Promise<void>): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-images-'));
  try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
};

test('image references normalise as Docker does', () => {
  assert.equal(normalizeReference('busybox'), 'docker.io/library/busybox:latest');
  assert.equal(normalizeReference('127.0.0.1:5000/tools/busybox:1.36'), '127.0.0.1:5000/tools/busybox:1.36');
  assert.equal(normalizeReference('localhost/app'), 'localhost/app:latest');
  assert.deepEqual(parseReference(`nginx@sha256:${'a'.repeat(64)}`), { registry: 'docker.io', repository: 'library/nginx', digest: `sha256:${'a'.repeat(64)}` });
  assert.throws(() => parseReference('Busybox'), /must be lowercase/);
  assert.throws(() => parseReference('busybox@sha256:xyz'), /bad digest/);
});

test('a docker save archive (plain or gzip) is imported: blobs by digest, an OCI manifest, the RepoTags', async () => {
  await withDir(async (dir) => {
    const layer = await tar({ 'bin/hello': 'hi\n' });
    const config = JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: [sha(layer)] } });
    const archive = await tar({
      'abc123/layer.tar': layer, 'cfg.json': config,
      'manifest.json': JSON.stringify([{ Config: 'cfg.json', RepoTags: ['busybox:1.36', 'registry.local/busybox:1.36'], Layers: ['abc123/layer.tar'] }]),
    });
    for (const [file, data] of [['plain.tar', archive], ['gz.tar.gz', gzipSync(archive)]] as const) {
      writeFileSync(join(dir, file), data);
      const store = new ImageStore(join(dir, `node-${file}`));
      assert.deepEqual(await importArchive(store, join(dir, file)), ['docker.io/library/busybox:1.36', 'registry.local/busybox:1.36']);
      const img = store.resolve('busybox:1.36')!;
      assert.equal(img.manifest.config.digest, sha(config));
      assert.deepEqual(img.manifest.layers, [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha(layer), size: layer.length }]);
      assert.deepEqual(img.config.config?.Cmd, ['/bin/sh']);
      assert.deepEqual(store.readBlob(sha(layer)), layer);
      assert.deepEqual(store.list().map((r) => r.reference), ['docker.io/library/busybox:1.36', 'registry.local/busybox:1.36']);
    }
  });
});

test('an OCI layout with a multi-platform index imports the host platform\'s manifest under its containerd name', async () => {
  await withDir(async (dir) => {
    const layer = gzipSync(await tar({ 'etc/os-release': 'ID=skiff\n' }));
    const config = (arch: string): string => JSON.stringify({ architecture: arch, os: 'linux', rootfs: { type: 'layers', diff_ids: [] } });
    const manifest = (arch: string): string => JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config(arch)), size: config(arch).length }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(layer), size: layer.length }] });
    const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: ['amd64', 'arm64'].map((a) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(manifest(a)), size: manifest(a).length, platform: { os: 'linux', architecture: a } })) });
    const blob = (b: string | Buffer): [string, string | Buffer] => [`blobs/sha256/${sha(b).slice(7)}`, b];
    const files = Object.fromEntries([blob(layer), blob(config('amd64')), blob(config('arm64')), blob(manifest('amd64')), blob(manifest('arm64')), blob(index)]);
    const top = { 'oci-layout': '{"imageLayoutVersion":"1.0.0"}', 'index.json': JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha(index), size: index.length, annotations: { 'io.containerd.image.name': 'docker.io/library/tool:2' } }] }) };
    writeFileSync(join(dir, 'oci.tar'), await tar({ ...top, ...files }));
    const store = new ImageStore(join(dir, 'node'));
    assert.deepEqual(await importArchive(store, join(dir, 'oci.tar'), 'arm64'), ['docker.io/library/tool:2']);
    assert.equal(store.resolve('tool:2')!.manifestDigest, sha(manifest('arm64')));
    assert.equal(store.resolve('tool:2')!.config.architecture, 'arm64');
    // A blob whose content does not match its name is refused, and nothing is tagged.
    const bad = { ...top, ...files, [`blobs/sha256/${sha(layer).slice(7)}`]: Buffer.from('tampered') };
    writeFileSync(join(dir, 'bad.tar'), await tar(bad));
    const other = new ImageStore(join(dir, 'node2'));
    await assert.rejects(importArchive(other, join(dir, 'bad.tar')), ArchiveError);
    assert.equal(other.resolve('tool:2'), undefined);
    writeFileSync(join(dir, 'junk.tar'), await tar({ 'hello.txt': 'not an image' }));
    await assert.rejects(importArchive(other, join(dir, 'junk.tar')), /neither a docker save archive/);
  });
});
