// What runc-backed runtime tests share (runc in this process, and the runtime process): whether runc can run
// here, a busybox image, and the shell lines that behave as a conformance Program says. Exports only.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Program } from '../runtime.case.test.js';

/** Why runc containers cannot run here, or undefined when they can. */
export function runcSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'runc needs root (namespaces, overlay mounts, cgroups)';
  try { execFileSync('runc', ['--version'], { stdio: 'ignore' }); } catch { return 'runc is not installed (apt-get install -y runc)'; }
  if (!existsSync('/bin/busybox')) return 'the test image needs /bin/busybox (apt-get install -y busybox-static)';
  return undefined;
}

/** An unpacked image at dir with busybox and the applets the programs use. */
export async function busyboxImage(dir: string): Promise<string> {
  await mkdir(join(dir, 'bin'), { recursive: true });
  await copyFile('/bin/busybox', join(dir, 'bin', 'busybox'));
  for (const applet of ['sh', 'sleep', 'cat', 'echo']) await symlink('busybox', join(dir, 'bin', applet));
  return dir;
}

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

/** A busybox shell line that behaves as described (PID 1 ignores signals it has no handler for: trap them). */
export function shellProgram(p: Program): string[] {
  if (p.echoStdin) return ['/bin/sh', '-c', `cat; exit ${p.exitCode ?? 0}`];
  const print = [...(p.stdout ?? []).map((l) => `echo ${quote(l)}`), ...(p.stderr ?? []).map((l) => `echo ${quote(l)} >&2`)];
  const wait = p.runsMs !== undefined ? `sleep ${p.runsMs / 1000} & wait` : 'sleep 3600 & wait';
  const trap = p.ignoresTerm ? "trap '' TERM" : "trap 'exit 143' TERM";
  return ['/bin/sh', '-c', [trap, ...print, wait, `exit ${p.exitCode ?? 0}`].join('; ')];
}
