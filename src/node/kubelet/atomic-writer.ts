// The kubelet's AtomicWriter layout for configMap, secret, downwardAPI and projected volumes: the files live
// in a timestamped `..<time>` directory, `..data` is a symlink to it, and every top-level name the user sees
// is a symlink through `..data`. An update writes a new directory and swaps `..data` with one rename, so a
// reader in the container sees the old set or the new one, never a mix. Unchanged content writes nothing.
import { promises as fs } from 'node:fs';
import { dirname, join, posix } from 'node:path';

export interface ProjectedFile { path: string; content: Buffer; mode: number }

export class InvalidPathError extends Error {
  override name = 'InvalidPath';
}

/** The normalised relative paths, or an InvalidPathError for absolute paths, '..' and the reserved '..' names. */
export function checkPaths(files: readonly ProjectedFile[]): string[] {
  return files.map((f) => {
    const rel = posix.normalize(f.path);
    if (rel.startsWith('..') || rel.startsWith('/') || rel === '.' || rel === '') throw new InvalidPathError(`invalid path "${f.path}": must be relative and may not contain '..'`);
    return rel;
  });
}

async function currentFiles(dir: string): Promise<Map<string, { content: Buffer; mode: number }> | undefined> {
  const data = join(dir, '..data');
  const target = await fs.readlink(data).catch(() => undefined);
  if (!target) return undefined;
  const out = new Map<string, { content: Buffer; mode: number }>();
  const walk = async (rel: string): Promise<void> => {
    for (const e of await fs.readdir(join(dir, target, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else {
        const full = join(dir, target, p);
        out.set(p, { content: await fs.readFile(full), mode: (await fs.stat(full)).mode & 0o777 });
      }
    }
  };
  await walk('');
  return out;
}

/** Writes the volume's files; returns whether anything changed. */
export async function writeAtomic(dir: string, files: readonly ProjectedFile[], now: Date = new Date()): Promise<boolean> {
  const paths = checkPaths(files);
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const current = await currentFiles(dir);
  if (current && current.size === files.length && files.every((f, i) => {
    const c = current.get(paths[i]!);
    return c !== undefined && c.mode === (f.mode & 0o777) && c.content.equals(f.content);
  })) return false;
  const stamp = `..${now.toISOString().replace(/[-:]/g, '_').replace(/\..*$/, '')}.${process.hrtime.bigint().toString().slice(-9)}`;
  const fresh = join(dir, stamp);
  await fs.mkdir(fresh, { mode: 0o755 });
  for (const [i, f] of files.entries()) {
    const target = join(fresh, paths[i]!);
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.writeFile(target, f.content, { mode: f.mode });
    await fs.chmod(target, f.mode);
  }
  const oldTarget = await fs.readlink(join(dir, '..data')).catch(() => undefined);
  await fs.rm(join(dir, '..data_tmp'), { force: true });
  await fs.symlink(stamp, join(dir, '..data_tmp'));
  await fs.rename(join(dir, '..data_tmp'), join(dir, '..data'));
  // The user-visible names: one symlink per top-level entry, through ..data.
  const top = new Set(paths.map((p) => p.split('/')[0]!));
  for (const name of top) {
    const link = join(dir, name);
    const existing = await fs.readlink(link).catch(() => undefined);
    if (existing !== `..data/${name}`) {
      await fs.rm(link, { recursive: true, force: true });
      await fs.symlink(`..data/${name}`, link);
    }
  }
  for (const name of await fs.readdir(dir)) {
    if (!name.startsWith('..') && !top.has(name)) await fs.rm(join(dir, name), { recursive: true, force: true });
  }
  if (oldTarget && oldTarget !== stamp) await fs.rm(join(dir, oldTarget), { recursive: true, force: true });
  return true;
}
