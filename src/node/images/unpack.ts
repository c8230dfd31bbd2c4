// An image's layers, applied in order into one read-only directory: the lower layer of every container
// overlay made from that image. Whiteouts (`.wh.<name>`) delete what lower layers made, opaque markers
// (`.wh..wh..opq`) empty a directory of lower layers' entries. Paths never leave the root: a layer's
// symlinks are followed as if the root were `/`, so `etc -> /` then `etc/passwd` writes <root>/passwd.
//
// Layers are flattened per image rather than stacked as overlay lowerdirs: overlay whiteouts are 0/0
// character devices and opaque directories are `trusted.overlay.opaque` xattrs, which Node cannot make.
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import { extract, type Header as Headers } from 'tar-stream';
import type { ImageRecord, ImageStore } from './store.js';

export class UnpackError extends Error {
  override name = 'UnpackError';
}

const whiteoutPrefix = '.wh.';
const opaqueMarker = '.wh..wh..opq';
const maxLinkHops = 40;

/**
 * Where `rel` lands under `root` with symlinks of its parent directories resolved inside `root` (the last
 * component is not followed: it is what the caller creates or replaces).
 */
export async function resolveInRoot(root: string, rel: string): Promise<string> {
  const pending = posix.normalize(`/${rel}`).split('/').filter((p) => p !== '' && p !== '.');
  const last = pending.pop();
  if (last === undefined) return root;
  const resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') { resolved.pop(); continue; }
    const here = join(root, ...resolved, part);
    const st = await fs.lstat(here).catch(() => undefined);
    if (st?.isSymbolicLink()) {
      if (++hops > maxLinkHops) throw new UnpackError(`too many levels of symbolic links in ${rel}`);
      const target = await fs.readlink(here);
      const parts = target.split('/').filter((p) => p !== '' && p !== '.');
      if (target.startsWith('/')) resolved.length = 0;
      pending.unshift(...parts);
      continue;
    }
    resolved.push(part);
  }
  if (last === '..') return join(root, ...resolved.slice(0, -1));
  return join(root, ...resolved, last);
}

async function removeAll(path: string): Promise<void> {
  await fs.rm(path, { recursive: true, force: true });
}

/** Applies one layer tar (gzip or plain) onto `root`. */
export async function applyLayer(root: string, input: Readable): Promise<void> {
  const ex = extract();
  /** Paths this layer made: an opaque marker keeps them and removes only lower layers' entries. */
  const written = new Set<string>();
  const opaque: string[] = [];
  const hardlinks: { path: string; target: string; header: Headers }[] = [];
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      applyEntry(root, header, stream as unknown as Readable, written, opaque, hardlinks).then(() => next(), (e: unknown) => { stream.resume(); reject(e); });
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  const first = await new Promise<Buffer>((resolve, reject) => {
    input.once('readable', () => resolve((input.read(2) as Buffer | null) ?? Buffer.alloc(0)));
    input.once('error', reject);
  });
  const source = new PassThrough();
  source.write(first);
  input.pipe(source);
  if (first[0] === 0x28 && first[1] === 0xb5) throw new UnpackError('zstd-compressed layers are not supported');
  (first[0] === 0x1f && first[1] === 0x8b ? source.pipe(createGunzip()).on('error', (e) => ex.destroy(e)) : source).pipe(ex);
  await done;
  for (const dir of opaque) {
    const entries = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of entries) if (!written.has(join(dir, name))) await removeAll(join(dir, name));
  }
  for (const { path, target, header } of hardlinks) {
    await removeAll(path);
    await fs.link(await resolveInRoot(root, target), path);
    await setMetadata(path, header, false);
  }
}

