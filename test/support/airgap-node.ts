// A `skiff server` whose embedded agent runs real pods (runc, as root) from a busybox image placed in its
// airgap directory: no registry needed. For the real node's e2e tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlAvailable, startSkiff, type SkiffProcess } from './skiff-process.js';
import { busyboxAvailable, busyboxLayer, dockerSaveArchive } from './test-images.js';

/** Why a real node cannot run pods here (printed as a skip), or false. */
export function realNodeSkip(what: string): string | false {
  const runc = ((): boolean => { try { execFileSync('runc', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
  const skip = process.getuid?.() !== 0 ? 'needs root (runc, cgroups, mounts)' : !runc ? 'runc is not installed'
    : !busyboxAvailable() ? 'busybox-static is not installed' : !kubectlAvailable() ? 'kubectl is not on PATH' : false;
  if (skip) process.stdout.write(`# skipping ${what}: ${skip}\n`);
  return skip;
}

export interface AirgapNode { s: SkiffProcess; stop(): Promise<void> }

/** Starts the server with its node named `node` and `image` (busybox, Cmd sh) imported from the airgap directory. */
export async function startAirgapNode(node: string, image: string): Promise<AirgapNode> {
  const dir = mkdtempSync(join(tmpdir(), `skiff-${node}-`));
  mkdirSync(join(dir, 'agent', 'images'), { recursive: true });
  writeFileSync(join(dir, 'agent', 'images', 'busybox.tar'), await dockerSaveArchive(image, [await busyboxLayer()], { config: { Cmd: ['sh'] } }));
  const s = await startSkiff({ agent: true, dataDir: dir, args: ['--node-name', node] }).catch((e: unknown) => { rmSync(dir, { recursive: true, force: true }); throw e; });
  return {
    s,
    async stop() {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
