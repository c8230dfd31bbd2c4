// Container log rotation as kubelet's container log manager does it (pkg/kubelet/logs): the names rotated files
// get, which rotated files are compressed or removed (pure), and the file operations CriLogWriter runs for it.
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** kubelet's containerLogMaxSize and containerLogMaxFiles, as plain data (it crosses to the runtime as JSON). */
export interface LogRotation {
  /** The current file is rotated before a record would take it past this many bytes. */
  maxBytes: number;
  /** The files kept per container log, the current one included; at least 2. */
  maxFiles: number;
}

/** Throws RangeError unless maxBytes is a positive integer and maxFiles an integer above 1 (upstream's rule). */
export function checkLogRotation(rotation: LogRotation): void {
  if (!Number.isSafeInteger(rotation.maxBytes) || rotation.maxBytes < 1) throw new RangeError(`Cannot rotate container logs: "maxBytes" must be a positive integer, not ${rotation.maxBytes}`);
  if (!Number.isSafeInteger(rotation.maxFiles) || rotation.maxFiles < 2) throw new RangeError(`Cannot rotate container logs: "maxFiles" must be an integer greater than 1, not ${rotation.maxFiles}`);
}

const compressSuffix = '.gz';
const tmpSuffix = '.tmp';
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * `<log>.<YYYYMMDD-HHMMSS>`: upstream's name for a rotated log (Go's "20060102-150405" of the kubelet's local
 * time). Names sort in time order, so a second rotation within the same second has no name of its own.
 */
export function rotatedLogName(path: string, at: Date): string {
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `${path}.${stamp}`;
}

const rotatedPattern = /^\.\d{8}-\d{6}(?:\.gz|\.tmp)?$/;

/** What to do with the files of a log's directory after a rotation (names, not paths). */
export interface RotatedLogPlan {
  /** Temporary files of an interrupted compression, rotated files already compressed, and the oldest beyond maxFiles. */
  remove: string[];
  /** Rotated files that stay: every one but the newest is compressed (the newest may still be read in full). */
  compress: string[];
}

/**
 * Upstream's rotateLog over a directory listing: rotated files of `log` (a file name) other than the newest
 * are gzip-compressed, and the oldest go so that at most maxFiles remain with the current file. Other files
 * of the directory are left alone.
 */
export function planRotatedLogs(log: string, names: readonly string[], maxFiles: number): RotatedLogPlan {
  const rotated = names.filter((n) => n.startsWith(log) && rotatedPattern.test(n.slice(log.length)));
  const present = new Set(rotated);
  // Unused, as upstream's isInUse: temporary files, and a file whose compressed copy was finished.
  const unused = rotated.filter((n) => n.endsWith(tmpSuffix) || (!n.endsWith(compressSuffix) && present.has(n + compressSuffix)));
  const inUse = rotated.filter((n) => !unused.includes(n)).sort();
  const keep = Math.max(0, maxFiles - 1);
  const excess = inUse.slice(0, Math.max(0, inUse.length - keep));
  const kept = inUse.slice(excess.length);
  return { remove: [...unused, ...excess], compress: kept.slice(0, -1).filter((n) => !n.endsWith(compressSuffix)) };
}

/**
 * Renames the closed current file to its rotated name; false (nothing renamed) when a file of that name is
 * there already: then the current file grows on until the next second.
 */
export async function rotateLogFile(path: string, at: Date): Promise<boolean> {
  const to = rotatedLogName(path, at);
  const taken = await Promise.all([to, to + compressSuffix].map((p) => fs.access(p).then(() => true, () => false)));
  if (taken.includes(true)) return false;
  await fs.rename(path, to);
  return true;
}

/** Compresses and removes rotated files of path as planRotatedLogs says. Rejects on the first failure. */
export async function tidyRotatedLogs(path: string, maxFiles: number): Promise<void> {
  const dir = dirname(path);
  const plan = planRotatedLogs(basename(path), await fs.readdir(dir), maxFiles);
  for (const name of plan.remove) await fs.rm(join(dir, name), { force: true });
  for (const name of plan.compress) await compressLog(join(dir, name));
}

/** `<file>.gz` through `<file>.tmp`, then the original goes (upstream's compressLog). */
async function compressLog(file: string): Promise<void> {
  const tmp = file + tmpSuffix;
  try {
    await pipeline(createReadStream(file), createGzip(), createWriteStream(tmp, { mode: 0o640 }));
    await fs.rename(tmp, file + compressSuffix);
  } finally {
    await fs.rm(tmp, { force: true });
  }
  await fs.rm(file, { force: true });
}
