// `skiff images import`: `docker save` archives (manifest.json, layer tars, config) and OCI image
// layouts (oci-layout, index.json, blobs/sha256/…) into the image store. Every file is streamed into the
// store as a blob while the tar is read, then the archive's own index says which blobs make which image.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import { extract } from 'tar-stream';
import type { Descriptor, ImageManifest, ImageStore } from './store.js';
import { goArch } from '../node-status.js';

const ociManifest = 'application/vnd.oci.image.manifest.v1+json';
const ociIndex = 'application/vnd.oci.image.index.v1+json';
const dockerManifest = 'application/vnd.docker.distribution.manifest.v2+json';
const dockerList = 'application/vnd.docker.distribution.manifest.list.v2+json';

export class ArchiveError extends Error {
  override name = 'InvalidImageArchive';
}

interface Entry { digest: string; size: number; json?: unknown }

/** Reads every regular file of the tar (gzip or not) into the store; small JSON files are kept parsed too. */
async function readArchive(store: ImageStore, input: Readable): Promise<Map<string, Entry>> {
  const files = new Map<string, Entry>();
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.\//, '');
      if (header.type !== 'file') { stream.resume(); stream.on('end', next); return; }
      const keepJson = name.endsWith('.json') || name === 'oci-layout' || (name.startsWith('blobs/') && (header.size ?? 0) < 1 << 20);
      const chunks: Buffer[] = [];
      const tee = new PassThrough();
      stream.on('data', (c: unknown) => { if (keepJson) chunks.push(c as Buffer); });
      stream.pipe(tee);
      store.putStream(tee).then(({ digest, size }) => {
        let json: unknown;
        if (keepJson) { try { json = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { json = undefined; } }
        files.set(name, { digest, size, ...(json !== undefined ? { json } : {}) });
        next();
      }, reject);
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  // Peek at the first bytes: gzip-compressed archives are accepted too.
  const first = await new Promise<Buffer>((resolve, reject) => {
    input.once('readable', () => { const b = input.read(2) as Buffer | null; resolve(b ?? Buffer.alloc(0)); });
    input.once('error', reject);
  });
  const source = new PassThrough();
  source.write(first);
  input.pipe(source);
  (first[0] === 0x1f && first[1] === 0x8b ? source.pipe(createGunzip()) : source).pipe(ex);
  await done;
  return files;
}

const layerMediaType = (store: ImageStore, digest: string): string => {
  const head = store.readBlob(digest).subarray(0, 2);
  return head[0] === 0x1f && head[1] === 0x8b ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar';
};

/** docker save: manifest.json lists each image's config, layers and RepoTags. */
async function importDockerSave(store: ImageStore, files: Map<string, Entry>): Promise<string[]> {
  const list = files.get('manifest.json')?.json as { Config: string; RepoTags?: string[] | null; Layers: string[] }[] | undefined;
  if (!Array.isArray(list)) throw new ArchiveError('manifest.json is not a docker save manifest');
  const refs: string[] = [];
  for (const img of list) {
    const file = (name: string): Entry => {
      const e = files.get(name);
      if (!e) throw new ArchiveError(`the archive has no ${name}`);
      return e;
    };
    const config = file(img.Config);
    const manifest: ImageManifest = {
      schemaVersion: 2, mediaType: ociManifest,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
      layers: img.Layers.map((l): Descriptor => { const e = file(l); return { mediaType: layerMediaType(store, e.digest), digest: e.digest, size: e.size }; }),
    };
    const { digest } = await store.putBuffer(Buffer.from(JSON.stringify(manifest)));
    for (const tag of img.RepoTags ?? []) refs.push(store.tag(tag, digest));
  }
  return refs;
}

/** The manifest for this platform from an index (or the manifest itself). */
function pickManifest(store: ImageStore, d: Descriptor, arch: string): string {
  if (d.mediaType !== ociIndex && d.mediaType !== dockerList) return d.digest;
  const index = JSON.parse(store.readBlob(d.digest).toString('utf8')) as { manifests: Descriptor[] };
  const match = index.manifests.find((m) => (m.mediaType === ociManifest || m.mediaType === dockerManifest) && m.platform?.os === 'linux' && m.platform.architecture === arch);
  if (!match) throw new ArchiveError(`no manifest for linux/${arch} in ${d.digest}`);
  return match.digest;
}

/** OCI image layout: index.json names the images (containerd's io.containerd.image.name, or a full reference in org.opencontainers.image.ref.name). */
async function importOciLayout(store: ImageStore, files: Map<string, Entry>, arch: string): Promise<string[]> {
  for (const [name, e] of files) {
    const m = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name);
    if (m && e.digest !== `sha256:${m[1]}`) throw new ArchiveError(`blob ${name} does not match its digest (${e.digest})`);
  }
  const index = files.get('index.json')?.json as { manifests?: Descriptor[] } | undefined;
  const refs: string[] = [];
  for (const d of index?.manifests ?? []) {
    const name = d.annotations?.['io.containerd.image.name'] ?? d.annotations?.['org.opencontainers.image.ref.name'];
    if (!name || !/[/:]/.test(name)) continue; // a bare tag names no repository
    const manifestDigest = pickManifest(store, d, arch);
    refs.push(store.tag(name, manifestDigest));
  }
  if (!refs.length) throw new ArchiveError('index.json names no image (io.containerd.image.name or a full org.opencontainers.image.ref.name)');
  return refs;
}

/** Imports one archive; returns the references it tagged (canonical form). */
export async function importArchive(store: ImageStore, path: string, arch = goArch()): Promise<string[]> {
  const files = await readArchive(store, createReadStream(path));
  // docker save from Docker 25+ writes both layouts; manifest.json carries the names.
  if (files.has('manifest.json')) return importDockerSave(store, files);
  if (files.has('index.json') && files.has('oci-layout')) return importOciLayout(store, files, arch);
  throw new ArchiveError(`${path} is neither a docker save archive (manifest.json) nor an OCI image layout (oci-layout, index.json)`);
}
