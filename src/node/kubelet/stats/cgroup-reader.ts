// Reads a cgroup's CPU and memory files, and the machine's (the root cgroup, /proc/meminfo, /proc/stat), for the
// stats collector and for eviction. cgroup v1 (cpuacct and memory hierarchies) and v2 (unified); the parsing is
// in cgroup-parse.ts, the file access is injected (tests read sample texts).
import { readFileSync } from 'node:fs';
import { cgroupUsageV1, cgroupUsageV2, machineUsage, parseMeminfo, parseProcStatCpuNs, type CgroupUsage } from './cgroup-parse.js';

/** Reads a whole file; rejects when it does not exist (a cgroup that is gone). */
export type ReadText = (path: string) => Promise<string>;

/** Where cgroup usage comes from. Every read is live (no cache). */
export interface CgroupReader {
  /**
   * The usage of the cgroup at `path` (from the hierarchy's root, e.g. "/skiff/<container id>"). Rejects when the
   * cgroup is gone (the container exited): the caller drops it.
   */
  cgroup(path: string): Promise<CgroupUsage>;
  /** The whole machine (the root cgroup); its limit is the machine's memory (MemTotal). */
  machine(): Promise<CgroupUsage>;
}

export interface FsCgroupReaderOptions {
  version: 1 | 2;
  read?: ReadText;
  /** Where the cgroup filesystems are mounted (default /sys/fs/cgroup). */
  mountPoint?: string;
  /** Where /proc is (default /proc). */
  proc?: string;
}

// cgroup and proc files are small and served by the kernel from memory: a synchronous read costs about a seventh
// of an asynchronous one's CPU (bench/stats-collector). The collector yields to the event loop between cgroups.
const readUtf8: ReadText = async (path) => readFileSync(path, 'utf8');

export class FsCgroupReader implements CgroupReader {
  readonly #version: 1 | 2;
  readonly #read: ReadText;
  readonly #mount: string;
  readonly #proc: string;

  constructor(options: FsCgroupReaderOptions) {
    this.#version = options.version;
    this.#read = options.read ?? readUtf8;
    this.#mount = options.mountPoint ?? '/sys/fs/cgroup';
    this.#proc = options.proc ?? '/proc';
  }

  async cgroup(path: string): Promise<CgroupUsage> {
    const p = path === '/' ? '' : path.replace(/\/$/, '');
    if (this.#version === 1) {
      const [cpuacctUsage, memoryUsage, memoryStat] = await Promise.all([
        this.#read(`${this.#mount}/cpuacct${p}/cpuacct.usage`),
        this.#read(`${this.#mount}/memory${p}/memory.usage_in_bytes`),
        this.#read(`${this.#mount}/memory${p}/memory.stat`),
      ]);
      return cgroupUsageV1({ cpuacctUsage, memoryUsage, memoryStat });
    }
    // A limit may sit on an ancestor (Skiff puts a container's on the cgroup above runc's): the tightest applies.
    const ancestors = p.split('/').filter(Boolean).map((_, i, parts) => `/${parts.slice(0, parts.length - i).join('/')}`);
    const [cpuStat, memoryCurrent, memoryStat, memoryMax] = await Promise.all([
      this.#read(`${this.#mount}${p}/cpu.stat`),
      this.#read(`${this.#mount}${p}/memory.current`),
      this.#read(`${this.#mount}${p}/memory.stat`),
      Promise.all(ancestors.map((a) => this.#read(`${this.#mount}${a}/memory.max`).catch(() => 'max'))),
    ]);
    return cgroupUsageV2({ cpuStat, memoryCurrent, memoryStat, memoryMax });
  }

  async machine(): Promise<CgroupUsage> {
    const meminfo = await this.#read(`${this.#proc}/meminfo`);
    const capacity = parseMeminfo(meminfo).get('MemTotal');
    if (this.#version === 1) {
      const root = await this.cgroup('');
      return { ...root, memory: { ...root.memory, ...(capacity !== undefined ? { limitBytes: capacity } : {}) } };
    }
    // v2's root has no memory.current, and cpu.stat only on newer kernels.
    const rootMemoryStat = await this.#read(`${this.#mount}/memory.stat`).catch(() => undefined);
    const cpuStat = await this.#read(`${this.#mount}/cpu.stat`).catch(() => undefined);
    const usec = cpuStat !== undefined ? /^usage_usec (\d+)$/m.exec(cpuStat)?.[1] : undefined;
    const cpuNs = usec !== undefined ? Number(usec) * 1000 : parseProcStatCpuNs(await this.#read(`${this.#proc}/stat`));
    return machineUsage({ meminfo, cpuNs, ...(rootMemoryStat !== undefined ? { rootMemoryStat } : {}) });
  }
}
