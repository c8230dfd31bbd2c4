// NodeVolumeHost on this machine's filesystem: the embedded node of `skiff server` creates, scrubs and
// removes volume directories here (a remote agent will serve the same contract for its own node).
import { execFile } from 'node:child_process';
import { chmod, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { promisify } from 'node:util';
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

  /**
   * `cp -a --reflink=auto` (clones extents where the filesystem can, copies otherwise) into `<target>.partial`,
   * renamed to `target` once complete, so a copy cut short never looks like a finished one.
   */
  async copyDirectory(source: string, target: string): Promise<{ sizeBytes: number }> {
    const from = checkedPath(source);
    const to = checkedPath(target);
    if (await exists(to)) throw new Error(`Cannot copy "${from}" to "${to}": the target exists`);
    const partial = `${to}.partial`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(dirname(to), { recursive: true });
    try {
      await run('cp', ['-a', '--reflink=auto', '--', from, partial]);
      await rename(partial, to);
    } catch (e: unknown) {
      await rm(partial, { recursive: true, force: true });
      throw new Error(`Cannot copy "${from}" to "${to}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const { stdout } = await run('du', ['-s', '--bytes', '--', to]);
    return { sizeBytes: Number.parseInt(stdout, 10) || 0 };
  }
}

const run = promisify(execFile);

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
