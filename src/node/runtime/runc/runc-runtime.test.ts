import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeConformance, type Program } from '../runtime.case.test.js';
import { RuncRuntime } from './runc-runtime.js';

function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'runc needs root (namespaces, overlay mounts, cgroups)';
  try { execFileSync('runc', ['--version'], { stdio: 'ignore' }); } catch { return 'runc is not installed (apt-get install -y runc)'; }
  if (!existsSync('/bin/busybox')) return 'the test image needs /bin/busybox (apt-get install -y busybox-static)';
  return undefined;
}

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

/** A busybox shell line that behaves as described (PID 1 ignores signals it has no handler for: trap them). */
function shell(p: Program): string[] {
  if (p.echoStdin) return ['/bin/sh', '-c', `cat; exit ${p.exitCode ?? 0}`];
  const print = [...(p.stdout ?? []).map((l) => `echo ${quote(l)}`), ...(p.stderr ?? []).map((l) => `echo ${quote(l)} >&2`)];
  const wait = p.runsMs !== undefined ? `sleep ${p.runsMs / 1000} & wait` : 'sleep 3600 & wait';
  const trap = p.ignoresTerm ? "trap '' TERM" : "trap 'exit 143' TERM";
  return ['/bin/sh', '-c', [trap, ...print, wait, `exit ${p.exitCode ?? 0}`].join('; ')];
}

const skip = skipReason();

runtimeConformance('runc', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-runc-runtime-'));
  const image = join(dir, 'image');
  await mkdir(join(image, 'bin'), { recursive: true });
  await copyFile('/bin/busybox', join(image, 'bin', 'busybox'));
  for (const applet of ['sh', 'sleep', 'cat', 'echo']) await symlink('busybox', join(image, 'bin', applet));
  const runtime = new RuncRuntime({ dataDir: join(dir, 'runtime') });
  return {
    runtime, imageRoot: image, dir, program: shell,
    elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
    close: async () => {
      for (const c of await runtime.listContainers()) await runtime.removeContainer(c.id);
      for (const s of await runtime.listSandboxes()) await runtime.removeSandbox(s.podUid);
      await rm(dir, { recursive: true, force: true });
    },
  };
}, skip !== undefined ? { skip } : {});
