// e2e: storage orchestration through the real kubectl: the default StorageClass, static binding as the
// seeds show it, local-path provisioning with real directories, reclaim policies, protection, expansion,
// Pending explanations, the external-provisioner protocol, and binds interrupted by a SIGKILL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const node = 'skiff-node-1';

const claim = (name: string, o: { cls?: string | null; size?: string; modes?: string[] } = {}): string => JSON.stringify({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
  spec: { accessModes: o.modes ?? ['ReadWriteOnce'], resources: { requests: { storage: o.size ?? '1Gi' } }, ...(o.cls === null || o.cls === undefined ? {} : { storageClassName: o.cls }) },
});
const hostPathPv = (name: string, path: string, o: { policy?: string; size?: string } = {}): string => JSON.stringify({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: { capacity: { storage: o.size ?? '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: o.policy ?? 'Retain', hostPath: { path } },
});
const storageClass = (name: string, o: { provisioner?: string; policy?: string; mode?: string; expand?: boolean } = {}): string => JSON.stringify({
  apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name },
  provisioner: o.provisioner ?? 'skiff.io/local-path', reclaimPolicy: o.policy ?? 'Delete', volumeBindingMode: o.mode ?? 'WaitForFirstConsumer', ...(o.expand ? { allowVolumeExpansion: true } : {}),
});

/** JSON documents as one YAML stream (a leading `---` keeps kubectl from reading it as a single JSON value). */
const yamlStream = (docs: readonly string[]): string => docs.map((d) => `---\n${d}\n`).join('');

describe('kubectl storage against skiff server', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ agent: true, args: ['--node-name', node] }); });
  after(async () => { await s?.stop(); });

  const apply = async (...docs: string[]): Promise<void> => {
    const r = await s.kubectl(['create', '-f', '-'], { input: yamlStream(docs) });
    assert.equal(r.code, 0, r.stderr);
  };
  const jsonpath = (what: string, path: string): Promise<string> => s.k('get', what, '-o', `jsonpath=${path}`);
  const phase = (what: string): Promise<string> => jsonpath(what, '{.status.phase}');
  const waitPhase = (what: string, want: string): Promise<void> => eventually(async () => assert.equal(await phase(what), want), { timeoutMs: 15_000, message: `${what} ${want}` });
  const describeEvents = async (what: string): Promise<string> => (await s.k('describe', ...what.split('/'))).split('Events:')[1] ?? '';
  const gone = (what: string): Promise<void> => eventually(async () => {
    const r = await s.kubectl(['get', what]);
    assert.equal(r.code, 1, `${what} still exists: ${r.stdout}`);
  }, { timeoutMs: 15_000, message: `${what} deleted` });

  test('a fresh cluster has the default StorageClass local-path', async () => {
    assert.match(await s.k('get', 'sc'), /^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE\nlocal-path \(default\)\s+skiff\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+true\s+\S+\n$/);
  });

  test('seed 003: the NFS PV of class manual binds nfs-pvc (Available → Bound, CLAIM default/nfs-pvc)', async () => {
    assert.equal(await s.k('create', '-f', join(fixtures, 'nfs-pv.yaml')), 'persistentvolume/nfs created\n');
    await waitPhase('pv/nfs', 'Available');
    assert.match(await s.k('get', 'pv', 'nfs'), /^NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+REASON\s+AGE\nnfs\s+5Gi\s+RWX\s+Retain\s+Available\s+manual\s+<unset>\s+\S+\n$/);
    assert.equal(await s.k('create', '-f', join(fixtures, 'nfs-pvc.yaml')), 'persistentvolumeclaim/nfs-pvc created\n');
    await waitPhase('pvc/nfs-pvc', 'Bound');
    const out = await s.k('get', 'pv,pvc');
    assert.match(out, /persistentvolume\/nfs\s+5Gi\s+RWX\s+Retain\s+Bound\s+default\/nfs-pvc\s+manual\s+<unset>\s+\S+/);
    assert.match(out, /persistentvolumeclaim\/nfs-pvc\s+Bound\s+nfs\s+5Gi\s+RWX\s+manual\s+<unset>\s+\S+/);
    const uid = await jsonpath('pvc/nfs-pvc', '{.metadata.uid}');
    assert.equal(await jsonpath('pv/nfs', '{.spec.claimRef.uid} {.metadata.annotations.pv\\.kubernetes\\.io/bound-by-controller}'), `${uid} yes`);
    assert.equal(await jsonpath('pvc/nfs-pvc', '{.metadata.annotations.pv\\.kubernetes\\.io/bind-completed} {.metadata.annotations.pv\\.kubernetes\\.io/bound-by-controller} {.metadata.finalizers}'), 'yes yes ["kubernetes.io/pvc-protection"]');
  });

  test('seed 001: hostPath PVs bind a claim that asks for no class, smallest fit first', async () => {
    assert.equal(await s.k('create', '-f', join(fixtures, 'pv.yaml')), 'persistentvolume/pv001 created\npersistentvolume/pv002 created\n');
    await apply(hostPathPv('pv-big', join(s.dataDir, 'hp', 'big'), { size: '5Gi' }));
    await apply(claim('www-0', { cls: '' }));
    await waitPhase('pvc/www-0', 'Bound');
    assert.match(await jsonpath('pvc/www-0', '{.spec.volumeName}'), /^pv00[12]$/);
    assert.equal(await jsonpath('pv/pv-big', '{.status.phase}'), 'Available');
  });

  test('seed 000: WaitForFirstConsumer local PVs wait for a node, then bind the PV pinned to that node', async () => {
    assert.equal(await s.k('create', '-f', join(fixtures, 'local-storage.yml')), 'storageclass.storage.k8s.io/local-storage created\n');
    assert.equal(await s.k('create', '-f', join(fixtures, 'local-pv.yml')), 'persistentvolume/local-pv1 created\npersistentvolume/local-pv2 created\n');
    await apply(claim('www-web-0', { cls: 'local-storage' }));
    await eventually(async () => assert.match(await describeEvents('pvc/www-web-0'), /WaitForFirstConsumer\s+.*waiting for first consumer to be created before binding/), { timeoutMs: 10_000 });
    assert.equal(await phase('pvc/www-web-0'), 'Pending');
    // What the scheduler will do once it exists: pick a node for the claim's pod.
    await s.k('annotate', 'pvc', 'www-web-0', 'volume.kubernetes.io/selected-node=kube-node-2');
    await waitPhase('pvc/www-web-0', 'Bound');
    assert.equal(await jsonpath('pvc/www-web-0', '{.spec.volumeName}'), 'local-pv2');
    assert.equal(await phase('pv/local-pv1'), 'Available');
  });

  test('local-path: a claim without a class is provisioned on the selected node into a real directory, and deleted with it', async () => {
    await apply(claim('data'));
    assert.equal(await jsonpath('pvc/data', '{.spec.storageClassName}'), 'local-path');
    await eventually(async () => assert.match(await describeEvents('pvc/data'), /WaitForFirstConsumer\s+.*waiting for first consumer to be created before binding/), { timeoutMs: 10_000 });
    await s.k('annotate', 'pvc', 'data', `volume.kubernetes.io/selected-node=${node}`);
    await waitPhase('pvc/data', 'Bound');
    const uid = await jsonpath('pvc/data', '{.metadata.uid}');
    assert.equal(await jsonpath('pvc/data', '{.spec.volumeName}'), `pvc-${uid}`);
    const dir = join(s.dataDir, 'storage', `pvc-${uid}_default_data`);
    assert.equal(statSync(dir).mode & 0o777, 0o777);
    assert.equal(await jsonpath(`pv/pvc-${uid}`, '{.spec.hostPath.path} {.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]} {.spec.persistentVolumeReclaimPolicy} {.metadata.annotations.pv\\.kubernetes\\.io/provisioned-by}'), `${dir} ${node} Delete skiff.io/local-path`);
    const events = await describeEvents('pvc/data');
    assert.match(events, /ExternalProvisioning\s+.*Waiting for a volume to be created either by the external provisioner 'skiff\.io\/local-path'/);
    assert.match(events, /ProvisioningSucceeded\s+.*Successfully provisioned volume pvc-/);
    writeFileSync(join(dir, 'index.html'), 'hello');
    assert.equal(await s.k('delete', 'pvc', 'data'), 'persistentvolumeclaim "data" deleted\n');
    await gone(`pv/pvc-${uid}`);
    assert.equal(existsSync(dir), false);
  });

  test('Retain: data outlives the claim in a Released volume', async () => {
    await apply(storageClass('keep', { policy: 'Retain' }));
    await apply(claim('keep-data', { cls: 'keep' }));
    await s.k('annotate', 'pvc', 'keep-data', `volume.kubernetes.io/selected-node=${node}`);
    await waitPhase('pvc/keep-data', 'Bound');
    const pv = await jsonpath('pvc/keep-data', '{.spec.volumeName}');
    const dir = await jsonpath(`pv/${pv}`, '{.spec.hostPath.path}');
    writeFileSync(join(dir, 'keep.txt'), 'precious');
    await s.k('delete', 'pvc', 'keep-data');
    await waitPhase(`pv/${pv}`, 'Released');
    assert.match(await s.k('get', 'pv', pv), new RegExp(`${pv}\\s+1Gi\\s+RWO\\s+Retain\\s+Released\\s+default/keep-data\\s+keep`));
    assert.equal(readdirSync(dir).join(), 'keep.txt');
    await s.k('delete', 'pv', pv);
    assert.equal(existsSync(join(dir, 'keep.txt')), true);
  });

  test('Recycle: a hostPath volume is emptied and Available again', async () => {
    const dir = join(s.dataDir, 'hp', 'recycled');
    mkdirSync(dir, { recursive: true });
    await apply(hostPathPv('pv-recycle', dir, { policy: 'Recycle', size: '3Gi' }));
    await apply(claim('scratch', { cls: '', size: '3Gi' }));
    await waitPhase('pvc/scratch', 'Bound');
    assert.equal(await jsonpath('pvc/scratch', '{.spec.volumeName}'), 'pv-recycle');
    writeFileSync(join(dir, 'junk'), 'x');
    mkdirSync(join(dir, 'sub'));
    await s.k('delete', 'pvc', 'scratch');
    await eventually(async () => assert.equal(await jsonpath('pv/pv-recycle', '{.status.phase}/{.spec.claimRef}'), 'Available/'), { timeoutMs: 15_000 });
    assert.deepEqual(readdirSync(dir), []);
    assert.match(await describeEvents('pv/pv-recycle'), /VolumeRecycled\s+.*Volume recycled/);
  });

  test('Delete of a static local volume fails with the upstream reason', async () => {
    const dir = join(s.dataDir, 'hp', 'local-static');
    mkdirSync(dir, { recursive: true });
    await apply(JSON.stringify({
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-local-del' },
      spec: {
        capacity: { storage: '7Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'static-local', local: { path: dir },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
      },
    }));
    await apply(claim('local-del', { cls: 'static-local', size: '7Gi' }));
    await waitPhase('pvc/local-del', 'Bound');
    await s.k('delete', 'pvc', 'local-del');
    await waitPhase('pv/pv-local-del', 'Failed');
    assert.match(await describeEvents('pv/pv-local-del'), /VolumeFailedDelete\s+.*error getting deleter volume plugin for volume "pv-local-del": no deletable volume plugin matched/);
    assert.equal(existsSync(dir), true);
  });

  test('kubectl describe pvc explains every Pending claim', async () => {
    await apply(claim('no-class', { cls: '', size: '100Gi' }));
    await apply(storageClass('immediate-lp', { mode: 'Immediate' }));
    await s.k('create', '-f', join(fixtures, 'nfs-storageclass.yaml'));
    await apply(claim('ext', { cls: 'nfs-data-db' }), claim('ghost', { cls: 'ghost' }), claim('lp-now', { cls: 'immediate-lp' }), claim('elsewhere'));
    await s.k('annotate', 'pvc', 'elsewhere', 'volume.kubernetes.io/selected-node=no-such-node');
    const expect: [string, RegExp][] = [
      ['no-class', /FailedBinding\s+.*no persistent volumes available for this claim and no storage class is set/],
      ['ext', /ExternalProvisioning\s+.*Waiting for a volume to be created either by the external provisioner 'fuseim\.pri\/ifs' or manually by the system administrator/],
      ['ghost', /ProvisioningFailed\s+.*storageclass\.storage\.k8s\.io "ghost" not found/],
      ['lp-now', /ProvisioningFailed\s+.*Failed to provision volume with StorageClass "immediate-lp": configuration error, no node was specified/],
      ['elsewhere', /ProvisioningFailed\s+.*Failed to provision volume with StorageClass "local-path": node "no-such-node" is not served by a local volume host/],
    ];
    for (const [name, re] of expect) {
      await eventually(async () => assert.match(await describeEvents(`pvc/${name}`), re), { timeoutMs: 10_000, message: name });
      assert.equal(await phase(`pvc/${name}`), 'Pending');
    }
    // A failed provisioning gives the node back so a scheduler can choose again.
    assert.equal(await jsonpath('pvc/elsewhere', '{.metadata.annotations.volume\\.kubernetes\\.io/selected-node}'), '');
  });

  test('an external provisioner (seed 003 nfs-client style) completes a claim by creating its PV', async () => {
    await apply(claim('nfs-pvc02', { cls: 'nfs-data-db' }));
    await eventually(async () => assert.equal(await jsonpath('pvc/nfs-pvc02', '{.metadata.annotations.volume\\.kubernetes\\.io/storage-provisioner}'), 'fuseim.pri/ifs'));
    const uid = await jsonpath('pvc/nfs-pvc02', '{.metadata.uid}');
    await apply(JSON.stringify({
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pvc-${uid}`, annotations: { 'pv.kubernetes.io/provisioned-by': 'fuseim.pri/ifs' } },
      spec: {
        capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'nfs-data-db',
        claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'default', name: 'nfs-pvc02', uid }, nfs: { server: '10.0.0.1', path: `/data/default-nfs-pvc02-pvc-${uid}` },
      },
    }));
    await waitPhase('pvc/nfs-pvc02', 'Bound');
    assert.match(await s.k('get', 'pvc', 'nfs-pvc02'), new RegExp(`nfs-pvc02\\s+Bound\\s+pvc-${uid}\\s+1Gi\\s+RWO\\s+nfs-data-db`));
    assert.equal(await jsonpath(`pv/pvc-${uid}`, '{.metadata.annotations.pv\\.kubernetes\\.io/bound-by-controller}'), '');
    // Delete policy of an external provisioner's volume: released and left to that provisioner.
    await s.k('delete', 'pvc', 'nfs-pvc02');
    await waitPhase(`pv/pvc-${uid}`, 'Released');
  });

  test('pvc-protection keeps a claim used by a scheduled pod; pv-protection keeps a bound volume', async () => {
    await apply(hostPathPv('pv-guarded', join(s.dataDir, 'hp', 'guarded'), { size: '2Gi' }), claim('guarded', { cls: '', size: '2Gi' }));
    await waitPhase('pvc/guarded', 'Bound');
    await apply(JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'user' },
      spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'guarded' } }] },
    }));
    assert.equal(await s.k('delete', 'pvc', 'guarded', '--wait=false'), 'persistentvolumeclaim "guarded" deleted\n');
    assert.equal(await s.k('delete', 'pv', 'pv-guarded', '--wait=false'), 'persistentvolume "pv-guarded" deleted\n');
    await eventually(async () => assert.match(await s.k('get', 'pvc', 'guarded'), /guarded\s+Terminating\s+pv-guarded\s+2Gi/));
    assert.match(await s.k('get', 'pv', 'pv-guarded'), /pv-guarded\s+2Gi\s+RWO\s+Retain\s+Terminating\s+default\/guarded/);
    assert.equal(await phase('pvc/guarded'), 'Bound');
    await s.k('delete', 'pod', 'user', '--grace-period=0', '--force');
    await gone('pvc/guarded');
    await gone('pv/pv-guarded');
  });

  test('expansion: a local-path claim grows; a class without allowVolumeExpansion is forbidden; shrinking is rejected', async () => {
    await apply(claim('grow'));
    await s.k('annotate', 'pvc', 'grow', `volume.kubernetes.io/selected-node=${node}`);
    await waitPhase('pvc/grow', 'Bound');
    const pv = await jsonpath('pvc/grow', '{.spec.volumeName}');
    assert.equal(await s.k('patch', 'pvc', 'grow', '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}'), 'persistentvolumeclaim/grow patched\n');
    await eventually(async () => assert.equal(await jsonpath('pvc/grow', '{.status.capacity.storage}'), '2Gi'), { timeoutMs: 15_000 });
    assert.equal(await jsonpath(`pv/${pv}`, '{.spec.capacity.storage}'), '2Gi');
    await eventually(async () => assert.match(await describeEvents('pvc/grow'), /VolumeResizeSuccessful\s+.*Resize volume succeeded/));
    const shrink = await s.kubectl(['patch', 'pvc', 'grow', '-p', '{"spec":{"resources":{"requests":{"storage":"1Gi"}}}}']);
    assert.equal(shrink.code, 1);
    assert.match(shrink.stderr, /The PersistentVolumeClaim "grow" is invalid: spec\.resources\.requests\.storage: Forbidden: field can not be less than status\.capacity/);
    // A static volume in a class that does not allow expansion.
    await apply(storageClass('fixed', { provisioner: 'kubernetes.io/no-provisioner', mode: 'Immediate' }));
    await apply(JSON.stringify({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-fixed' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'fixed', hostPath: { path: join(s.dataDir, 'hp', 'fixed') } } }));
    await apply(claim('fixed-claim', { cls: 'fixed' }));
    await waitPhase('pvc/fixed-claim', 'Bound');
    const r = await s.kubectl(['patch', 'pvc', 'fixed-claim', '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Error from server (Forbidden): persistentvolumeclaims "fixed-claim" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
  });
});

describe('binds interrupted by SIGKILL complete after a restart', { skip }, () => {
  test('200 claims against 200 volumes: every claim ends Bound to its own volume, both sides consistent', async () => {
    let s = await startSkiff({ agent: true, args: ['--node-name', node], keepDataDir: true });
    const dataDir = s.dataDir;
    try {
      const n = 200;
      const docs: object[] = [];
      for (let i = 0; i < n; i++) {
        docs.push({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pv-${i}` }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', nfs: { server: '10.0.0.1', path: `/e/${i}` } } });
      }
      for (let i = 0; i < n; i++) docs.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `c-${i}` }, spec: { storageClassName: 'manual', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
      const r = await s.kubectl(['create', '-f', '-'], { input: yamlStream(docs.map((d) => JSON.stringify(d))), timeoutMs: 120_000 });
      assert.equal(r.code, 0, r.stderr);
      await eventually(async () => {
        const bound = (await s.k('get', 'pv', '-o', 'jsonpath={.items[*].status.phase}')).split(' ').filter((p) => p === 'Bound').length;
        assert.ok(bound >= 10, `only ${bound} bound`);
      }, { timeoutMs: 30_000, intervalMs: 5 });
      await s.stop('SIGKILL');
      s = await startSkiff({ agent: true, dataDir, args: ['--node-name', node] });
      await eventually(async () => {
        const phases = (await s.k('get', 'pvc', '-o', 'jsonpath={.items[*].status.phase}')).split(' ');
        assert.equal(phases.filter((p) => p === 'Bound').length, n);
      }, { timeoutMs: 60_000 });
      const pvs = JSON.parse(await s.k('get', 'pv', '-o', 'json')) as { items: { metadata: { name: string }; spec: { claimRef?: { name: string; uid: string } }; status: { phase: string } }[] };
      const pvcs = JSON.parse(await s.k('get', 'pvc', '-o', 'json')) as { items: { metadata: { name: string; uid: string }; spec: { volumeName: string } }[] };
      const byName = new Map(pvs.items.map((v) => [v.metadata.name, v]));
      const used = new Set<string>();
      for (const c of pvcs.items) {
        const v = byName.get(c.spec.volumeName);
        assert.ok(v, `${c.metadata.name} names a missing volume ${c.spec.volumeName}`);
        assert.equal(v.spec.claimRef?.uid, c.metadata.uid, `${v.metadata.name} points back at ${c.metadata.name}`);
        assert.equal(v.status.phase, 'Bound');
        assert.ok(!used.has(v.metadata.name), `${v.metadata.name} bound twice`);
        used.add(v.metadata.name);
      }
    } finally {
      await s.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
