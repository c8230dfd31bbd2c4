// The node's image store: content-addressed blobs (`<data-dir>/images/blobs/sha256/<hex>`, digests
// verified on the way in) and a table of references to manifest digests (`images/tags.json`, replaced
// atomically, so an agent reading it while `skiff images import` runs sees the old or the new table).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, openSync, closeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { normalizeReference } from './reference.js';

export interface Descriptor { mediaType: string; digest: string; size: number; annotations?: Record<string, string>; platform?: { os?: string; architecture?: string; variant?: string } }
export interface ImageManifest { schemaVersion: 2; mediaType?: string; config: Descriptor; layers: Descriptor[] }
export interface ImageConfig { architecture?: string; os?: string; config?: { Env?: string[]; Cmd?: string[]; Entrypoint?: string[]; WorkingDir?: string; User?: string }; rootfs?: { type: string; diff_ids: string[] } }

export interface ImageRecord {
  readonly reference: string;
  readonly manifestDigest: string;
  readonly manifest: ImageManifest;
  readonly config: ImageConfig;
}

/** An image in the store: its manifest digest, the references naming it, and the blobs it needs (the manifest's first). */
export interface StoredImage {
  readonly manifestDigest: string;
  readonly references: readonly string[];
  readonly blobs: readonly Descriptor[];
}

export class DigestMismatchError extends Error {
  override name = 'DigestMismatch';
}

const hexOf = (digest: string): string => {
  const m = /^sha256:([a-f0-9]{64})$/.exec(digest);
  if (!m) throw new DigestMismatchError(`unsupported digest "${digest}" (sha256 only)`);
  return m[1]!;
};

export class ImageStore {
  readonly dir: string;
  constructor(dataDir: string) {
    this.dir = join(dataDir, 'images');
    mkdirSync(join(this.dir, 'blobs', 'sha256'), { recursive: true });
  }

  blobPath(digest: string): string {
    return join(this.dir, 'blobs', 'sha256', hexOf(digest));
  }
  hasBlob(digest: string): boolean {
    return existsSync(this.blobPath(digest));
  }
  blobSize(digest: string): number {
    return statSync(this.blobPath(digest)).size;
  }
  readBlob(digest: string): Buffer {
    return readFileSync(this.blobPath(digest));
  }

  /** Stores a stream as a blob; its sha256 must equal expected when given. Returns the digest and size. */
  async putStream(data: Readable, expected?: string): Promise<{ digest: string; size: number }> {
    const tmp = join(this.dir, `.tmp-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(data, async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      }, createWriteStream(tmp));
      const digest = `sha256:${hash.digest('hex')}`;
      if (expected && expected !== digest) throw new DigestMismatchError(`digest mismatch: expected ${expected}, got ${digest}`);
      const fd = openSync(tmp, 'r');
      fsyncSync(fd);
      closeSync(fd);
      renameSync(tmp, this.blobPath(digest));
      return { digest, size };
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  async putBuffer(data: Buffer, expected?: string): Promise<{ digest: string; size: number }> {
    const { Readable } = await import('node:stream');
    return this.putStream(Readable.from([data]), expected);
  }

  async putFile(path: string, expected?: string): Promise<{ digest: string; size: number }> {
    return this.putStream(createReadStream(path), expected);
  }

  #tagsPath(): string {
    return join(this.dir, 'tags.json');
  }
  #readTags(): Record<string, string> {
    try {
      return JSON.parse(readFileSync(this.#tagsPath(), 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  /** Points a reference at a stored manifest (its config and layers must be stored). */
  tag(reference: string, manifestDigest: string): string {
    const manifest = JSON.parse(this.readBlob(manifestDigest).toString('utf8')) as ImageManifest;
    for (const d of [manifest.config, ...manifest.layers]) {
      if (!this.hasBlob(d.digest)) throw new Error(`image ${reference}: blob ${d.digest} is missing`);
    }
    const ref = normalizeReference(reference);
    const tags = this.#readTags();
    tags[ref] = manifestDigest;
    this.#writeTags(tags);
    return ref;
  }

  #writeTags(tags: Record<string, string>): void {
    const tmp = `${this.#tagsPath()}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, JSON.stringify(tags, null, 2));
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.#tagsPath());
  }

  /** The image a reference names (re-read each time: imports may happen while the agent runs). */
  resolve(reference: string): ImageRecord | undefined {
    const ref = normalizeReference(reference);
    const manifestDigest = this.#readTags()[ref];
    if (!manifestDigest || !this.hasBlob(manifestDigest)) return undefined;
    const manifest = JSON.parse(this.readBlob(manifestDigest).toString('utf8')) as ImageManifest;
    const config = JSON.parse(this.readBlob(manifest.config.digest).toString('utf8')) as ImageConfig;
    return { reference: ref, manifestDigest, manifest, config };
  }

  /**
   * The stored images by manifest digest (an image's identity: every reference naming it goes with it), each with
   * the blobs it needs. References whose manifest or blobs are missing are left out.
   */
  images(): StoredImage[] {
    const byDigest = new Map<string, string[]>();
    for (const [reference, digest] of Object.entries(this.#readTags()).sort(([a], [b]) => a.localeCompare(b))) {
      byDigest.set(digest, [...(byDigest.get(digest) ?? []), reference]);
    }
    return [...byDigest].flatMap(([manifestDigest, references]) => {
      const blobs = this.#blobsOf(manifestDigest);
      return blobs?.every((b) => this.hasBlob(b.digest)) ? [{ manifestDigest, references, blobs }] : [];
    });
  }

  /** The manifest digests references name (whatever their blobs). */
  referencedManifests(): Set<string> {
    return new Set(Object.values(this.#readTags()));
  }

  /** The manifest, config and layer blobs a stored manifest names, with their sizes; undefined when it is unreadable. */
  #blobsOf(manifestDigest: string): Descriptor[] | undefined {
    try {
      const manifest = JSON.parse(this.readBlob(manifestDigest).toString('utf8')) as ImageManifest;
      return [{ mediaType: manifest.mediaType ?? '', digest: manifestDigest, size: this.blobSize(manifestDigest) }, manifest.config, ...manifest.layers];
    } catch {
      return undefined;
    }
  }

  /**
   * Removes an image (CRI's RemoveImage): every reference to the manifest, then its manifest, config and layer
   * blobs that no remaining image needs. The table is rewritten first, so a crash between the two steps leaves
   * unreferenced blobs, never a reference to a missing one. Returns the references removed.
   */
  removeImage(manifestDigest: string): string[] {
    const tags = this.#readTags();
    const removed = Object.keys(tags).filter((ref) => tags[ref] === manifestDigest).sort();
    const blobs = this.#blobsOf(manifestDigest) ?? [{ digest: manifestDigest }];
    for (const ref of removed) delete tags[ref];
    if (removed.length) this.#writeTags(tags);
    const kept = new Set(Object.values(tags).flatMap((d) => (this.#blobsOf(d) ?? []).map((b) => b.digest)));
    for (const b of blobs) if (!kept.has(b.digest)) rmSync(this.blobPath(b.digest), { force: true });
    return removed;
  }

  list(): { reference: string; manifestDigest: string; size: number }[] {
    return Object.entries(this.#readTags()).sort(([a], [b]) => a.localeCompare(b)).flatMap(([reference, manifestDigest]) => {
      const img = this.resolve(reference);
      return img ? [{ reference, manifestDigest, size: img.manifest.layers.reduce((n, l) => n + l.size, img.manifest.config.size) }] : [];
    });
  }
}
