import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FsCgroupReader, type ReadText } from './cgroup-reader.js';

function fakeFs(files: Record<string, string>): { read: ReadText; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (path) => {
      reads.push(path);
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
  };
}

const meminfo = 'MemTotal: 2048 kB\nMemFree: 1024 kB\nInactive(file): 256 kB\nAnonPages: 128 kB\n';

test('FsCgroupReader.cgroup() reads v1\'s cpuacct and memory hierarchies', async () => {
  const fs = fakeFs({
    '/cg/cpuacct/skiff/c1/cpuacct.usage': '42\n',
    '/cg/memory/skiff/c1/memory.usage_in_bytes': '5000\n',
    '/cg/memory/skiff/c1/memory.stat': 'total_inactive_file 1000\ntotal_rss 3000\ntotal_pgfault 9\ntotal_pgmajfault 1\nhierarchical_memory_limit 8192\n',
  });
  const usage = await new FsCgroupReader({ version: 1, read: fs.read, mountPoint: '/cg' }).cgroup('/skiff/c1');
  assert.deepEqual(usage, { cpuNs: 42, memory: { usageBytes: 5000, workingSetBytes: 4000, rssBytes: 3000, pageFaults: 9, majorPageFaults: 1, limitBytes: 8192 } });
});

test('FsCgroupReader.cgroup() reads v2\'s unified files and the limit of an ancestor', async () => {
  const fs = fakeFs({
    '/cg/skiff/c1/ctr/cpu.stat': 'usage_usec 3\nuser_usec 2\n',
    '/cg/skiff/c1/ctr/memory.current': '5000\n',
    '/cg/skiff/c1/ctr/memory.stat': 'anon 3000\ninactive_file 1000\npgfault 9\npgmajfault 1\n',
    '/cg/skiff/c1/ctr/memory.max': 'max\n',
    '/cg/skiff/c1/memory.max': '8192\n',
  });
  const usage = await new FsCgroupReader({ version: 2, read: fs.read, mountPoint: '/cg' }).cgroup('/skiff/c1/ctr');
  assert.deepEqual(usage, { cpuNs: 3000, memory: { usageBytes: 5000, workingSetBytes: 4000, rssBytes: 3000, pageFaults: 9, majorPageFaults: 1, limitBytes: 8192 } });
  assert.ok(fs.reads.includes('/cg/skiff/memory.max'), 'every ancestor below the root is asked for a limit');
});

test('FsCgroupReader.cgroup() rejects when the cgroup is gone', async () => {
  const fs = fakeFs({});
  await assert.rejects(new FsCgroupReader({ version: 1, read: fs.read }).cgroup('/skiff/gone'), /ENOENT/);
  await assert.rejects(new FsCgroupReader({ version: 2, read: fs.read }).cgroup('/skiff/gone'), /ENOENT/);
});

test('FsCgroupReader.machine() on v1 is the root cgroup, limited by MemTotal', async () => {
  const fs = fakeFs({
    '/proc/meminfo': meminfo,
    '/sys/fs/cgroup/cpuacct/cpuacct.usage': '1000\n',
    '/sys/fs/cgroup/memory/memory.usage_in_bytes': '1500000\n',
    '/sys/fs/cgroup/memory/memory.stat': 'total_inactive_file 500000\ntotal_rss 700000\nhierarchical_memory_limit 9223372036854771712\n',
  });
  assert.deepEqual(await new FsCgroupReader({ version: 1, read: fs.read }).machine(), {
    cpuNs: 1000, memory: { usageBytes: 1500000, workingSetBytes: 1000000, rssBytes: 700000, pageFaults: 0, majorPageFaults: 0, limitBytes: 2048 * 1024 },
  });
});

test('FsCgroupReader.machine() on v2 uses meminfo, and /proc/stat when the root has no cpu.stat', async () => {
  const fs = fakeFs({ '/p/meminfo': meminfo, '/p/stat': 'cpu  10 0 10 900 0 0 0 0 0 0\n' });
  assert.deepEqual(await new FsCgroupReader({ version: 2, read: fs.read, mountPoint: '/cg', proc: '/p' }).machine(), {
    cpuNs: 20 * 1e7, memory: { usageBytes: 1024 * 1024, workingSetBytes: 768 * 1024, rssBytes: 128 * 1024, pageFaults: 0, majorPageFaults: 0, limitBytes: 2048 * 1024 },
  });
  const withRoot = fakeFs({ '/p/meminfo': meminfo, '/cg/cpu.stat': 'usage_usec 5\n', '/cg/memory.stat': 'anon 4096\ninactive_file 0\npgfault 3\npgmajfault 2\n' });
  assert.deepEqual(await new FsCgroupReader({ version: 2, read: withRoot.read, mountPoint: '/cg', proc: '/p' }).machine(), {
    cpuNs: 5000, memory: { usageBytes: 1024 * 1024, workingSetBytes: 1024 * 1024, rssBytes: 4096, pageFaults: 3, majorPageFaults: 2, limitBytes: 2048 * 1024 },
  });
});
