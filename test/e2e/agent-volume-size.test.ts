// e2e (issue 18): size-enforced local-path volumes on the real node, through kubectl. A claim of 20Mi is an ext4
// filesystem of 20Mi in the pod (df), a writer stops at it with ENOSPC ("No space left on device"); a claim of
// 1Gi is xfs and grows online to 2Gi while its pod runs (df in the same container); the kubelet reports usage in
// stats/summary, as kubelet_volume_stats_* on its /metrics and on the claim (kubectl describe pvc); a class asking for an
// unsupported filesystem fails provisioning with the reason; after the server stops (killall unmounts) and starts
// again, the volume is mounted again with its data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { realNodeSkip, startAirgapNode, type AirgapNode } from '../support/airgap-node.js';
import { startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';
import { existsSync, readFileSync } from 'node:fs';

const skip = realNodeSkip('size-enforced volumes e2e') || (existsSync('/dev/loop-control') ? false : 'no loop devices');
const node = 'skiff-volume-size-node';
const image = 'airgap.local/volume-size/busybox:1';
const KiB = 1024;

const claim = (name: string, size: string, cls?: string): string => JSON.stringify({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...(cls ? { storageClassName: cls } : {}) },
});
const pod = (name: string, claimName: string, command: string): string => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: {
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'main', image, command: ['sh', '-c', command], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
  },
});

