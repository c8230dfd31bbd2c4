// Rotation of the audit log file (the behaviour of kube-apiserver's lumberjack logger, pure): the name a rotated
// file gets, and which rotated files --audit-log-maxbackup and --audit-log-maxage remove.
import { basename, dirname, extname, join } from 'node:path';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `<dir>/<name>-2006-01-02T15-04-05.000<ext>` in UTC for `<dir>/<name><ext>`. */
export function backupName(path: string, at: Date): string {
  const ext = extname(path);
  const stem = basename(path, ext);
  const t = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}T${pad(at.getUTCHours())}-${pad(at.getUTCMinutes())}-${pad(at.getUTCSeconds())}.${pad(at.getUTCMilliseconds(), 3)}`;
  return join(dirname(path), `${stem}-${t}${ext}`);
}

/** The time in the name of a rotated file of path (a file name in its directory), or undefined for other files. */
export function backupTime(path: string, file: string): Date | undefined {
  const ext = extname(path);
  const stem = basename(path, ext);
  if (!file.startsWith(`${stem}-`) || !file.endsWith(ext)) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})$/.exec(file.slice(stem.length + 1, file.length - ext.length));
  if (!m) return undefined;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
}

/**
 * The rotated files (names in path's directory) to remove: beyond the newest maxBackups (0: keep any number) and
 * older than maxAgeDays (0: any age).
 */
export function backupsToRemove(path: string, files: readonly string[], now: Date, limits: { maxBackups: number; maxAgeDays: number }): string[] {
  const backups = files.flatMap((f) => {
    const t = backupTime(path, f);
    return t ? [{ f, t: t.getTime() }] : [];
  }).sort((a, b) => b.t - a.t);
  const remove = new Set<string>();
  if (limits.maxBackups > 0) for (const b of backups.slice(limits.maxBackups)) remove.add(b.f);
  if (limits.maxAgeDays > 0) {
    const cutoff = now.getTime() - limits.maxAgeDays * 24 * 3600_000;
    for (const b of backups) if (b.t < cutoff) remove.add(b.f);
  }
  return backups.filter((b) => remove.has(b.f)).map((b) => b.f);
}
