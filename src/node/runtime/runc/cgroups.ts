// Per-container cgroups: the memory limit sits on a parent cgroup that Skiff owns, and runc puts the
// container in a child of it. runc removes its own cgroup when the container exits; the parent stays until
// Skiff has read whether the kernel's OOM killer fired there (memory overrun → OOMKilled). cgroup v1 and v2.
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';

const mountPoint = '/sys/fs/cgroup';

export function cgroupVersion(): 1 | 2 {
  return existsSync(join(mountPoint, 'cgroup.controllers')) ? 2 : 1;
}

/** The kernel's count of OOM kills from a memory.events or memory.oom_control text. */
export function parseOomKills(text: string): number {
  const m = /^oom_kill (\d+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

export class ContainerCgroup {
  /** The cgroup path (from the hierarchy's root) that runc is told to use. */
  readonly runcPath: string;
  readonly #path: string;
  readonly #version: 1 | 2;
  constructor(path: string, version: 1 | 2 = cgroupVersion()) {
    this.#path = path;
    this.runcPath = `${path}/ctr`;
    this.#version = version;
  }
  #memoryDir(): string {
    return this.#version === 2 ? join(mountPoint, this.#path) : join(mountPoint, 'memory', this.#path);
  }
  async create(memoryLimitBytes: number | undefined): Promise<void> {
    const dir = this.#memoryDir();
    if (this.#version === 2) {
      // Each ancestor must hand the memory controller down (cgroup.subtree_control).
      const parts = this.#path.split('/').filter(Boolean);
      for (let i = 0; i < parts.length; i++) {
        const here = join(mountPoint, ...parts.slice(0, i));
        await fs.mkdir(join(mountPoint, ...parts.slice(0, i + 1)), { recursive: true });
        await fs.writeFile(join(here, 'cgroup.subtree_control'), '+memory +cpu +pids').catch(() => undefined);
      }
      if (memoryLimitBytes !== undefined) await fs.writeFile(join(dir, 'memory.max'), String(memoryLimitBytes));
      await fs.writeFile(join(dir, 'memory.swap.max'), '0').catch(() => undefined);
      return;
    }
    await fs.mkdir(dir, { recursive: true });
    if (memoryLimitBytes !== undefined) {
      await fs.writeFile(join(dir, 'memory.limit_in_bytes'), String(memoryLimitBytes));
      // No swap beyond the limit, where the kernel accounts swap at all.
      await fs.writeFile(join(dir, 'memory.memsw.limit_in_bytes'), String(memoryLimitBytes)).catch(() => undefined);
    }
  }
  /**
   * Whether the kernel's OOM killer ended the container. v2's memory.events counts kills in the subtree. v1 counts
   * them in the victim's own cgroup, which runc has removed by now: there a SIGKILL exit (137) after the usage
   * reached the limit (memory.max_usage_in_bytes) is the OOM kill.
   */
  async oomKilled(exitCode: number): Promise<boolean> {
    const read = (file: string): Promise<string> => fs.readFile(join(this.#memoryDir(), file), 'utf8').catch(() => '');
    if (this.#version === 2) return parseOomKills(await read('memory.events')) > 0;
    if (parseOomKills(await read('memory.oom_control')) > 0) return true;
    if (exitCode !== 137) return false;
    const limit = Number((await read('memory.limit_in_bytes')).trim() || 'NaN');
    const peak = Number((await read('memory.max_usage_in_bytes')).trim() || '0');
    return peak >= limit;
  }
  /** Removes the container's cgroups (runc made the path's parents in every v1 hierarchy too). */
  async remove(): Promise<void> {
    const roots = this.#version === 2 ? [mountPoint] : (await fs.readdir(mountPoint).catch(() => [] as string[])).map((h) => join(mountPoint, h));
    for (const root of roots) {
      await fs.rmdir(join(root, this.#path, 'ctr')).catch(() => undefined);
      await fs.rmdir(join(root, this.#path)).catch(() => undefined);
    }
  }
}
