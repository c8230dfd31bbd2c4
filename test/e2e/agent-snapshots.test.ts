// e2e with the real node agent (runc, as root): volume snapshots of local-path claims through kubectl. Data
// written by a pod is snapshotted, changed, then restored into a new claim and compared byte for byte (sha256 of
// each file, a binary one among them); a claim is cloned; Delete removes the snapshot's directory on disk, Retain
// keeps it; a pre-provisioned content and its snapshot bind; a 2-replica StatefulSet is restored into another
// namespace from its snapshots and each ordinal finds its own data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SkiffProcess } from '../support/skiff-process.js';
import type { TestImages } from '../support/test-images.js';
import { registryNodeSkip, startRegistryNode, type RegistryNode } from '../support/registry-node.js';
import { eventually } from '../support/eventually.js';

const skip = registryNodeSkip('snapshot e2e on the runc node');
const node = 'snap-node';

const claim = (name: string, o: { size?: string; source?: { kind: string; name: string; apiGroup?: string }; namespace?: string } = {}): object => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, ...(o.namespace ? { namespace: o.namespace } : {}) },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: o.size ?? '64Mi' } }, ...(o.source ? { dataSource: o.source } : {}) },
});
const snapshotOf = (name: string, source: Record<string, string>, o: { cls?: string; namespace?: string } = {}): object => ({
  apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name, ...(o.namespace ? { namespace: o.namespace } : {}) },
  spec: { source, ...(o.cls ? { volumeSnapshotClassName: o.cls } : {}) },
});
const fromSnapshot = (name: string): { kind: string; name: string; apiGroup: string } => ({ kind: 'VolumeSnapshot', name, apiGroup: 'snapshot.storage.k8s.io' });

/** Files of several kinds: text, a nested one, a binary one, an empty one. */
const writeScript = (tag: string): string => [
  `echo "${tag}" > /data/a.txt`, 'mkdir -p /data/dir', `seq 1 20000 > /data/dir/numbers`, 'head -c 300000 /dev/urandom > /data/bin.dat', ': > /data/empty',
].join(' && ');
const sumScript = 'cd /data && find . -type f | sort | xargs sha256sum';

