// What a cgroup's (or the machine's) files say about CPU and memory, in cAdvisor's terms: cumulative CPU time,
// memory usage, working set (usage minus inactive file pages), anonymous memory, page faults. Pure: the texts
// of the files come in (cgroup v1 and v2, /proc/meminfo, /proc/stat), numbers go out.

/** CPU and memory of one cgroup (or the machine) at one moment. */
export interface CgroupUsage {
  /** Cumulative CPU time, nanoseconds. */
  cpuNs: number;
  memory: {
    usageBytes: number;
    workingSetBytes: number;
    rssBytes: number;
    pageFaults: number;
    majorPageFaults: number;
    /** The memory limit that applies, when there is one. */
    limitBytes?: number;
  };
}

/** "key value" lines (memory.stat, cpu.stat) to a map; malformed lines are skipped. */
export function parseFlatKeyed(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(\d+)$/.exec(line.trim());
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** /proc/meminfo in bytes ("MemTotal: 24683784 kB" → MemTotal: 25276194816). */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([^:\s]+):\s+(\d+)(?:\s+kB)?$/.exec(line.trim());
    if (m) out.set(m[1]!, Number(m[2]) * (line.trim().endsWith('kB') ? 1024 : 1));
  }
  return out;
}

/** A file holding one number ("12345\n"); NaN when it does not. v2's "max" (no limit) is Infinity. */
export function parseSingle(text: string): number {
  const s = text.trim();
  if (s === 'max') return Infinity;
  return /^\d+$/.test(s) ? Number(s) : NaN;
}

/**
 * Cumulative CPU of the whole machine from /proc/stat's "cpu" line (user nice system idle iowait irq softirq
 * steal ...), in nanoseconds of busy time: everything but idle and iowait. `userHz` is the kernel's tick rate
 * for these counters (100 on Linux).
 */
export function parseProcStatCpuNs(text: string, userHz = 100): number {
  const m = /^cpu\s+([\d\s]+)$/m.exec(text);
  if (!m) return NaN;
  const f = m[1]!.trim().split(/\s+/).map(Number);
  const busy = [0, 1, 2, 5, 6, 7].reduce((sum, i) => sum + (f[i] ?? 0), 0);
  return (busy * 1e9) / userHz;
}

/** v1 reports "no limit" as a huge page-aligned number (2^63 rounded down to a page). */
const v1NoLimit = 2 ** 62;
const limitOf = (n: number | undefined): { limitBytes?: number } => (n !== undefined && Number.isFinite(n) && n < v1NoLimit ? { limitBytes: n } : {});
const workingSet = (usage: number, inactiveFile: number): number => Math.max(0, usage - inactiveFile);

export interface CgroupV1Files {
  /** cpuacct.usage (ns). */
  cpuacctUsage: string;
  /** memory.usage_in_bytes. */
  memoryUsage: string;
  /** memory.stat (hierarchical totals: total_*; hierarchical_memory_limit). */
  memoryStat: string;
}

/** A v1 cgroup's usage: the hierarchical totals of memory.stat, and the tightest limit on its way to the root. */
export function cgroupUsageV1(files: CgroupV1Files): CgroupUsage {
  const stat = parseFlatKeyed(files.memoryStat);
  const usageBytes = parseSingle(files.memoryUsage);
  const get = (k: string): number => stat.get(k) ?? 0;
  return {
    cpuNs: parseSingle(files.cpuacctUsage),
    memory: {
      usageBytes, workingSetBytes: workingSet(usageBytes, get('total_inactive_file')), rssBytes: get('total_rss'),
      pageFaults: get('total_pgfault'), majorPageFaults: get('total_pgmajfault'), ...limitOf(stat.get('hierarchical_memory_limit')),
    },
  };
}

export interface CgroupV2Files {
  /** cpu.stat (usage_usec). */
  cpuStat: string;
  /** memory.current. */
  memoryCurrent: string;
  /** memory.stat (anon, inactive_file, pgfault, pgmajfault). */
  memoryStat: string;
  /** memory.max of the cgroup and of its ancestors that have one ("max": none). */
  memoryMax: string[];
}

/** A v2 cgroup's usage. */
export function cgroupUsageV2(files: CgroupV2Files): CgroupUsage {
  const stat = parseFlatKeyed(files.memoryStat);
  const usageBytes = parseSingle(files.memoryCurrent);
  const get = (k: string): number => stat.get(k) ?? 0;
  const limit = Math.min(...files.memoryMax.map(parseSingle).filter((n) => !Number.isNaN(n)));
  return {
    cpuNs: (parseFlatKeyed(files.cpuStat).get('usage_usec') ?? NaN) * 1000,
    memory: {
      usageBytes, workingSetBytes: workingSet(usageBytes, get('inactive_file')), rssBytes: get('anon'),
      pageFaults: get('pgfault'), majorPageFaults: get('pgmajfault'), ...limitOf(limit),
    },
  };
}

export interface MachineFiles {
  /** /proc/meminfo. */
  meminfo: string;
  /** The root cgroup's memory.stat, when it has one (v1 always; v2 on kernels since 5.x, without total_ prefixes). */
  rootMemoryStat?: string;
  /** Cumulative CPU in nanoseconds, from the root cgroup or /proc/stat. */
  cpuNs: number;
}

/**
 * The machine's usage where the root cgroup has no memory.current (v2), as runc's cgroup library computes it
 * for cAdvisor: usage = MemTotal - MemFree, working set = usage - inactive file pages; the limit is MemTotal.
 */
export function machineUsage(files: MachineFiles): CgroupUsage {
  const info = parseMeminfo(files.meminfo);
  const stat = parseFlatKeyed(files.rootMemoryStat ?? '');
  const total = info.get('MemTotal') ?? NaN;
  const usageBytes = total - (info.get('MemFree') ?? NaN);
  const inactiveFile = stat.get('inactive_file') ?? info.get('Inactive(file)') ?? 0;
  return {
    cpuNs: files.cpuNs,
    memory: {
      usageBytes, workingSetBytes: workingSet(usageBytes, inactiveFile), rssBytes: stat.get('anon') ?? info.get('AnonPages') ?? 0,
      pageFaults: stat.get('pgfault') ?? 0, majorPageFaults: stat.get('pgmajfault') ?? 0, ...limitOf(total),
    },
  };
}
