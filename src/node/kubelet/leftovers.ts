// What the node holds for pods this kubelet does not run: orphans. At start, once the pod watch has synced,
// the containers, sandboxes (with their pod network) and pod directories of pods no longer in the API are
// stopped and removed (kubelet's orphan cleanup); what belongs to the pods it runs is kept and adopted. When the
// runtime process itself started afresh, nothing an earlier one ran can be adopted: everything goes.
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { CommandRunner } from '../runtime/exec.js';

export interface LeftoverEnv {
  podsDir: string;
  run: CommandRunner;
  /** Detaches the pod network of a pod (its veth and IP); absent: left to the sandbox's removal. */
  detach?(podUid: string): Promise<void>;
  /** The pods holding a pod IP: those not kept give it back (detach). */
  networkOwners?(): readonly string[];
}

/** Removes what belongs to pods `keep` says no to; returns their uids. */
export async function removeOrphans(runtime: ContainerRuntime, env: LeftoverEnv, keep: (podUid: string) => boolean): Promise<string[]> {
  const removed = new Set<string>();
  for (const c of await runtime.listContainers()) {
    if (keep(c.podUid)) continue;
    removed.add(c.podUid);
    await runtime.stopContainer(c.id, { gracePeriodMs: 0 }).catch(() => undefined);
    await runtime.removeContainer(c.id).catch(() => undefined);
  }
  for (const s of await runtime.listSandboxes()) {
    if (keep(s.podUid)) continue;
    removed.add(s.podUid);
    await env.detach?.(s.podUid).catch(() => undefined);
    await runtime.removeSandbox(s.podUid);
  }
  for (const uid of env.networkOwners?.() ?? []) {
    if (keep(uid)) continue;
    removed.add(uid);
    await env.detach?.(uid).catch(() => undefined);
  }
  for (const uid of await fs.readdir(env.podsDir).catch(() => [] as string[])) {
    if (keep(uid)) continue;
    removed.add(uid);
    const dir = join(env.podsDir, uid);
    // Mounts a pod directory may still hold: Memory emptyDirs (tmpfs), and the namespace files of sandboxes made
    // before sandboxes had their own directory.
    const emptyDirs = join(dir, 'volumes', 'kubernetes.io~empty-dir');
    const mounts = [...['net', 'uts', 'ipc'].map((k) => join(dir, 'ns', k)), ...(await fs.readdir(emptyDirs).catch(() => [] as string[])).map((n) => join(emptyDirs, n))];
    for (const m of mounts) if (existsSync(m)) await env.run('umount', [m]).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }
  return [...removed].sort();
}

/** Everything goes: the runtime's containers and sandboxes, and every pod directory. */
export async function removeLeftovers(runtime: ContainerRuntime, env: LeftoverEnv): Promise<void> {
  await removeOrphans(runtime, env, () => false);
}