describe('volume snapshots, restore and clone on the embedded runc node', { skip }, () => {
  let s: SkiffProcess;
  let images: TestImages;
  let cluster: RegistryNode | undefined;
  before(async () => {
    cluster = await startRegistryNode(node);
    ({ s, images } = cluster);
  });
  after(async () => { await cluster?.stop(); });

  const apply = async (...docs: object[]): Promise<void> => {
    const r = await s.kubectl(['create', '-f', '-'], { input: docs.map((d) => `---\n${JSON.stringify(d)}\n`).join('') });
    assert.equal(r.code, 0, r.stderr);
  };
  const jsonpath = (what: string, path: string, ns = 'default'): Promise<string> => s.k('get', what, '-n', ns, '-o', `jsonpath=${path}`);
  const podWith = (name: string, claimName: string, namespace = 'default'): object => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'c', image: images.busybox, command: ['sleep', '3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
    },
  });
  const running = async (pod: string, ns = 'default'): Promise<void> => {
    const r = await s.kubectl(['wait', '-n', ns, '--for=condition=Ready', `pod/${pod}`, '--timeout=90s'], { timeoutMs: 100_000 });
    assert.equal(r.code, 0, `${r.stderr}\n${await s.k('describe', 'pod', pod, '-n', ns)}\n${await s.k('get', 'events', '-A')}`);
  };
  const exec = (pod: string, script: string, ns = 'default'): Promise<string> => s.k('exec', '-n', ns, pod, '--', 'sh', '-c', script);
  const ready = async (vs: string, ns = 'default'): Promise<void> => {
    const r = await s.kubectl(['wait', '-n', ns, '--for=jsonpath={.status.readyToUse}=true', `volumesnapshot/${vs}`, '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(r.code, 0, `${r.stderr}\n${await s.k('describe', 'volumesnapshot', vs, '-n', ns)}`);
  };
  const snapshotDirs = (): string[] => {
    const dir = join(s.dataDir, 'storage', 'snapshots');
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  };

  let snapshotTimeSums = '';
  let changedSums = '';

  test('a snapshot taken of a written claim restores the snapshot-time data byte for byte', async () => {
    await apply(claim('src'), podWith('writer', 'src'));
    await running('writer');
    await exec('writer', writeScript('at snapshot time'));
    snapshotTimeSums = await exec('writer', sumScript);
    assert.match(snapshotTimeSums, /\.\/bin\.dat\n/);
    await apply(snapshotOf('snap1', { persistentVolumeClaimName: 'src' }));
    await ready('snap1');
    // Upstream's printer columns; the default class of the driver was filled in.
    const table = await s.k('get', 'volumesnapshot', 'snap1');
    assert.match(table, /^NAME\s+READYTOUSE\s+SOURCEPVC\s+SOURCESNAPSHOTCONTENT\s+RESTORESIZE\s+SNAPSHOTCLASS\s+SNAPSHOTCONTENT\s+CREATIONTIME\s+AGE\n/);
    const uid = await jsonpath('vs/snap1', '{.metadata.uid}');
    assert.match(table, new RegExp(`\\nsnap1\\s+true\\s+src\\s+64Mi\\s+local-path\\s+snapcontent-${uid}\\s+\\S+\\s+\\S+\\n$`));
    assert.deepEqual(snapshotDirs(), [`snapcontent-${uid}`]);
    assert.equal(await jsonpath(`vsc/snapcontent-${uid}`, '{.status.snapshotHandle}'), `${node}:${join(s.dataDir, 'storage', 'snapshots', `snapcontent-${uid}`)}`);
    assert.equal(await jsonpath(`vsc/snapcontent-${uid}`, '{.status.restoreSize}'), String(64 * 1024 * 1024));
    assert.equal(await jsonpath('vs/snap1', '{.metadata.finalizers}'), '["snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection","snapshot.storage.kubernetes.io/volumesnapshot-bound-protection"]');
    // The source claim's snapshot protection goes once the snapshot is ready.
    await eventually(async () => assert.doesNotMatch(await jsonpath('pvc/src', '{.metadata.finalizers}'), /pvc-as-source-protection/), { timeoutMs: 10_000 });

    await exec('writer', 'echo changed > /data/a.txt && rm /data/dir/numbers && head -c 1000 /dev/urandom >> /data/bin.dat');
    changedSums = await exec('writer', sumScript);
    assert.notEqual(changedSums, snapshotTimeSums);

    await apply(claim('restored', { source: fromSnapshot('snap1') }), podWith('reader', 'restored'));
    await running('reader');
    assert.equal(await exec('reader', sumScript), snapshotTimeSums);
    assert.equal(await exec('reader', 'cat /data/a.txt'), 'at snapshot time\n');
    // The claim's dataSourceRef mirrors its dataSource (AnyVolumeDataSource).
    assert.equal(await jsonpath('pvc/restored', '{.spec.dataSourceRef.kind}/{.spec.dataSourceRef.name}'), 'VolumeSnapshot/snap1');
  });

  test('a restore asking for less than the restore size fails with upstream\'s message', async () => {
    await apply(claim('too-small', { size: '1Mi', source: fromSnapshot('snap1') }), podWith('too-small-reader', 'too-small'));
    await eventually(async () => assert.match(await s.k('get', 'events', '--field-selector', 'involvedObject.name=too-small', '-o', 'jsonpath={.items[*].message}'),
      /requested volume size 1048576 is less than the size 67108864 for the source snapshot snap1/), { timeoutMs: 30_000 });
    assert.equal(await jsonpath('pvc/too-small', '{.status.phase}'), 'Pending');
    await s.k('delete', 'pod', 'too-small-reader', '--wait=false');
    await s.k('delete', 'pvc', 'too-small', '--wait=false');
  });

  test('a clone of a claim holds the source\'s data byte for byte, on the source\'s node', async () => {
    await apply(claim('cloned', { source: { kind: 'PersistentVolumeClaim', name: 'src' } }), podWith('clone-reader', 'cloned'));
    await running('clone-reader');
    assert.equal(await exec('clone-reader', sumScript), changedSums);
    assert.equal(await jsonpath('pod/clone-reader', '{.spec.nodeName}'), node);
    await eventually(async () => assert.doesNotMatch(await jsonpath('pvc/src', '{.metadata.finalizers}'), /cloning-protection/), { timeoutMs: 10_000 });
  });

  test('deletionPolicy Delete removes the snapshot directory; Retain keeps it, and a pre-provisioned content of it binds and restores', async () => {
    const uid1 = await jsonpath('vs/snap1', '{.metadata.uid}');
    await s.k('delete', 'pod', 'reader', '--wait=true');
    await s.k('delete', 'volumesnapshot', 'snap1', '--timeout=30s');
    await eventually(() => assert.ok(!snapshotDirs().includes(`snapcontent-${uid1}`), snapshotDirs().join()), { timeoutMs: 20_000 });
    assert.equal((await s.kubectl(['get', 'vsc', `snapcontent-${uid1}`])).code, 1);

    await apply({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: 'keep' }, driver: 'skiff.io/local-path', deletionPolicy: 'Retain' });
    await apply(snapshotOf('snap2', { persistentVolumeClaimName: 'src' }, { cls: 'keep' }));
    await ready('snap2');
    const uid2 = await jsonpath('vs/snap2', '{.metadata.uid}');
    const handle = await jsonpath(`vsc/snapcontent-${uid2}`, '{.status.snapshotHandle}');
    await s.k('delete', 'volumesnapshot', 'snap2', '--timeout=30s');
    assert.ok(snapshotDirs().includes(`snapcontent-${uid2}`));
    assert.match(await s.k('get', 'vsc', `snapcontent-${uid2}`, '--no-headers'), new RegExp(`^snapcontent-${uid2}\\s+true\\s+67108864\\s+Retain\\s+skiff.io/local-path\\s+keep\\s+snap2\\s+default\\s+`));

    // An administrator hands the retained snapshot to a new VolumeSnapshot.
    await apply({
      apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotContent', metadata: { name: 'imported' },
      spec: { deletionPolicy: 'Retain', driver: 'skiff.io/local-path', source: { snapshotHandle: handle }, volumeSnapshotRef: { name: 'imported-snap', namespace: 'default' } },
    }, snapshotOf('imported-snap', { volumeSnapshotContentName: 'imported' }));
    await ready('imported-snap');
    assert.equal(await jsonpath('vs/imported-snap', '{.status.boundVolumeSnapshotContentName}'), 'imported');
    assert.equal(await jsonpath('vsc/imported', '{.spec.volumeSnapshotRef.uid}'), await jsonpath('vs/imported-snap', '{.metadata.uid}'));
    await apply(claim('from-imported', { source: fromSnapshot('imported-snap') }), podWith('imported-reader', 'from-imported'));
    await running('imported-reader');
    assert.equal(await exec('imported-reader', sumScript), changedSums);
  });

  test('a StatefulSet restored into a new namespace from its snapshots keeps each ordinal\'s data', async () => {
    const set = (namespace: string): object => ({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace },
      spec: {
        serviceName: 'web', replicas: 2, selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: images.busybox, command: ['sleep', '3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '32Mi' } } } }],
      },
    });
    await s.k('create', 'namespace', 'prod');
    await apply(set('prod'));
    const sums: string[] = [];
    for (const i of [0, 1]) {
      await running(`web-${i}`, 'prod');
      await exec(`web-${i}`, writeScript(`ordinal ${i}`), 'prod');
      sums.push(await exec(`web-${i}`, sumScript, 'prod'));
    }
    assert.notEqual(sums[0], sums[1]);
    for (const i of [0, 1]) await apply(snapshotOf(`data-web-${i}`, { persistentVolumeClaimName: `data-web-${i}` }, { namespace: 'prod' }));
    const handles: string[] = [];
    for (const i of [0, 1]) {
      await ready(`data-web-${i}`, 'prod');
      const content = await jsonpath(`vs/data-web-${i}`, '{.status.boundVolumeSnapshotContentName}', 'prod');
      handles.push(await jsonpath(`vsc/${content}`, '{.status.snapshotHandle}'));
    }
    // Snapshots are namespaced and CrossNamespaceVolumeDataSource is off (as upstream's default): the new
    // namespace gets pre-provisioned contents of the same handles, its own snapshots, and claims named as the
    // set's template names them.
    await s.k('create', 'namespace', 'staging');
    for (const i of [0, 1]) {
      await apply({
        apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotContent', metadata: { name: `staging-data-web-${i}` },
        spec: { deletionPolicy: 'Retain', driver: 'skiff.io/local-path', source: { snapshotHandle: handles[i] }, volumeSnapshotRef: { name: `data-web-${i}`, namespace: 'staging' } },
      }, snapshotOf(`data-web-${i}`, { volumeSnapshotContentName: `staging-data-web-${i}` }, { namespace: 'staging' }),
      claim(`data-web-${i}`, { size: '32Mi', namespace: 'staging', source: fromSnapshot(`data-web-${i}`) }));
    }
    await apply(set('staging'));
    for (const i of [0, 1]) {
      await running(`web-${i}`, 'staging');
      assert.equal(await exec(`web-${i}`, sumScript, 'staging'), sums[i]);
      assert.equal(await exec(`web-${i}`, 'cat /data/a.txt', 'staging'), `ordinal ${i}\n`);
    }
  });
});