async function applyEntry(root: string, header: Headers, stream: Readable, written: Set<string>, opaque: string[], hardlinks: { path: string; target: string; header: Headers }[]): Promise<void> {
  const name = posix.normalize(`/${header.name}`);
  const base = posix.basename(name);
  const path = await resolveInRoot(root, name);
  const drain = async (): Promise<void> => { stream.resume(); await new Promise<void>((r) => stream.on('end', r)); };
  if (path === root) { await drain(); return; }
  if (base === opaqueMarker) {
    opaque.push(dirname(path));
    await drain();
    return;
  }
  if (base.startsWith(whiteoutPrefix)) {
    await removeAll(join(dirname(path), base.slice(whiteoutPrefix.length)));
    await drain();
    return;
  }
  await fs.mkdir(dirname(path), { recursive: true });
  written.add(path);
  switch (header.type) {
    case 'directory': {
      const st = await fs.lstat(path).catch(() => undefined);
      if (st && !st.isDirectory()) await removeAll(path);
      await fs.mkdir(path, { recursive: true });
      await drain();
      await setMetadata(path, header, false);
      return;
    }
    case 'file':
    case 'contiguous-file': {
      await removeAll(path);
      const handle = await fs.open(path, 'wx', 0o600);
      try {
        for await (const chunk of stream) await handle.write(chunk as Buffer);
      } finally {
        await handle.close();
      }
      await setMetadata(path, header, false);
      return;
    }
    case 'symlink':
      await removeAll(path);
      await fs.symlink(header.linkname ?? '', path);
      await drain();
      await setMetadata(path, header, true);
      return;
    case 'link':
      // Made after the whole layer is read: the target may come later in the tar.
      hardlinks.push({ path, target: header.linkname ?? '', header });
      await drain();
      return;
    default:
      // Device nodes, FIFOs and the like: runc makes /dev; image device files are not created.
      written.delete(path);
      await drain();
  }
}

async function setMetadata(path: string, header: Headers, symlink: boolean): Promise<void> {
  if (process.getuid?.() === 0) await fs.lchown(path, header.uid ?? 0, header.gid ?? 0);
  if (!symlink && header.mode !== undefined) await fs.chmod(path, header.mode & 0o7777);
  const mtime = header.mtime ?? new Date(0);
  await fs.lutimes(path, mtime, mtime);
}

/**
 * Unpacks an image's layers (once per manifest) and returns the directory. Built in a temporary directory
 * and renamed into place, so a crash leaves no half-made root.
 */
export class ImageUnpacker {
  readonly #store: ImageStore;
  readonly #inFlight = new Map<string, Promise<string>>();
  constructor(store: ImageStore) {
    this.#store = store;
  }
  dirOf(image: ImageRecord): string {
    return this.rootOf(image.manifestDigest);
  }
  /** Where the image with this manifest digest is (or would be) unpacked. */
  rootOf(manifestDigest: string): string {
    return join(this.#store.dir, 'rootfs', manifestDigest.replace(/^sha256:/, ''));
  }
  /**
   * Removes an image's unpacked root (image garbage collection; the caller knows no container uses it). Renamed
   * aside first, so unpack() never finds a half-removed root; a missing root is fine.
   */
  async remove(manifestDigest: string): Promise<void> {
    const dir = this.rootOf(manifestDigest);
    const aside = `${dir}.removing-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await fs.rename(dir, aside);
    } catch (e: unknown) {
      if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return;
      throw e;
    }
    await removeAll(aside);
  }
  /**
   * Removes what is left under rootfs/ (image GC): roots of images keep() declines (their image went without them:
   * a removal that stopped half-way, a reference moved to another manifest), roots set aside for removal, and
   * unpacks of earlier processes. Returns the names removed.
   */
  async removeLeftovers(keep: (manifestDigest: string) => boolean): Promise<string[]> {
    const base = join(this.#store.dir, 'rootfs');
    const removed: string[] = [];
    for (const name of await fs.readdir(base).catch(() => [] as string[])) {
      const digest = /^[a-f0-9]{64}$/.test(name) ? `sha256:${name}` : undefined;
      const stale = digest ? !keep(digest) : name.includes('.removing-') || (/\.tmp-\d+-\d+$/.test(name) && !name.includes(`.tmp-${process.pid}-`));
      if (!stale) continue;
      if (digest) await this.remove(digest);
      else await removeAll(join(base, name));
      removed.push(name);
    }
    return removed;
  }
  unpack(image: ImageRecord): Promise<string> {
    const dir = this.dirOf(image);
    if (existsSync(dir)) return Promise.resolve(dir);
    let p = this.#inFlight.get(dir);
    if (!p) {
      p = this.#unpack(image, dir).finally(() => this.#inFlight.delete(dir));
      this.#inFlight.set(dir, p);
    }
    return p;
  }
  async #unpack(image: ImageRecord, dir: string): Promise<string> {
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    await removeAll(tmp);
    await fs.mkdir(tmp, { recursive: true, mode: 0o755 });
    try {
      for (const layer of image.manifest.layers) {
        if (!this.#store.hasBlob(layer.digest)) throw new UnpackError(`layer ${layer.digest} of ${image.reference} is not in the image store`);
        await applyLayer(tmp, createReadStream(this.#store.blobPath(layer.digest)));
      }
      await fs.rename(tmp, dir);
    } catch (e: unknown) {
      await removeAll(tmp);
      throw e;
    }
    return dir;
  }
}
