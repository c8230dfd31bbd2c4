import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupUsageV1, cgroupUsageV2, machineUsage, parseFlatKeyed, parseMeminfo, parseProcStatCpuNs, parseSingle } from './cgroup-parse.js';

// Texts as the kernel writes them (trimmed to the lines that matter plus a few that do not).
const v1MemoryStat = `cache 11538432
rss 6008832
pgfault 58040
pgmajfault 0
inactive_file 184320
hierarchical_memory_limit 134217728
hierarchical_memsw_limit 9223372036854771712
total_cache 33554432
total_rss 67108864
total_pgfault 75647
total_pgmajfault 18
total_inactive_anon 110952448
total_inactive_file 4194304
`;

const v2MemoryStat = `anon 52428800
file 20971520
kernel 1048576
shmem 0
active_file 8388608
inactive_file 12582912
pgfault 4242
pgmajfault 7
`;

const v2CpuStat = `usage_usec 1500000
user_usec 1000000
system_usec 500000
nr_periods 0
`;

test('parseFlatKeyed() maps "key value" lines and skips the rest', () => {
  assert.deepEqual([...parseFlatKeyed('a 1\nbad line here\nb 22\n\n')], [['a', 1], ['b', 22]]);
});

test('parseMeminfo() gives bytes', () => {
  assert.deepEqual([...parseMeminfo('MemTotal:       24683784 kB\nMemFree:        1024 kB\nHugePages_Total:       0\nInactive(file):   100 kB\n')],
    [['MemTotal', 24683784 * 1024], ['MemFree', 1024 * 1024], ['HugePages_Total', 0], ['Inactive(file)', 102400]]);
});

test('parseSingle() reads one number; "max" is no limit; anything else is NaN', () => {
  assert.deepEqual(['1678815966417\n', 'max\n', 'x'].map(parseSingle), [1678815966417, Infinity, NaN]);
});

test('parseProcStatCpuNs() counts busy ticks (not idle, not iowait) at USER_HZ', () => {
  // user nice system idle iowait irq softirq steal guest guest_nice
  assert.equal(parseProcStatCpuNs('cpu  100 2 30 5000 40 1 2 3 0 0\ncpu0 50 1 15 2500 20 0 1 1 0 0\n'), (100 + 2 + 30 + 1 + 2 + 3) * 1e7);
  assert.ok(Number.isNaN(parseProcStatCpuNs('intr 1 2 3')));
});

test('cgroupUsageV1() uses the hierarchical totals: working set = usage - total_inactive_file, the hierarchical limit', () => {
  assert.deepEqual(cgroupUsageV1({ cpuacctUsage: '2500000000\n', memoryUsage: '104857600\n', memoryStat: v1MemoryStat }), {
    cpuNs: 2_500_000_000,
    memory: { usageBytes: 104857600, workingSetBytes: 104857600 - 4194304, rssBytes: 67108864, pageFaults: 75647, majorPageFaults: 18, limitBytes: 134217728 },
  });
});

test('cgroupUsageV1() reports no limit for v1\'s "unlimited" and never a negative working set', () => {
  const stat = v1MemoryStat.replace('hierarchical_memory_limit 134217728', 'hierarchical_memory_limit 9223372036854771712');
  assert.deepEqual(cgroupUsageV1({ cpuacctUsage: '0', memoryUsage: '1000', memoryStat: stat }).memory,
    { usageBytes: 1000, workingSetBytes: 0, rssBytes: 67108864, pageFaults: 75647, majorPageFaults: 18 });
});

test('cgroupUsageV2() reads usage_usec, memory.current minus inactive_file, anon, and the tightest memory.max', () => {
  assert.deepEqual(cgroupUsageV2({ cpuStat: v2CpuStat, memoryCurrent: '73400320\n', memoryStat: v2MemoryStat, memoryMax: ['max\n', '268435456\n'] }), {
    cpuNs: 1_500_000_000,
    memory: { usageBytes: 73400320, workingSetBytes: 73400320 - 12582912, rssBytes: 52428800, pageFaults: 4242, majorPageFaults: 7, limitBytes: 268435456 },
  });
  assert.equal(cgroupUsageV2({ cpuStat: v2CpuStat, memoryCurrent: '1', memoryStat: '', memoryMax: ['max'] }).memory.limitBytes, undefined);
});

test('machineUsage() computes v2\'s root from meminfo: usage = MemTotal - MemFree, limit = MemTotal', () => {
  const meminfo = 'MemTotal: 1000 kB\nMemFree: 400 kB\nInactive(file): 100 kB\nAnonPages: 250 kB\n';
  assert.deepEqual(machineUsage({ meminfo, cpuNs: 7 }), {
    cpuNs: 7, memory: { usageBytes: 600 * 1024, workingSetBytes: 500 * 1024, rssBytes: 250 * 1024, pageFaults: 0, majorPageFaults: 0, limitBytes: 1000 * 1024 },
  });
  // The root's memory.stat, where the kernel has one, wins over meminfo's approximations.
  const big = 'MemTotal: 100000 kB\nMemFree: 40000 kB\nInactive(file): 100 kB\nAnonPages: 250 kB\n';
  assert.deepEqual(machineUsage({ meminfo: big, cpuNs: 7, rootMemoryStat: v2MemoryStat }).memory, {
    usageBytes: 60000 * 1024, workingSetBytes: 60000 * 1024 - 12582912, rssBytes: 52428800, pageFaults: 4242, majorPageFaults: 7, limitBytes: 100000 * 1024,
  });
});
