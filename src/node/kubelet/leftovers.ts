// At agent start: what an earlier run of this node left behind. Today everything goes — its containers are
// stopped and removed, its sandboxes and pod directories too — and the pods start over from the API's state.
// (Adoption, keeping what still runs, replaces this: issue 19.)
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { CommandRunner } from '../runtime/exec.js';

export async function removeLeftovers(runtime: ContainerRuntime, options: { podsDir: string; run: CommandRunner }): Promise<void> {
  for (const c of await runtime.listContainers()) {
    await runtime.stopContainer(c.id, { gracePeriodMs: 0 }).catch(() => undefined);
    await runtime.removeContainer(c.id).catch(() => undefined);
  }
  for (const s of await runtime.listSandboxes()) await runtime.removeSandbox(s.podUid);
  for (const uid of await fs.readdir(options.podsDir).catch(() => [] as string[])) {
    const dir = join(options.podsDir, uid);
    // Mounts a pod directory may still hold: Memory emptyDirs (tmpfs), and the namespace files of sandboxes made
    // before sandboxes had their own directory.
    const emptyDirs = join(dir, 'volumes', 'kubernetes.io~empty-dir');
    const mounts = [...['net', 'uts', 'ipc'].map((k) => join(dir, 'ns', k)), ...(await fs.readdir(emptyDirs).catch(() => [] as string[])).map((n) => join(emptyDirs, n))];
    for (const m of mounts) if (existsSync(m)) await options.run('umount', [m]).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }
}
