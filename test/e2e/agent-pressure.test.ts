// e2e: a real node's pressure conditions come from the machine, and the kubelet evicts under pressure. The
// server's data dir sits on a small tmpfs: a pod filling its emptyDir past kubelet's disk threshold makes the
// node report DiskPressure, the node lifecycle controller taints it NoSchedule, the kubelet evicts that pod
// (Failed/Evicted, its emptyDir removed) and new pods stay Pending with the scheduler's upstream message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { busyboxAvailable, busyboxLayer, dockerSaveArchive } from '../support/test-images.js';
import { eventually } from '../support/eventually.js';

const runc = ((): boolean => { try { execFileSync('runc', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
const skip = process.getuid?.() !== 0 ? 'needs root (tmpfs, the real node agent)' : !runc ? 'runc is not installed'
  : !busyboxAvailable() ? 'busybox-static is not installed' : !kubectlAvailable() ? 'kubectl is not on PATH' : false;

describe('node pressure from the machine, and eviction', { skip }, () => {
  let s: SkiffProcess;
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pressure-'));
  const image = 'airgap.local/pressure/busybox:1';
  before(async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir]);
    const data = join(dir, 'data');
    mkdirSync(join(data, 'agent', 'images'), { recursive: true });
    writeFileSync(join(data, 'agent', 'images', 'busybox.tar'), await dockerSaveArchive(image, [await busyboxLayer()], { config: { Cmd: ['sh'] } }));
    s = await startSkiff({ agent: true, dataDir: data, args: ['--node-name', 'small-node'] });
  });
  after(async () => {
    await s?.stop();
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a pod filling the disk: DiskPressure=True, the disk-pressure taint, the pod evicted, new pods not scheduled there', async () => {
    const conditions = (): Promise<string> => s.k('get', 'node', 'small-node', '-o', 'jsonpath={range .status.conditions[*]}{.type}={.status} {end}');
    await eventually(async () => assert.equal(await conditions(), 'MemoryPressure=False DiskPressure=False PIDPressure=False Ready=True '), { timeoutMs: 20_000 });
    await s.create(JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hog' },
      spec: { containers: [{ name: 'fill', image, command: ['sh', '-c', 'dd if=/dev/zero of=/cache/fill bs=1M count=48; exec sleep 3600'], volumeMounts: [{ name: 'cache', mountPath: '/cache' }] }], volumes: [{ name: 'cache', emptyDir: {} }] },
    }));
    await eventually(async () => assert.match(await conditions(), /DiskPressure=True/), { timeoutMs: 40_000 });
    await eventually(async () => assert.equal(await s.k('get', 'node', 'small-node', '-o', 'jsonpath={.spec.taints[*].key}:{.spec.taints[*].effect}'), 'node.kubernetes.io/disk-pressure:NoSchedule'), { timeoutMs: 20_000 });
    assert.match(await s.k('describe', 'node', 'small-node'), /DiskPressure\s+True\s+.*KubeletHasDiskPressure\s+kubelet has disk pressure/);
    // The kubelet evicts the pod that uses the disk: Failed, reason Evicted, upstream's message and condition.
    await eventually(async () => assert.equal(await s.k('get', 'pod', 'hog', '-o', 'jsonpath={.status.phase}/{.status.reason}'), 'Failed/Evicted'), { timeoutMs: 40_000 });
    assert.match(await s.k('get', 'pod', 'hog', '-o', 'jsonpath={.status.message}'), /^The node was low on resource: ephemeral-storage\. Threshold quantity: \d+(Ki)?, available: \d+(Ki)?\. Container fill was using \d+Ki, request is 0, has larger consumption of ephemeral-storage\. $/);
    assert.equal(await s.k('get', 'pod', 'hog', '-o', 'jsonpath={.status.conditions[?(@.type=="DisruptionTarget")].reason}'), 'TerminationByKubelet');
    // As upstream's printer: the terminated container's reason is the STATUS column (status.reason says Evicted).
    await eventually(async () => assert.match(await s.k('get', 'pod', 'hog'), /hog\s+0\/1\s+Error\s+0\s/));
    assert.match((await s.k('describe', 'pod', 'hog')).split('Events:')[1] ?? '', /Warning\s+Evicted\s+.*kubelet\s+The node was low on resource: ephemeral-storage\./);
    // Its emptyDir is gone: the disk is free again.
    const uid = await s.k('get', 'pod', 'hog', '-o', 'jsonpath={.metadata.uid}');
    assert.equal(execFileSync('ls', [join(dir, 'data', 'agent', 'pods', uid)], { encoding: 'utf8' }).includes('volumes'), false);
    await s.k('run', 'waiting', '--image', image);
    await eventually(async () => assert.match((await s.k('describe', 'pod', 'waiting')).split('Events:')[1] ?? '', /FailedScheduling\s+.*0\/1 nodes are available: 1 node\(s\) had untolerated taint \{node\.kubernetes\.io\/disk-pressure: \}/), { timeoutMs: 20_000 });
  });
});
