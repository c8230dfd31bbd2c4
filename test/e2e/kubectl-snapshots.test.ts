// e2e: the built-in snapshot.storage.k8s.io/v1 API through the real kubectl, on simulated nodes: discovery and
// short names, `kubectl explain`, upstream's printer columns, validation with the CRDs' messages, one default
// class per driver, RBAC aggregation to edit and view, upstream's snapshot CRDs applied on top (accepted, never
// served: the built-in group keeps serving, deleting the CRD deletes nothing), and the scheduler placing restores
// and clones of local-path claims on the node holding their source (simulated nodes copy nothing).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

/** A CRD as external-snapshotter ships one for these kinds (schema abridged to what the test needs). */
const upstreamCrd = (plural: string, kind: string, scope: 'Namespaced' | 'Cluster', shortNames: string[]): object => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.snapshot.storage.k8s.io`, annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes-csi/external-snapshotter/pull/814' } },
  spec: {
    group: 'snapshot.storage.k8s.io', scope,
    names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), shortNames },
    versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
});

describe('the built-in snapshot API through kubectl', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--disable-agent', '--simulated-nodes', '3'] }); });
  after(async () => { await s?.stop(); });

  const create = async (doc: object): Promise<{ code: number; stderr: string }> => s.kubectl(['create', '-f', '-'], { input: JSON.stringify(doc) });
  const snapshot = (name: string, source: Record<string, unknown>, extra: Record<string, unknown> = {}): object =>
    ({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name }, spec: { source, ...extra } });

  test('discovery lists the three kinds with upstream\'s short names; explain describes them', async () => {
    const resources = await s.k('api-resources', '--api-group', 'snapshot.storage.k8s.io', '--no-headers');
    assert.match(resources, /^volumesnapshotclasses\s+vsclass,vsclasses\s+snapshot.storage.k8s.io\/v1\s+false\s+VolumeSnapshotClass$/m);
    assert.match(resources, /^volumesnapshotcontents\s+vsc,vscs\s+snapshot.storage.k8s.io\/v1\s+false\s+VolumeSnapshotContent$/m);
    assert.match(resources, /^volumesnapshots\s+vs\s+snapshot.storage.k8s.io\/v1\s+true\s+VolumeSnapshot$/m);
    const explain = await s.k('explain', 'volumesnapshot.spec.source');
    assert.match(explain, /GROUP:\s+snapshot.storage.k8s.io\nKIND:\s+VolumeSnapshot\nVERSION:\s+v1/);
    assert.match(explain, /persistentVolumeClaimName\s+<string>/);
    assert.match(await s.k('explain', 'vsc.status.creationTime'), /FIELD: creationTime <integer>/);
  });

  test('kubectl get prints upstream\'s columns; the default local-path class exists', async () => {
    assert.match(await s.k('get', 'vsclass'), /^NAME\s+DRIVER\s+DELETIONPOLICY\s+AGE\nlocal-path\s+skiff.io\/local-path\s+Delete\s+\S+\n$/);
    assert.equal((await create(snapshot('pending', { persistentVolumeClaimName: 'absent' }))).code, 0);
    assert.match(await s.k('get', 'vs'), /^NAME\s+READYTOUSE\s+SOURCEPVC\s+SOURCESNAPSHOTCONTENT\s+RESTORESIZE\s+SNAPSHOTCLASS\s+SNAPSHOTCONTENT\s+CREATIONTIME\s+AGE\npending\s+false\s+absent\s+/);
    // No claim: upstream's error on the snapshot and an event.
    await eventually(async () => assert.match(await s.k('get', 'vs', 'pending', '-o', 'jsonpath={.status.error.message}'), /^Failed to create snapshot content with error .*failed to retrieve PVC absent from the lister/), { timeoutMs: 10_000 });
    assert.match(await s.k('describe', 'vs', 'pending'), /Warning\s+SnapshotContentCreationFailed/);
  });

  test('kubectl apply (client-side and server-side) of a VolumeSnapshotClass is idempotent', async () => {
    const doc = JSON.stringify({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: 'applied' }, driver: 'csi.example.com', deletionPolicy: 'Retain', parameters: { tier: 'cold' } });
    assert.equal((await s.kubectl(['apply', '-f', '-'], { input: doc })).stdout, 'volumesnapshotclass.snapshot.storage.k8s.io/applied created\n');
    assert.equal((await s.kubectl(['apply', '-f', '-'], { input: doc })).stdout, 'volumesnapshotclass.snapshot.storage.k8s.io/applied unchanged\n');
    const changed = doc.replace('"cold"', '"warm"');
    assert.equal((await s.kubectl(['apply', '-f', '-'], { input: changed })).stdout, 'volumesnapshotclass.snapshot.storage.k8s.io/applied configured\n');
    assert.equal(await s.k('get', 'vsclass', 'applied', '-o', 'jsonpath={.parameters.tier}'), 'warm');
    const ssa = changed.replace('"applied"', '"ssa-applied"');
    for (let i = 0; i < 2; i++) assert.equal((await s.kubectl(['apply', '--server-side', '-f', '-'], { input: ssa })).stdout, 'volumesnapshotclass.snapshot.storage.k8s.io/ssa-applied serverside-applied\n');
    assert.equal(await s.k('get', 'vsclass', 'ssa-applied', '-o', 'jsonpath={.parameters.tier}'), 'warm');
  });

  test('validation answers with the CRDs\' messages', async () => {
    const both = await create(snapshot('both', { persistentVolumeClaimName: 'a', volumeSnapshotContentName: 'b' }));
    assert.equal(both.stderr.trim(), 'The VolumeSnapshot "both" is invalid: spec.source: Invalid value: "object": exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set');
    const empty = await create(snapshot('empty', { persistentVolumeClaimName: 'a' }, { volumeSnapshotClassName: '' }));
    assert.match(empty.stderr, /spec.volumeSnapshotClassName: Invalid value: "": volumeSnapshotClassName must not be the empty string when set/);
    const content = await create({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotContent', metadata: { name: 'c' }, spec: { deletionPolicy: 'Keep', driver: 'd', source: {}, volumeSnapshotRef: { name: 'x' } } });
    assert.match(content.stderr, /spec.deletionPolicy: Unsupported value: "Keep": supported values: "Delete", "Retain"/);
    assert.match(content.stderr, /spec.source: Invalid value: "object": exactly one of volumeHandle and snapshotHandle must be set/);
    assert.match(content.stderr, /spec: Invalid value: "object": both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set/);
    const patched = await s.kubectl(['patch', 'vs', 'pending', '--type=merge', '-p', '{"spec":{"source":{"persistentVolumeClaimName":"other"}}}']);
    assert.match(patched.stderr, /spec.source.persistentVolumeClaimName: Invalid value: "other": persistentVolumeClaimName is immutable/);
  });

  test('a driver has one default VolumeSnapshotClass', async () => {
    const second = await create({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: 'second', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } }, driver: 'skiff.io/local-path', deletionPolicy: 'Retain' });
    assert.equal(second.stderr.trim(), 'Error from server (Forbidden): error when creating "STDIN": volumesnapshotclasses.snapshot.storage.k8s.io "second" is forbidden: default snapshot class: local-path already exits for driver: skiff.io/local-path');
    const other = await create({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: 'other-driver', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } }, driver: 'csi.example.com', deletionPolicy: 'Delete' });
    assert.equal(other.code, 0, other.stderr);
  });

  test('edit may manage VolumeSnapshots, view may read them, neither may touch contents', async () => {
    await s.k('create', 'rolebinding', 'editor', '--clusterrole=edit', '--user=ed', '--namespace=default');
    await s.k('create', 'rolebinding', 'viewer', '--clusterrole=view', '--user=vi', '--namespace=default');
    await eventually(async () => assert.equal((await s.kubectl(['auth', 'can-i', 'create', 'volumesnapshots', '--as=ed'])).stdout, 'yes\n'), { timeoutMs: 10_000 });
    assert.equal((await s.kubectl(['auth', 'can-i', 'delete', 'volumesnapshots.snapshot.storage.k8s.io', '--as=ed'])).stdout, 'yes\n');
    assert.equal((await s.kubectl(['auth', 'can-i', 'list', 'volumesnapshots', '--as=vi'])).stdout, 'yes\n');
    assert.equal((await s.kubectl(['auth', 'can-i', 'create', 'volumesnapshots', '--as=vi'])).stdout, 'no\n');
    assert.equal((await s.kubectl(['auth', 'can-i', 'create', 'volumesnapshotcontents', '--as=ed'])).stdout, 'no\n');
  });

  test('a WaitForFirstConsumer restore or clone goes to the node holding its source, against the scheduler\'s spreading', async () => {
    const claimDoc = (name: string, dataSource?: object): object => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(dataSource ? { dataSource } : {}) } });
    const podDoc = (name: string, claimName: string, node?: string): object => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name },
      spec: { ...(node ? { nodeSelector: { 'kubernetes.io/hostname': node } } : {}), containers: [{ name: 'c', image: 'busybox' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName } }] },
    });
    const nodeOf = (pod: string): Promise<string> => s.k('get', 'pod', pod, '-o', 'jsonpath={.spec.nodeName}');
    for (const doc of [claimDoc('placed'), podDoc('placed-user', 'placed', 'node-2')]) assert.equal((await create(doc)).code, 0);
    await eventually(async () => assert.equal(await s.k('get', 'pvc', 'placed', '-o', 'jsonpath={.status.phase}'), 'Bound'), { timeoutMs: 20_000 });
    assert.equal((await create(snapshot('placed-snap', { persistentVolumeClaimName: 'placed' }))).code, 0);
    await eventually(async () => assert.equal(await s.k('get', 'vs', 'placed-snap', '-o', 'jsonpath={.status.readyToUse}'), 'true'), { timeoutMs: 20_000 });
    assert.match(await s.k('get', 'vsc', await s.k('get', 'vs', 'placed-snap', '-o', 'jsonpath={.status.boundVolumeSnapshotContentName}'), '-o', 'jsonpath={.status.snapshotHandle}'), /^node-2:\/.*\/snapshots\/snapcontent-/);
    // Least-allocated scoring would choose node-1 or node-3 (node-2 runs a pod already): only the data source pins them.
    for (let i = 0; i < 3; i++) {
      for (const doc of [claimDoc(`restore-${i}`, { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'placed-snap' }), podDoc(`restore-user-${i}`, `restore-${i}`)]) assert.equal((await create(doc)).code, 0);
      for (const doc of [claimDoc(`clone-${i}`, { kind: 'PersistentVolumeClaim', name: 'placed' }), podDoc(`clone-user-${i}`, `clone-${i}`)]) assert.equal((await create(doc)).code, 0);
    }
    for (let i = 0; i < 3; i++) {
      for (const what of ['restore', 'clone']) {
        await eventually(async () => assert.equal(await s.k('get', 'pvc', `${what}-${i}`, '-o', 'jsonpath={.status.phase}'), 'Bound'), { timeoutMs: 20_000 });
        assert.equal(await nodeOf(`${what}-user-${i}`), 'node-2', `${what}-user-${i}`);
        const pv = await s.k('get', 'pvc', `${what}-${i}`, '-o', 'jsonpath={.spec.volumeName}');
        assert.equal(await s.k('get', 'pv', pv, '-o', 'jsonpath={.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]}'), 'node-2');
      }
    }
    // A restore of a snapshot not ready yet (its claim is not bound) waits, then follows the snapshot to its node.
    for (const doc of [claimDoc('late'), snapshot('late-snap', { persistentVolumeClaimName: 'late' }), claimDoc('late-restore', { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'late-snap' }), podDoc('late-restore-user', 'late-restore')]) {
      assert.equal((await create(doc)).code, 0);
    }
    await eventually(async () => assert.match(await s.k('get', 'pod', 'late-restore-user', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].message}'),
      /persistentvolumeclaim "late-restore" waits for its data source to be ready/), { timeoutMs: 20_000 });
    assert.match(await s.k('get', 'vs', 'late-snap', '-o', 'jsonpath={.status.error.message}'), /the PVC late is not yet bound to a PV, will not attempt to take a snapshot/);
    assert.equal((await create(podDoc('late-user', 'late', 'node-3'))).code, 0);
    await eventually(async () => assert.equal(await s.k('get', 'pvc', 'late-restore', '-o', 'jsonpath={.status.phase}'), 'Bound'), { timeoutMs: 30_000 });
    assert.equal(await nodeOf('late-restore-user'), 'node-3');
    assert.equal(await s.k('get', 'vs', 'late-snap', '-o', 'jsonpath={.status.readyToUse}{.status.error}'), 'true');
    // A pod whose claim's source is on a node it may not use stays Pending with the reason.
    for (const doc of [claimDoc('stuck', { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'placed-snap' }), podDoc('stuck-user', 'stuck', 'node-3')]) assert.equal((await create(doc)).code, 0);
    await eventually(async () => assert.match(await s.k('get', 'pod', 'stuck-user', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].message}'),
      /0\/3 nodes are available: .*1 node\(s\) didn't hold the data source of the pod's volume claims/), { timeoutMs: 20_000 });
  });

  test('a snapshot of a volume on a node nobody serves reports it on the content and the snapshot', async () => {
    const pv = {
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'ghost-pv', annotations: { 'pv.kubernetes.io/provisioned-by': 'skiff.io/local-path' } },
      spec: {
        capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: '', hostPath: { path: '/var/lib/skiff/storage/ghost' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['ghost'] }] }] } },
      },
    };
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'ghost' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', volumeName: 'ghost-pv', resources: { requests: { storage: '1Gi' } } } };
    for (const doc of [pv, pvc]) assert.equal((await create(doc)).code, 0);
    await eventually(async () => assert.equal(await s.k('get', 'pvc', 'ghost', '-o', 'jsonpath={.status.phase}'), 'Bound'), { timeoutMs: 20_000 });
    assert.equal((await create(snapshot('ghost-snap', { persistentVolumeClaimName: 'ghost' }))).code, 0);
    const want = 'Failed to check and update snapshot content: failed to take snapshot of the volume ghost-pv: node "ghost" is not served by a local volume host';
    await eventually(async () => assert.equal(await s.k('get', 'vs', 'ghost-snap', '-o', 'jsonpath={.status.error.message}'), want), { timeoutMs: 20_000 });
    const content = await s.k('get', 'vs', 'ghost-snap', '-o', 'jsonpath={.status.boundVolumeSnapshotContentName}');
    assert.equal(await s.k('get', 'vsc', content, '-o', 'jsonpath={.status.readyToUse} {.status.error.message}'), `false ${want}`);
    assert.match(await s.k('describe', 'vsc', content), /Warning\s+SnapshotCreationFailed\s+\S+\s+csi-snapshotter skiff.io\/local-path\s+Failed to check and update snapshot content/);
  });

  test('upstream\'s snapshot CRDs are accepted but the built-in group keeps serving; deleting them deletes nothing', async () => {
    for (const crd of [upstreamCrd('volumesnapshots', 'VolumeSnapshot', 'Namespaced', ['vs']), upstreamCrd('volumesnapshotcontents', 'VolumeSnapshotContent', 'Cluster', ['vsc', 'vscs']), upstreamCrd('volumesnapshotclasses', 'VolumeSnapshotClass', 'Cluster', ['vsclass', 'vsclasses'])]) {
      const r = await s.kubectl(['apply', '-f', '-'], { input: JSON.stringify(crd) });
      assert.equal(r.code, 0, r.stderr);
    }
    const waited = await s.kubectl(['wait', '--for=condition=Established', 'crd/volumesnapshots.snapshot.storage.k8s.io', '--timeout=20s']);
    assert.equal(waited.code, 0, waited.stderr);
    // Still the built-in: its validation (the CRD's schema would preserve anything) and its columns.
    const bad = await create(snapshot('bad', {}));
    assert.match(bad.stderr, /exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set/);
    assert.match(await s.k('get', 'vs'), /^NAME\s+READYTOUSE\s+SOURCEPVC/);
    const groups = (await s.k('api-resources', '--api-group', 'snapshot.storage.k8s.io', '--no-headers')).trim().split('\n');
    assert.equal(groups.length, 3, groups.join('\n'));
    await s.k('delete', 'crd', 'volumesnapshots.snapshot.storage.k8s.io', '--timeout=20s');
    assert.match(await s.k('get', 'vs', 'pending', '-o', 'name'), /^volumesnapshot.snapshot.storage.k8s.io\/pending\n$/);
  });
});
