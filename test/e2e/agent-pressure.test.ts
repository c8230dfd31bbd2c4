// e2e: a real node's pressure conditions come from the machine. The server's data dir sits on a small tmpfs
// filled past kubelet's disk threshold: the node reports DiskPressure, the node lifecycle controller taints it
// NoSchedule, and a new pod stays Pending with the scheduler's upstream message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const runc = ((): boolean => { try { execFileSync('runc', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
const skip = process.getuid?.() !== 0 ? 'needs root (tmpfs, the real node agent)' : !runc ? 'runc is not installed' : !kubectlAvailable() ? 'kubectl is not on PATH' : false;

describe('node pressure conditions from the machine', { skip }, () => {
  let s: SkiffProcess;
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pressure-'));
  before(async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir]);
    // 86% used: under kubelet's imagefs.available<15% threshold (nodefs and imagefs are one disk here).
    writeFileSync(join(dir, 'filler'), Buffer.alloc(55 * 1024 * 1024));
    s = await startSkiff({ agent: true, dataDir: join(dir, 'data'), args: ['--node-name', 'full-node'] });
  });
  after(async () => {
    await s?.stop();
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a nearly full disk: DiskPressure=True, the disk-pressure taint, and pods are not scheduled there', async () => {
    const conditions = (): Promise<string> => s.k('get', 'node', 'full-node', '-o', 'jsonpath={range .status.conditions[*]}{.type}={.status}/{.reason} {end}');
    await eventually(async () => assert.equal(await conditions(), 'MemoryPressure=False/KubeletHasSufficientMemory DiskPressure=True/KubeletHasDiskPressure PIDPressure=False/KubeletHasSufficientPID Ready=True/KubeletReady '), { timeoutMs: 20_000 });
    await eventually(async () => assert.equal(await s.k('get', 'node', 'full-node', '-o', 'jsonpath={.spec.taints[*].key}:{.spec.taints[*].effect}'), 'node.kubernetes.io/disk-pressure:NoSchedule'), { timeoutMs: 20_000 });
    assert.match(await s.k('describe', 'node', 'full-node'), /DiskPressure\s+True\s+.*KubeletHasDiskPressure\s+kubelet has disk pressure/);
    await s.k('run', 'waiting', '--image', 'busybox');
    await eventually(async () => assert.match((await s.k('describe', 'pod', 'waiting')).split('Events:')[1] ?? '', /FailedScheduling\s+.*0\/1 nodes are available: 1 node\(s\) had untolerated taint \{node\.kubernetes\.io\/disk-pressure: \}/), { timeoutMs: 20_000 });
  });
});