describe('size-enforced local-path volumes', { skip }, () => {
  let n: AirgapNode;
  let s: SkiffProcess;
  before(async () => { n = await startAirgapNode(node, image); s = n.s; });
  after(async () => { await s?.stop(); await n?.stop(); });

  /** `df -k /data` in the pod's container: size and available KiB. */
  const df = async (podName: string): Promise<{ sizeKiB: number; availKiB: number; type: string }> => {
    const out = await s.k('exec', podName, '--', 'df', '-k', '/data');
    const fields = out.trim().split('\n').at(-1)!.trim().split(/\s+/);
    const mounts = await s.k('exec', podName, '--', 'cat', '/proc/mounts');
    const type = mounts.split('\n').find((l) => l.split(' ')[1] === '/data')?.split(' ')[2] ?? '';
    return { sizeKiB: Number(fields[1]), availKiB: Number(fields[3]), type };
  };

  test('a 20Mi claim is a 20Mi ext4 filesystem: a writer stops at it with ENOSPC', async () => {
    await s.create(claim('small', '20Mi'));
    await s.create(pod('filler', 'small', 'sleep 3600'));
    await s.k('wait', '--for=condition=Ready', 'pod/filler', '--timeout=60s');
    const before = await df('filler');
    assert.equal(before.type, 'ext4');
    assert.ok(before.sizeKiB > 15 * KiB && before.sizeKiB <= 20 * KiB, `size ${before.sizeKiB} KiB`);
    const r = await s.kubectl(['exec', 'filler', '--', 'sh', '-c', 'dd if=/dev/zero of=/data/fill bs=1M count=64; echo "dd exit $?"']);
    assert.match(r.stderr + r.stdout, /No space left on device/);
    assert.match(r.stdout, /dd exit 1/);
    const full = await df('filler');
    assert.ok(full.availKiB < 1024, `available after the writer stopped: ${full.availKiB} KiB`);
    const written = Number((await s.k('exec', 'filler', '--', 'sh', '-c', 'wc -c < /data/fill')).trim());
    assert.ok(written <= 20 * 1024 * KiB && written > 14 * 1024 * KiB, `${written} bytes written`);
  });

  test('the kubelet reports the claim\'s usage: stats/summary volume stats and the kubelet_volume_stats_* gauges', async () => {
    const summaryVolume = async (): Promise<{ name: string; pvcRef?: { name: string; namespace: string }; capacityBytes: number; usedBytes: number; availableBytes: number; inodes: number; inodesUsed: number }> => {
      const summary = JSON.parse(await s.k('get', '--raw', `/api/v1/nodes/${node}/proxy/stats/summary`)) as { pods: { podRef: { name: string }; volume?: never[] }[] };
      const v = summary.pods.find((p) => p.podRef.name === 'filler')?.volume?.[0];
      assert.ok(v, 'filler has its volume in the summary');
      return v;
    };
    const v = await eventually(async () => {
      const got = await summaryVolume();
      assert.ok(got.usedBytes > 14 * 1024 * KiB, `used ${got.usedBytes}`);
      return got;
    }, { timeoutMs: 30_000, intervalMs: 1000 });
    assert.equal(v.name, 'data');
    assert.deepEqual(v.pvcRef, { name: 'small', namespace: 'default' });
    assert.ok(v.capacityBytes > 15 * 1024 * KiB && v.capacityBytes <= 20 * 1024 * KiB, `capacity ${v.capacityBytes}`);
    assert.ok(v.availableBytes < 1024 * KiB && v.inodes > 0 && v.inodesUsed > 0, JSON.stringify(v));
    const metrics = await s.k('get', '--raw', `/api/v1/nodes/${node}/proxy/metrics`);
    assert.match(metrics, /^# TYPE kubelet_volume_stats_capacity_bytes gauge$/m);
    const gauge = (name: string): number => Number(new RegExp(`^${name}\\{namespace="default",persistentvolumeclaim="small"\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
    assert.equal(gauge('kubelet_volume_stats_capacity_bytes'), v.capacityBytes);
    assert.ok(gauge('kubelet_volume_stats_used_bytes') > 14 * 1024 * KiB);
    assert.ok(gauge('kubelet_volume_stats_available_bytes') < 1024 * KiB);
    assert.ok(gauge('kubelet_volume_stats_inodes_used') > 0);
    // kubectl describe pvc: the kubelet's skiff.io/VolumeUsage condition.
    await eventually(async () => {
      const describe = await s.k('describe', 'pvc', 'small');
      assert.match(describe, /skiff\.io\/VolumeUsage\s+True\s+.*Measured\s+1\d(\.\d)?Mi of 1\d(\.\d)?Mi used \((9\d|100)%\), \d+ of \d+ inodes used/);
    }, { timeoutMs: 30_000, intervalMs: 1000 });
  });

  test('a 1Gi claim is xfs and grows online to 2Gi while its pod runs', async () => {
    await s.create(claim('big', '1Gi'));
    await s.create(pod('grower', 'big', 'echo kept > /data/keep; sleep 3600'));
    await s.k('wait', '--for=condition=Ready', 'pod/grower', '--timeout=60s');
    const before = await df('grower');
    assert.equal(before.type, 'xfs');
    assert.ok(before.sizeKiB > 900 * KiB && before.sizeKiB <= 1024 * KiB, `size ${before.sizeKiB} KiB`);
    const started = await s.k('get', 'pod', 'grower', '-o', 'jsonpath={.status.containerStatuses[0].containerID}');
    await s.k('patch', 'pvc', 'big', '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}');
    await eventually(async () => assert.equal(await s.k('get', 'pvc', 'big', '-o', 'jsonpath={.status.capacity.storage}'), '2Gi'), { timeoutMs: 30_000 });
    const after = await df('grower');
    assert.ok(after.sizeKiB > before.sizeKiB + 1000 * KiB && after.sizeKiB <= 2048 * KiB, `${before.sizeKiB} -> ${after.sizeKiB} KiB`);
    assert.equal(await s.k('get', 'pod', 'grower', '-o', 'jsonpath={.status.containerStatuses[0].containerID}'), started, 'the same container, never restarted');
    assert.equal((await s.k('exec', 'grower', '--', 'cat', '/data/keep')).trim(), 'kept');
    const events = await s.k('get', 'events', '--field-selector', 'involvedObject.name=big', '-o', 'jsonpath={range .items[*]}{.reason} {end}');
    assert.ok(events.includes('VolumeResizeSuccessful'), events);
  });

  test('a class asking for a filesystem the node cannot make fails provisioning with the reason', async () => {
    await s.create(JSON.stringify({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'btrfs' }, provisioner: 'skiff.io/local-path', volumeBindingMode: 'Immediate', parameters: { 'csi.storage.k8s.io/fstype': 'btrfs' } }));
    await s.create(claim('odd', '1Gi', 'btrfs'));
    await s.k('annotate', 'pvc', 'odd', `volume.kubernetes.io/selected-node=${node}`);
    await eventually(async () => {
      const out = await s.k('describe', 'pvc', 'odd');
      assert.match(out, /ProvisioningFailed\s+.*Failed to provision volume with StorageClass "btrfs": unsupported csi\.storage\.k8s\.io\/fstype "btrfs": supported values are "ext4", "xfs"/);
    }, { timeoutMs: 20_000 });
    assert.equal(await s.k('get', 'pvc', 'odd', '-o', 'jsonpath={.status.phase}'), 'Pending');
  });

  test('after a stop (killall unmounts) and a start, the volume is mounted again with its data', async () => {
    const path = await s.k('get', 'pv', await s.k('get', 'pvc', 'big', '-o', 'jsonpath={.spec.volumeName}'), '-o', 'jsonpath={.spec.hostPath.path}');
    const mounted = (): boolean => readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === path);
    assert.ok(mounted(), `${path} is a mount`);
    const dataDir = s.dataDir;
    await s.stop();
    assert.equal(mounted(), false, 'killall unmounted it');
    s = await startSkiff({ agent: true, dataDir, args: ['--node-name', node] });
    assert.ok(mounted(), `${path} is mounted again at start`);
    await s.k('wait', '--for=condition=Ready', 'pod/grower', '--timeout=90s');
    assert.equal((await s.k('exec', 'grower', '--', 'cat', '/data/keep')).trim(), 'kept');
    assert.ok((await df('grower')).sizeKiB > 1900 * KiB, 'grown size kept');
    // A deleted claim's volume goes: unmounted, image removed.
    await s.k('delete', 'pod', 'grower', 'filler', '--wait=true');
    await s.k('delete', 'pvc', 'big', '--wait=true');
    await eventually(() => assert.equal(existsSync(path), false, `${path} removed`), { timeoutMs: 20_000 });
    assert.equal(mounted(), false);
    assert.equal(execFileSync('losetup', ['-j', `${path.replace(/\/([^/]+)$/, '/.images/$1')}.img`], { encoding: 'utf8' }), '', 'no loop device left');
  });
});
