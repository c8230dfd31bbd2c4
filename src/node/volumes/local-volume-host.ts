// NodeVolumeHost on this machine's filesystem: the embedded node of `skiff server` creates, scrubs, grows, copies
// and removes volume directories here (a remote agent will serve the same contract for its own node). With
// VolumeImages, a directory created with a capacity is a size-enforced volume (volume-images.ts).
import { chmod, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { NodeVolumeHost, VolumeSize } from '../../client/index.js';
import { runCommand as run } from '../runtime/exec.js';
import { imageFor, wholeBlocks } from './volume-image-plan.js';
import { volumeImageSupport, VolumeImages } from './volume-images.js';
import { errorMessage, type Logger } from '../../util/index.js';

/** Refuses paths that would turn a volume operation into damage: relative paths and the root. */
function checkedPath(path: string): string {
  const p = normalize(path);
  if (!isAbsolute(p) || p === '/') throw new RangeError(`Cannot use volume path "${path}": must be an absolute path below "/"`);
  return p;
}

export class LocalVolumeHost implements NodeVolumeHost {
  readonly storageDir: string;
  readonly #images: VolumeImages | undefined;
  /** Copies of one source run one at a time (a filesystem is frozen once). */
  readonly #copies = new Map<string, Promise<unknown>>();

  /** Without `images` (this machine cannot make them), volumes are plain directories. */
  constructor(options: { storageDir: string; images?: VolumeImages }) {
    this.storageDir = checkedPath(options.storageDir);
    this.#images = options.images;
  }

  /** Mounts the size-enforced volumes that are not mounted (at start, before any pod may use them). */
  async mountVolumes(): Promise<string[]> {
    return this.#images ? this.#images.mountAll(this.storageDir) : [];
  }

  async createDirectory(path: string, options: VolumeSize = {}): Promise<void> {
    const p = checkedPath(path);
    if (this.#images && options.capacityBytes !== undefined) {
      const image = imageFor(options.capacityBytes, options.fsType, { xfs: this.#images.xfs });
      return this.#images.create(p, image.bytes, image.fsType);
    }
    await mkdir(p, { recursive: true, mode: 0o777 });
    // mkdir's mode is filtered by the umask; local-path volumes are world-writable so any pod user can write.
    await chmod(p, 0o777);
  }

  async removeDirectory(path: string): Promise<void> {
    const p = checkedPath(path);
    if (this.#images?.isImageVolume(p)) return this.#images.remove(p);
    await rm(p, { recursive: true, force: true });
  }

  async expandVolume(path: string, capacityBytes: number): Promise<void> {
    const p = checkedPath(path);
    if (!this.#images?.isImageVolume(p)) return;
    await this.#images.expand(p, wholeBlocks(capacityBytes));
  }

  /**
   * Copies `source` as of one moment into `target`, which must not exist. Without a capacity (a snapshot) the
   * target is a plain directory: `cp -a --reflink=auto` (extents cloned where the filesystem can) into
   * `<target>.partial`, renamed once complete, so a copy cut short never looks finished. With one (a restore, a
   * clone) the target is a volume as createDirectory makes it, filled with `cp -a` and removed again when the copy
   * fails. A size-enforced source is frozen (fsfreeze) while it is copied, so the copy is the volume as of one
   * moment; a plain directory source is copied while writers may change it.
   */
  async copyDirectory(source: string, target: string, options: VolumeSize = {}): Promise<{ sizeBytes: number }> {
    const from = checkedPath(source);
    const to = checkedPath(target);
    const failed = (e: unknown): Error => new Error(`Cannot copy "${from}" to "${to}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    if (await exists(to)) throw new Error(`Cannot copy "${from}" to "${to}": the target exists`);
    if (this.#images && options.capacityBytes !== undefined) {
      await this.createDirectory(to, options);
      try {
        await this.#frozen(from, () => run('cp', ['-a', '--reflink=auto', '--', `${from}/.`, to]));
      } catch (e: unknown) {
        await this.removeDirectory(to);
        throw failed(e);
      }
    } else {
      const partial = `${to}.partial`;
      await rm(partial, { recursive: true, force: true });
      await mkdir(dirname(to), { recursive: true });
      try {
        await this.#frozen(from, () => run('cp', ['-a', '--reflink=auto', '--', from, partial]));
        await rename(partial, to);
      } catch (e: unknown) {
        await rm(partial, { recursive: true, force: true });
        throw failed(e);
      }
    }
    return { sizeBytes: Number.parseInt(await run('du', ['-s', '--bytes', '--', to]), 10) || 0 };
  }

  /** Runs fn with the size-enforced volume at path frozen (one copy of a source at a time); others as they are. */
  async #frozen<T>(path: string, fn: () => Promise<T>): Promise<T> {
    const images = this.#images;
    if (!images?.isImageVolume(path)) return fn();
    const next = (this.#copies.get(path) ?? Promise.resolve()).then(async () => {
      await images.freeze(path);
      try {
        return await fn();
      } finally {
        await images.thaw(path);
      }
    });
    const settled = next.catch(() => undefined);
    this.#copies.set(path, settled);
    void settled.then(() => { if (this.#copies.get(path) === settled) this.#copies.delete(path); });
    return next;
  }

  async emptyDirectory(path: string): Promise<void> {
    const p = checkedPath(path);
    let entries: string[];
    try {
      entries = await readdir(p);
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    await Promise.all(entries.map((e) => rm(join(p, e), { recursive: true, force: true })));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * The embedded node's volume host: size-enforced volumes where this machine can make them (root, loop devices,
 * mkfs), whose images are mounted now, before any pod can use them; plain directories elsewhere, said once.
 */
export async function startLocalVolumeHost(storageDir: string, logger: Logger): Promise<LocalVolumeHost> {
  const support = process.getuid?.() === 0 ? await volumeImageSupport() : { supported: false as const, reason: 'not running as root' };
  if (!support.supported) {
    logger.warn('local-path volumes are plain directories: their sizes are not enforced', { reason: support.reason });
    return new LocalVolumeHost({ storageDir });
  }
  const host = new LocalVolumeHost({ storageDir, images: new VolumeImages() });
  try {
    const mounted = await host.mountVolumes();
    if (mounted.length) logger.info('mounted local-path volumes', { volumes: mounted.length });
  } catch (e: unknown) {
    logger.error('local-path volumes not mounted: a pod using one sees the empty directory under its mount point', { error: errorMessage(e) });
  }
  return host;
}
