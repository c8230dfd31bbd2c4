// NodeVolumeHost on this machine's filesystem: the embedded node of `skiff server` creates, scrubs and
// removes volume directories here (a remote agent will serve the same contract for its own node).
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import type { NodeVolumeHost } from '../../client/index.js';

/** Refuses paths that would turn a volume operation into damage: relative paths and the root. */
function checkedPath(path: string): string {
  const p = normalize(path);
  if (!isAbsolute(p) || p === '/') throw new RangeError(`Cannot use volume path "${path}": must be an absolute path below "/"`);
  return p;
}

export class LocalVolumeHost implements NodeVolumeHost {
  readonly storageDir: string;

  constructor(options: { storageDir: string }) {
    this.storageDir = checkedPath(options.storageDir);
  }

  async createDirectory(path: string): Promise<void> {
    const p = checkedPath(path);
    await mkdir(p, { recursive: true, mode: 0o777 });
    // mkdir's mode is filtered by the umask; local-path volumes are world-writable so any pod user can write.
    await chmod(p, 0o777);
  }

  async removeDirectory(path: string): Promise<void> {
    await rm(checkedPath(path), { recursive: true, force: true });
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
