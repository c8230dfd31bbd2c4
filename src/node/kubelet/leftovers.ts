// At agent start: what an earlier run of this node left behind. Today everything goes — its containers are
// stopped and removed, its sandboxes and pod directories too — and the pods start over from the API's state.
// (Adoption, keeping what still runs, replaces this: issue 19.)
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ContainerRuntime } from '../runtime/container-runtime.js';

export async function removeLeftovers(runtime: ContainerRuntime, podsDir: string): Promise<void> {
  for (const c of await runtime.listContainers()) {
    await runtime.stopContainer(c.id, { gracePeriodMs: 0 }).catch(() => undefined);
    await runtime.removeContainer(c.id).catch(() => undefined);
  }
  for (const s of await runtime.listSandboxes()) await runtime.removeSandbox(s.podUid);
  for (const uid of await fs.readdir(podsDir).catch(() => [] as string[])) await fs.rm(join(podsDir, uid), { recursive: true, force: true });
}
